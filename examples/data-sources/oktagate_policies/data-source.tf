# Password policies with their rules.
data "oktagate_policies" "password" {
  type          = "PASSWORD"
  include_rules = true
}

# Global session (sign-on) policies and their rules.
data "oktagate_policies" "sign_on" {
  type          = "OKTA_SIGN_ON"
  include_rules = true
}

locals {
  password_settings = {
    for p in data.oktagate_policies.password.policies : p.name => jsondecode(p.settings_json)
  }
}

output "password_min_length" {
  value = { for name, s in local.password_settings : name => s.password.complexity.minLength }
}

output "session_idle_minutes" {
  value = flatten([
    for p in data.oktagate_policies.sign_on.policies : [
      for r in p.rules : {
        rule = "${p.name} / ${r.name}"
        idle = try(jsondecode(r.actions_json).signon.session.maxSessionIdleMinutes, null)
      } if r.status == "ACTIVE"
    ]
  ])
}
