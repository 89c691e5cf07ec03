# A service app that reads posture with client credentials and private_key_jwt.
resource "oktagate_oidc_app" "compliance" {
  label = "Compliance platform"
  type  = "service"

  jwks = [{
    kid = "compliance-2025"
    kty = "RSA"
    alg = "RS256"
    use = "sig"
    e   = "AQAB"
    n   = "xvT1...base64url-modulus..."
  }]

  scopes      = ["okta.users.read", "okta.groups.read", "okta.apps.read", "okta.policies.read", "okta.logs.read"]
  admin_roles = ["READ_ONLY_ADMIN"]
}

# A web app that signs people in; it gets a client secret (sensitive).
resource "oktagate_oidc_app" "portal" {
  label                     = "Evidence portal"
  type                      = "web"
  redirect_uris             = ["https://evidence.acme.com/oauth/callback"]
  post_logout_redirect_uris = ["https://evidence.acme.com/"]
}
