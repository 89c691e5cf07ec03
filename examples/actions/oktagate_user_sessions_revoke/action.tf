# Sign a user out everywhere, OAuth tokens included.
action "oktagate_user_sessions_revoke" "leo" {
  config {
    user = "leo@acme.com"
  }
}
