# Every check the provider registers, in "warn" mode so that the plan succeeds
# and is saved whatever the generated org's violations.

resource "oktagate_mfa_check" "everyone" {
  enforcement       = "warn"
  exclude_group_ids = [local.group_ids["Service Accounts"]]
}

resource "oktagate_mfa_check" "admins" {
  enforcement        = "warn"
  group_ids          = [local.group_ids["Admins"]]
  phishing_resistant = true
  min_factors        = 2
}

resource "oktagate_offboarding_check" "leavers" {
  enforcement = "warn"
  offboarded  = var.offboarded
}

resource "oktagate_unique_email_check" "people" {
  enforcement     = "warn"
  allowed_domains = ["globex.com"]
}

resource "oktagate_access_review" "reviewed_app" {
  enforcement        = "warn"
  app_id             = local.app_ids[var.review_app_label]
  approved_group_ids = [local.group_ids[var.review_group_name]]
  reviewed_by        = "admin@globex.com"
  reviewed_on        = var.reviewed_on
}

resource "oktagate_scope_check" "integrations" {
  enforcement = "warn"
}

resource "oktagate_inactive_users_check" "dormant" {
  enforcement = "warn"
}

resource "oktagate_admin_roles_check" "admins" {
  enforcement = "warn"
}

resource "oktagate_api_token_check" "tokens" {
  enforcement = "warn"
}

resource "oktagate_password_policy_check" "passwords" {
  enforcement = "warn"
}

resource "oktagate_session_policy_check" "sessions" {
  enforcement = "warn"
}
