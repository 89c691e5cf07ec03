data "oktagate_api_tokens" "all" {}

output "tokens_usable_from_anywhere" {
  value = [for t in data.oktagate_api_tokens.all.tokens : t.name if t.network_connection == "ANYWHERE"]
}
