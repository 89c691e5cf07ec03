# Nobody who can sign in has gone 90 days without doing so.
resource "oktagate_inactive_users_check" "staff" {
  exclude_group_ids = ["00g1008ServiceAccts1"]
}

# The DISA Okta IDaaS STIG's 35 days.
resource "oktagate_inactive_users_check" "stig" {
  max_inactive_days = 35

  exception {
    subject = "yuki@example.com"
    reason  = "Parental leave until August (HR-311)"
    expires = "2027-08-31"
  }
}
