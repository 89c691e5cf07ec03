data "oktagate_user" "ci_service_account" {
  login = "svc-ci-gate@acme.com"
}

output "ci_service_account_roles" {
  value = data.oktagate_user.ci_service_account.admin_roles
}
