# The integration kit: what compliance platforms ask an Okta admin to click
# through, as code. A read-only service account, its API token bound to your
# platform's network zone, and an OAuth service app with read scopes only.
#
# Two applies, because Okta cannot mint API tokens over its API:
#   1. terraform apply                      (service account + OAuth app)
#   2. sign in as the service account, create a token, then
#      terraform apply -var api_token_id=00T…   (binds and restricts it)
#
# The provider reads OKTA_ORG_URL and OKTA_API_TOKEN (or the OAuth variables)
# from the environment: run it as an administrator allowed to manage users,
# roles, apps and API tokens.
terraform {
  required_version = ">= 1.5"
  required_providers {
    oktagate = {
      source = "oktagate/oktagate"
    }
  }
}

provider "oktagate" {}

resource "oktagate_service_account" "integration" {
  login       = var.service_account_login
  email       = var.service_account_email
  first_name  = "Compliance"
  last_name   = "Integration"
  admin_roles = ["READ_ONLY_ADMIN"]
}

resource "oktagate_api_token_binding" "integration" {
  count = var.api_token_id == null ? 0 : 1

  token_id           = var.api_token_id
  service_account_id = oktagate_service_account.integration.id
  name               = "compliance-integration"
  min_days_to_expiry = 7

  network = {
    connection = "ZONE"
    include    = var.network_zone_ids
  }

  lifecycle {
    precondition {
      condition     = length(var.network_zone_ids) > 0
      error_message = "Binding the API token needs at least one network zone id in network_zone_ids: the token must not be usable from anywhere."
    }
  }
}

resource "oktagate_oidc_app" "integration" {
  label = var.app_label
  type  = "service"
  jwks  = [var.public_jwk]

  # What the CI guide's gate reads (users, groups, apps, roles, policies) and
  # what oktagate_snapshot adds (logs, orgs); the provider index lists the
  # scopes of every type.
  scopes = [
    "okta.users.read",
    "okta.groups.read",
    "okta.apps.read",
    "okta.roles.read",
    "okta.policies.read",
    "okta.logs.read",
    "okta.orgs.read",
  ]
  admin_roles = ["READ_ONLY_ADMIN"]
}
