# Fail the plan when an active authenticator enrollment policy offers SMS,
# voice or security questions, or does not require a second factor. Allow
# phone for a transition period with an exception rather than the argument.
resource "oktagate_factor_enrollment_check" "enrollment" {
  require_phishing_resistant = false
  enforcement                = "warn"

  exception {
    subject = "Contractor MFA"
    reason  = "SMS until contractors get security keys (SEC-1234)"
    expires = "2027-06-30"
  }
}
