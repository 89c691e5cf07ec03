# Offboard everyone the offboarding check finds still holding access: one
# action instance per violation. Review the plan, then invoke each:
#   terraform apply -invoke='action.oktagate_offboard_user.leavers["00u…"]'
resource "oktagate_offboarding_check" "leavers" {
  enforcement = "warn"
  offboarded = [
    { login = "leo@acme.com", date = "2026-11-01" },
  ]
}

action "oktagate_offboard_user" "leavers" {
  for_each = { for v in oktagate_offboarding_check.leavers.violations : v.subject_id => v.reason }

  config {
    user = each.key
  }
}

# Or keep the account, suspended, for a legal hold.
action "oktagate_offboard_user" "legal_hold" {
  config {
    user         = "oscar@acme.com"
    final_status = "SUSPENDED"
  }
}
