# Posture checks over the demo org: the Okta HealthInsight recommendations
# and peer tools' checks the Management API can observe. They use the same
# `enforcement` variable as checks.tf.

# ThreatInsight blocks suspicious IP addresses and exempts no zone: the demo
# org only logs them (audit) and exempts the office's LegacyIpZone.
resource "oktagate_threat_insight_check" "org" {
  enforcement = var.enforcement
}

# A new country, device or IP and impossible travel are detected and used by
# a policy: the admins' rules step up on a new country or device, but New IP
# and the city, state and geo-location rules are used by none, and velocity
# detection is off.
resource "oktagate_behavior_detection_check" "org" {
  enforcement = var.enforcement
}

# Trusted origins are https, in acme.com, for CORS and redirects only: the
# web app passes; the support widget may frame the sign-in page and the
# events sites are a plain-http wildcard outside acme.com.
resource "oktagate_trusted_origin_check" "acme" {
  enforcement     = var.enforcement
  allowed_domains = ["acme.com"]
}

# Apps sign in through SAML or OIDC (or are bookmarks), allow no implicit or
# password grant and are assigned: the payroll app replays a stored
# password, the field service app allows the password grant and Expenses is
# assigned to nobody.
resource "oktagate_app_sign_on_check" "apps" {
  enforcement = var.enforcement
}

# Nobody suspended or deprovisioned keeps an app or a group a day after:
# Mallory, Oscar and Trent still do; Peggy left nothing behind.
resource "oktagate_residual_access_check" "leavers" {
  enforcement = var.enforcement
}

# Admins have two factors, one phishing-resistant, a password changed within
# 180 days and a sign-in within 90 (Grace's password is 200 days old).
resource "oktagate_privileged_accounts_check" "admins" {
  enforcement = var.enforcement
}

# Enrollment policies require a second factor and offer no SMS, voice or
# security question: the contractors' policy offers SMS; the default passes.
resource "oktagate_factor_enrollment_check" "enrollment" {
  enforcement = var.enforcement
}

# macOS and Windows devices each have a device assurance policy, and the
# Admin Console's allowing rule requires one: macOS has a policy, Windows
# none, and the Admin Console's rule names none yet.
resource "oktagate_device_assurance_check" "desktops" {
  enforcement = var.enforcement
}
