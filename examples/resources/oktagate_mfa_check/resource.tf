data "oktagate_groups" "service_accounts" {
  q = "Service Accounts"
}

# Every person who can sign in has at least one ACTIVE factor other than a
# security question; the plan fails otherwise.
resource "oktagate_mfa_check" "all_staff" {
  exclude_group_ids = [for g in data.oktagate_groups.service_accounts.groups : g.id]

  exception {
    subject = "erin@acme.com"
    reason  = "On parental leave; enrols a security key on return (SEC-1423)"
    expires = "2027-03-31"
  }
}

# Administrators need two phishing-resistant factors (WebAuthn, U2F or FastPass).
resource "oktagate_mfa_check" "admins" {
  group_ids          = ["00g1007IG86mlTj5Do33"]
  phishing_resistant = true
  min_factors        = 2
  enforcement        = "warn" # report while the rollout is under way
}

output "mfa_gate" {
  value = {
    status     = oktagate_mfa_check.all_staff.status
    violations = [for v in oktagate_mfa_check.all_staff.violations : "${v.subject}: ${v.reason}"]
  }
}
