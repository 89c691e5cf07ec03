# The configuration `make demo` plans against the simulator's demo org. The
# provider reads OKTA_ORG_URL and OKTA_API_TOKEN from the environment, which the
# demo sets; point the same variables at a real org to run it there.
terraform {
  required_providers {
    oktagate = {
      source = "oktagate/oktagate"
    }
  }
}

provider "oktagate" {}

data "oktagate_org" "this" {}

data "oktagate_users" "everyone" {
  statuses        = ["STAGED", "PROVISIONED", "ACTIVE", "RECOVERY", "PASSWORD_EXPIRED", "LOCKED_OUT", "SUSPENDED", "DEPROVISIONED"]
  include_factors = true
  include_groups  = true
}

data "oktagate_groups" "all" {
  include_members = true
}

data "oktagate_apps" "all" {}

data "oktagate_app_assignments" "active_apps" {}

data "oktagate_api_tokens" "all" {}

locals {
  users        = data.oktagate_users.everyone.users
  active_users = [for u in local.users : u if u.status == "ACTIVE"]
  # A user is covered when at least one factor other than a security question is ACTIVE.
  active_without_mfa = sort([
    for u in local.active_users : u.login
    if length([for f in u.factors : f if f.status == "ACTIVE" && f.factor_type != "question"]) == 0
  ])
}

output "org" {
  value = "${data.oktagate_org.this.company_name} (${data.oktagate_org.this.subdomain}, ${data.oktagate_org.this.pipeline} pipeline)"
}

output "users_by_status" {
  value = { for s in distinct([for u in local.users : u.status]) : s => length([for u in local.users : u if u.status == s]) }
}

output "groups_by_type" {
  value = { for t in distinct([for g in data.oktagate_groups.all.groups : g.type]) : t => length([for g in data.oktagate_groups.all.groups : g if g.type == t]) }
}

output "active_users_without_mfa" {
  value = local.active_without_mfa
}

output "app_assignments" {
  value = {
    users_direct   = length([for a in data.oktagate_app_assignments.active_apps.users : a if a.scope == "USER"])
    users_by_group = length([for a in data.oktagate_app_assignments.active_apps.users : a if a.scope == "GROUP"])
    groups         = length(data.oktagate_app_assignments.active_apps.groups)
  }
}

output "oauth_app_scopes" {
  value = { for a in data.oktagate_apps.all.apps : a.label => sort(a.granted_scopes) if a.client_id != null }
}

output "api_tokens" {
  value = { for t in data.oktagate_api_tokens.all.tokens : t.name => "${t.network_connection}, expires ${t.expires_at}" }
}
