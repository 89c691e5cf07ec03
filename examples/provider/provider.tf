terraform {
  required_providers {
    oktagate = {
      source = "oktagate/oktagate"
    }
  }
}

variable "okta_org_url" {
  description = "The Okta org, e.g. https://acme.okta.com."
  type        = string
}

# SSWS: an API token of a read-only service account, restricted to the CI
# network zone. Leave api_token out to read OKTA_API_TOKEN instead.
variable "okta_api_token" {
  type      = string
  sensitive = true
}

provider "oktagate" {
  org_url   = var.okta_org_url
  api_token = var.okta_api_token
  # Judge the org as of the plan, in the plan and when the saved plan is
  # applied, so that a change in between waits for the next plan.
  as_of = plantimestamp()
}

# OAuth 2.0: a service app that signs client assertions with its private key
# (private_key_jwt) and holds read-only okta.* scopes.
variable "okta_client_id" {
  type = string
}

variable "okta_private_key" {
  description = "PEM private key whose public half is in the service app's JWKS."
  type        = string
  sensitive   = true
}

provider "oktagate" {
  alias          = "oauth"
  org_url        = var.okta_org_url
  client_id      = var.okta_client_id
  private_key    = var.okta_private_key
  private_key_id = "ci-gate-2025"
  scopes = [
    "okta.users.read",
    "okta.groups.read",
    "okta.apps.read",
    "okta.factors.read",
    "okta.roles.read",
    "okta.apiTokens.read",
  ]

  # Leave most of each rate-limit bucket to the org's other integrations.
  max_api_capacity = 30
  request_timeout  = "30s"
}
