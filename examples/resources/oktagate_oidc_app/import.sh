# By app id
terraform import oktagate_oidc_app.compliance 0oa1a2b3c4d5e6f7g8h9
