# By user id
terraform import oktagate_service_account.compliance 00u1a2b3c4d5e6f7g8h9

# or by login
terraform import oktagate_service_account.compliance svc-compliance@acme.com
