# Suspend a user while a security incident is investigated. Invoke it after
# review: terraform apply -invoke=action.oktagate_user_lifecycle.suspend_leo
action "oktagate_user_lifecycle" "suspend_leo" {
  config {
    user      = "leo@acme.com"
    operation = "suspend"
  }
}

# Send a password reset link by email (the link is never shown).
action "oktagate_user_lifecycle" "reset_password_mia" {
  config {
    user      = "mia@acme.com"
    operation = "reset_password"
  }
}
