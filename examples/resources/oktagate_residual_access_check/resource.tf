# Nobody suspended or deprovisioned keeps an app or a group for more than a
# day after their status changed.
resource "oktagate_residual_access_check" "org" {}

# Deprovisioned users only, a week's grace, and the group the offboarding
# workflow parks leavers in does not count.
resource "oktagate_residual_access_check" "deprovisioned" {
  statuses          = ["DEPROVISIONED"]
  grace_period      = "7d"
  exclude_group_ids = ["00g1009Parking000001"]

  exception {
    subject = "mallory@example.com"
    reason  = "Legal hold on her Salesforce records until the case closes (LEGAL-42)"
    expires = "2027-03-31"
  }
}
