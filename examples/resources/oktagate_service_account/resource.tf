# A read-only service account for a compliance platform. Without password_wo it
# is activated without email and stays PROVISIONED.
resource "oktagate_service_account" "compliance" {
  login      = "svc-compliance@acme.com"
  email      = "secops@acme.com"
  first_name = "Compliance"
  last_name  = "Integration"
  # admin_roles defaults to ["READ_ONLY_ADMIN"].
}

# With a password (Terraform 1.11 or later): ACTIVE, so someone can sign in as
# it to create its API token. The password never reaches the plan or the state;
# bump password_wo_version to set a new one.
variable "svc_password" {
  type      = string
  sensitive = true
  ephemeral = true
}

resource "oktagate_service_account" "reporting" {
  login               = "svc-reporting@acme.com"
  email               = "secops@acme.com"
  admin_roles         = ["READ_ONLY_ADMIN", "REPORT_ADMIN"]
  group_ids           = ["00g1a2b3c4d5e6f7g8h9"]
  password_wo         = var.svc_password
  password_wo_version = 1
}
