# The compliance gate's root module (compliance/ in the CI guide). Add your
# usual backend block to the terraform block below.
terraform {
  required_providers {
    oktagate = { source = "oktagate/oktagate" }
  }
}

# Credentials come from the environment: OKTA_ORG_URL, OKTA_API_CLIENT_ID,
# OKTA_API_PRIVATE_KEY and OKTA_API_SCOPES. Never pass them with -var or a
# variable: the plan file, and the plan JSON kept as evidence, record every
# variable's value.
provider "oktagate" {}

resource "oktagate_mfa_check" "all_staff" {
  exception {
    subject = "erin@acme.com"
    reason  = "Enrolling a security key after her leave (SEC-1423)"
    expires = "2027-03-31"
  }
}

resource "oktagate_scope_check" "integrations" {}

resource "oktagate_admin_roles_check" "admins" {}

resource "oktagate_password_policy_check" "passwords" {}
