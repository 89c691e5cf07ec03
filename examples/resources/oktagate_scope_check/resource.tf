# OAuth integrations hold read scopes only and at most the read-only admin role.
resource "oktagate_scope_check" "integrations" {}

# The provisioning app may also manage groups, and nothing else.
resource "oktagate_scope_check" "provisioning" {
  app_ids              = ["0oa1008z9jFDRtoalfEo"]
  allowed_scopes       = ["okta.*.read", "okta.groups.manage"]
  allowed_client_roles = ["READ_ONLY_ADMIN", "GROUP_MEMBERSHIP_ADMIN"]
}
