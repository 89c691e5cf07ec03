# Every active password policy meets the defaults: 12 characters, one of each
# character class, no username or common passwords, 4 remembered passwords,
# lockout after at most 10 attempts.
resource "oktagate_password_policy_check" "all" {}

# The DISA Okta IDaaS STIG's values; `controls` then lists the STIG rules.
resource "oktagate_password_policy_check" "stig" {
  min_length           = 15
  max_age_days         = 60
  min_age_minutes      = 1440
  min_history          = 5
  max_lockout_attempts = 3

  exception {
    subject = "Legacy Contractors"
    reason  = "Policy retired with the contractor offboarding (SEC-2211)"
    expires = "2027-09-30"
  }
}
