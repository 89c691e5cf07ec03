data "oktagate_user" "carol" {
  login = "carol@acme.com"
}

data "oktagate_user_factors" "carol" {
  user_id = data.oktagate_user.carol.id
}

output "carol_has_phishing_resistant_factor" {
  value = contains(data.oktagate_user_factors.carol.active_factor_types, "webauthn")
}
