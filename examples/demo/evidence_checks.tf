# The checks auditors ask for next, over the demo org: password, session and
# authentication policies, stale accounts, admin roles and API tokens. They
# use the same `enforcement` variable as checks.tf.

# Every active password policy meets the defaults (12 characters, one of each
# character class, common passwords refused, lockout within 10 attempts). The
# contractors' legacy policy does not.
resource "oktagate_password_policy_check" "all" {
  enforcement = var.enforcement
}

# Sign-in rules require MFA and end idle sessions within two hours: the
# admins' rule passes, the default rule keeps 12-hour idle sessions without MFA.
resource "oktagate_session_policy_check" "all" {
  enforcement = var.enforcement
}

# The Okta Dashboard and Okta Admin Console authentication policies require
# two factors: the Admin Console's does (phishing-resistant, too); the
# Dashboard's catch-all rule lets a password alone in.
resource "oktagate_authentication_policy_check" "okta_apps" {
  enforcement = var.enforcement
}

# Nobody who can sign in has gone 90 days without doing so.
resource "oktagate_inactive_users_check" "staff" {
  enforcement       = var.enforcement
  exclude_group_ids = [local.group_ids["Service Accounts"]]
}

# Admin roles as approved. The Okta Administrators group is approved for
# ORG_ADMIN, so its members are not judged one by one; the suspended Trent's
# role and the HR Sync app's ORG_ADMIN are not approved.
resource "oktagate_admin_roles_check" "admins" {
  enforcement = var.enforcement
  approved = [
    { subject = "alice@acme.com", roles = ["SUPER_ADMIN"] },
    { subject = "bob@acme.com", roles = ["SUPER_ADMIN"] },
    { subject = "grace@acme.com", roles = ["SUPER_ADMIN"] },
    { subject = "heidi@acme.com", roles = ["ORG_ADMIN"] },
    { subject = "ivan@acme.com", roles = ["APP_ADMIN"] },
    { subject = "judy@acme.com", roles = ["HELP_DESK_ADMIN", "REPORT_ADMIN"] },
    { subject = "kevin@acme.com", roles = ["READ_ONLY_ADMIN"] },
    { subject = "svc-compliance@acme.com", roles = ["READ_ONLY_ADMIN"] },
    { subject = "Okta Administrators", roles = ["ORG_ADMIN"] },
    { subject = "Compliance Scanner", roles = ["READ_ONLY_ADMIN"] },
  ]
}

# API tokens are restricted to network zones, not about to expire, and owned
# by active users with read-only rights: only the compliance scanner's passes.
resource "oktagate_api_token_check" "tokens" {
  enforcement = var.enforcement
}
