# Everyone who can sign in, with their factors and groups.
data "oktagate_users" "active" {
  statuses        = ["ACTIVE", "PASSWORD_EXPIRED", "LOCKED_OUT", "RECOVERY"]
  include_factors = true
  include_groups  = true
}

# Engineering, by Okta search expression (matches every status).
data "oktagate_users" "engineering" {
  search = "profile.department eq \"Engineering\""
}

# Members of one group, deprovisioned ones included.
data "oktagate_users" "contractors" {
  group_id = "00g1a2b3c4d5e6f7g8h9"
  statuses = ["ACTIVE", "SUSPENDED", "DEPROVISIONED"]
}

output "users_without_active_factor" {
  value = [
    for u in data.oktagate_users.active.users : u.login
    if length([for f in u.factors : f if f.status == "ACTIVE"]) == 0
  ]
}
