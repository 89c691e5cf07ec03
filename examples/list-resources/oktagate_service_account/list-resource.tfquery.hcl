# Every user who holds an admin role, with the attributes configuration needs
# (terraform query -generate-config-out=generated.tf writes a resource and an
# import block for each).
list "oktagate_service_account" "admins" {
  provider         = oktagate
  include_resource = true
}

# Only the active accounts whose login begins with svc-.
list "oktagate_service_account" "integrations" {
  provider = oktagate

  config {
    status       = "ACTIVE"
    login_prefix = "svc-"
  }
}
