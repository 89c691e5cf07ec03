variable "service_account_login" {
  type        = string
  description = "Login of the integration's service account."
  default     = "svc-compliance@example.com"
}

variable "service_account_email" {
  type        = string
  description = "A mailbox your team reads: Okta sends the account's notices there."
  default     = "secops@example.com"
}

variable "api_token_id" {
  type        = string
  description = "Id (00T…) of the API token created while signed in as the service account; null until it exists."
  default     = null
}

variable "network_zone_ids" {
  type        = set(string)
  description = "Network zones (nzo…) holding the compliance platform's egress IPs: the token works only from there."
  default     = []
}

variable "app_label" {
  type        = string
  description = "Name of the OAuth service app in the Admin Console."
  default     = "Compliance integration"
}

variable "public_jwk" {
  description = "The public half of the key the platform signs its client assertions with (RSA: n and e; EC: crv, x and y)."
  type = object({
    kid = string
    kty = string
    alg = optional(string)
    use = optional(string)
    n   = optional(string)
    e   = optional(string)
    crv = optional(string)
    x   = optional(string)
    y   = optional(string)
  })
}
