# By token id
terraform import oktagate_api_token_binding.compliance 00T1a2b3c4d5e6f7g8h9
