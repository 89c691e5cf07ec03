# Every admin has two ACTIVE factors, one of them phishing-resistant, a
# password changed within 180 days and a sign-in within 90; at most 25 users
# hold an admin role besides the super admins.
resource "oktagate_privileged_accounts_check" "admins" {
  exception {
    subject = "svc-compliance@example.com"
    reason  = "Integration account: signs in with an API token only (SEC-2077)"
    expires = "2027-06-30"
  }
}

# The DISA STIG's 35 days of inactivity, and no password age: NIST SP 800-63B
# asks for no periodic rotation.
resource "oktagate_privileged_accounts_check" "stig" {
  max_inactive_days     = 35
  max_password_age_days = 0
}
