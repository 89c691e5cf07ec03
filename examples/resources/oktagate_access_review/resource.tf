data "oktagate_apps" "salesforce" {
  q = "Salesforce"
}

data "oktagate_groups" "sales" {
  q = "Sales"
}

# The quarterly review of who may use Salesforce: the Sales group and one
# named analyst. Any other assignment fails the plan, and so does the review
# itself once it is more than 90 days old.
resource "oktagate_access_review" "salesforce" {
  app_id             = one([for a in data.oktagate_apps.salesforce.apps : a.id if a.label == "Salesforce"])
  approved_group_ids = [for g in data.oktagate_groups.sales.groups : g.id if g.name == "Sales"]
  approved_users     = ["riley@acme.com"]
  reviewed_by        = "vp-sales@acme.com"
  reviewed_on        = "2026-10-01"
}
