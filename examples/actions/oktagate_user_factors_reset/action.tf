# A lost phone: reset the user's push and SMS factors so the user enrolls
# again at next sign-in. Leave factor_types out to reset every factor.
action "oktagate_user_factors_reset" "lost_phone" {
  config {
    user         = "leo@acme.com"
    factor_types = ["push", "sms"]
  }
}
