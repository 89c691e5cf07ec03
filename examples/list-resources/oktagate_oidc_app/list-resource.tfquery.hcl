# Every service app that holds an okta.* scope grant: the integrations that
# call the Okta API with client credentials.
list "oktagate_oidc_app" "integrations" {
  provider         = oktagate
  include_resource = true

  config {
    status = "ACTIVE"
  }
}
