# Every check the provider registers, in "warn" mode so that the plan succeeds
# and is saved whatever the generated org's violations, each planned after the
# snapshot (main.tf) so that it reads the org from there.

resource "oktagate_mfa_check" "everyone" {
  enforcement       = "warn"
  depends_on        = [oktagate_snapshot.org]
  exclude_group_ids = [local.group_ids["Service Accounts"]]
}

resource "oktagate_mfa_check" "admins" {
  enforcement        = "warn"
  depends_on         = [oktagate_snapshot.org]
  group_ids          = [local.group_ids["Admins"]]
  phishing_resistant = true
  min_factors        = 2
}

resource "oktagate_offboarding_check" "leavers" {
  enforcement = "warn"
  depends_on  = [oktagate_snapshot.org]
  offboarded  = var.offboarded
}

resource "oktagate_unique_email_check" "people" {
  enforcement     = "warn"
  depends_on      = [oktagate_snapshot.org]
  allowed_domains = ["globex.com"]
}

resource "oktagate_access_review" "reviewed_app" {
  enforcement        = "warn"
  depends_on         = [oktagate_snapshot.org]
  app_id             = local.app_ids[var.review_app_label]
  approved_group_ids = [local.group_ids[var.review_group_name]]
  reviewed_by        = "admin@globex.com"
  reviewed_on        = var.reviewed_on
}

resource "oktagate_scope_check" "integrations" {
  enforcement = "warn"
  depends_on  = [oktagate_snapshot.org]
}

resource "oktagate_inactive_users_check" "dormant" {
  enforcement = "warn"
  depends_on  = [oktagate_snapshot.org]
}

resource "oktagate_admin_roles_check" "admins" {
  enforcement = "warn"
  depends_on  = [oktagate_snapshot.org]
}

resource "oktagate_api_token_check" "tokens" {
  enforcement = "warn"
  depends_on  = [oktagate_snapshot.org]
}

resource "oktagate_password_policy_check" "passwords" {
  enforcement = "warn"
  depends_on  = [oktagate_snapshot.org]
}

resource "oktagate_session_policy_check" "sessions" {
  enforcement                    = "warn"
  max_admin_console_idle_minutes = 15
  depends_on                     = [oktagate_snapshot.org]
}

resource "oktagate_authentication_policy_check" "okta_apps" {
  enforcement = "warn"
  depends_on  = [oktagate_snapshot.org]
}

resource "oktagate_network_zone_check" "anonymizers" {
  enforcement = "warn"
  depends_on  = [oktagate_snapshot.org]
}

resource "oktagate_authenticator_check" "phishing_resistant" {
  enforcement    = "warn"
  require_active = ["webauthn"]
  depends_on     = [oktagate_snapshot.org]
}

resource "oktagate_log_stream_check" "siem" {
  enforcement = "warn"
  depends_on  = [oktagate_snapshot.org]
}

resource "oktagate_trusted_origin_check" "origins" {
  enforcement = "warn"
  depends_on  = [oktagate_snapshot.org]
}

resource "oktagate_app_sign_on_check" "apps" {
  enforcement = "warn"
  depends_on  = [oktagate_snapshot.org]
}

resource "oktagate_threat_insight_check" "threats" {
  enforcement = "warn"
  depends_on  = [oktagate_snapshot.org]
}

resource "oktagate_behavior_detection_check" "behaviors" {
  enforcement = "warn"
  depends_on  = [oktagate_snapshot.org]
}

resource "oktagate_residual_access_check" "leavers" {
  enforcement = "warn"
  depends_on  = [oktagate_snapshot.org]
}

resource "oktagate_privileged_accounts_check" "admins" {
  enforcement = "warn"
  depends_on  = [oktagate_snapshot.org]
}

resource "oktagate_factor_enrollment_check" "enrollment" {
  enforcement = "warn"
  depends_on  = [oktagate_snapshot.org]
}

resource "oktagate_device_assurance_check" "devices" {
  enforcement = "warn"
  depends_on  = [oktagate_snapshot.org]
}
