# Active OIDC apps and the okta.* scopes granted to them.
data "oktagate_apps" "oidc" {
  filter   = "name eq \"oidc_client\""
  statuses = ["ACTIVE"]
}

output "app_scopes" {
  value = { for a in data.oktagate_apps.oidc.apps : a.label => a.granted_scopes }
}
