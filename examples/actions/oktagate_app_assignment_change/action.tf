# Take Salesforce away from Leo, give it to Nina.
action "oktagate_app_assignment_change" "salesforce" {
  config {
    app_id   = "0oa1a2b3c4d5e6f7g8h9"
    assign   = ["nina@acme.com"]
    unassign = ["leo@acme.com"]
  }
}
