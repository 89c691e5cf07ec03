output "service_account_id" {
  description = "The service account's user id: create its API token while signed in as it."
  value       = oktagate_service_account.integration.id
}

output "service_account_status" {
  description = "PROVISIONED until someone sets its password and signs in to create the token."
  value       = oktagate_service_account.integration.status
}

output "client_id" {
  description = "Give this to the compliance platform with the private key's id."
  value       = oktagate_oidc_app.integration.client_id
}

output "granted_scopes" {
  value = oktagate_oidc_app.integration.scopes
}

output "api_token_expires_at" {
  value = one(oktagate_api_token_binding.integration[*].expires_at)
}
