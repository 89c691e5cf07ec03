# The configuration `make bench` plans against generated orgs of 1k, 10k and
# 100k users: the data sources a compliance gate reads and every check the
# provider registers. Lists that grow with the org (every user, every group's
# members, every app's assignments) are read by the checks through the shared
# snapshot, not put in the plan: Terraform values of 100k users would measure
# Terraform, not the Okta reads. tools/bench copies this directory and sets the variables
# from the generated org (offboarded users, the reviewed app, the sizes).
# Extend it when a check is added: add its resource to checks.tf.
terraform {
  required_providers {
    oktagate = {
      source = "oktagate/oktagate"
    }
  }
}

variable "max_concurrency" {
  description = "The provider's max_concurrency; null keeps its default."
  type        = number
  default     = null
}

variable "snapshot_cache_dir" {
  description = "Where `oktagate snapshot` left the org's first snapshot (the bench's -phase snapshot); null: none."
  type        = string
  default     = null
}

variable "offboarded" {
  description = "Leavers to check, picked from the generated org."
  type        = list(object({ login = string, date = string }))
  default     = []
}

variable "review_app_label" {
  description = "The label of the app whose access review is checked."
  type        = string
}

variable "review_group_name" {
  description = "The group approved for the reviewed app."
  type        = string
}

variable "reviewed_on" {
  description = "The access review's date (YYYY-MM-DD)."
  type        = string
}

variable "log_since" {
  description = "Start of the System Log window (RFC 3339)."
  type        = string
}

provider "oktagate" {
  max_concurrency = var.max_concurrency
  # The plan's instant: the apply of the saved plan starts from the snapshot
  # the plan left instead of reading the org again.
  as_of = plantimestamp()
}

# The org's snapshot, kept in the state between runs: the first plan reads the
# whole org, later plans replay the System Log since the stored cursor.
resource "oktagate_snapshot" "org" {
  cache_dir = var.snapshot_cache_dir
}

# The data sources that read what the snapshot holds are read after it, through
# snapshot_id. A local, not the snapshot's id itself: a data source that names a
# managed resource with changes pending is read at apply, and the snapshot has a
# change whenever the org changed.
locals {
  snapshot_id = oktagate_snapshot.org.id
}

data "oktagate_org" "this" {}

# The administrators, with factors and group ids. (The checks read every
# user; a data source listing all of them would put the whole org in the plan.)
data "oktagate_users" "admins" {
  group_id        = local.group_ids["Admins"]
  include_factors = true
  include_groups  = true
  snapshot_id     = local.snapshot_id
}

data "oktagate_groups" "all" {
  snapshot_id = local.snapshot_id
}

data "oktagate_apps" "all" {
  snapshot_id = local.snapshot_id
}

# The reviewed app's user and group assignments.
data "oktagate_app_assignments" "reviewed" {
  app_id      = local.app_ids[var.review_app_label]
  snapshot_id = local.snapshot_id
}

data "oktagate_api_tokens" "all" {}

data "oktagate_admin_roles" "all" {
  snapshot_id = local.snapshot_id
}

data "oktagate_policies" "password" {
  type          = "PASSWORD"
  include_rules = true
}

data "oktagate_policies" "sign_on" {
  type          = "OKTA_SIGN_ON"
  include_rules = true
}

data "oktagate_system_log" "lifecycle" {
  since       = var.log_since
  event_types = ["user.lifecycle.deactivate", "user.lifecycle.suspend", "user.mfa.factor.deactivate"]
}

locals {
  app_ids   = { for a in data.oktagate_apps.all.apps : a.label => a.id }
  group_ids = { for g in data.oktagate_groups.all.groups : g.name => g.id }
}

output "counts" {
  value = {
    admins      = length(data.oktagate_users.admins.users)
    groups      = length(data.oktagate_groups.all.groups)
    apps        = length(data.oktagate_apps.all.apps)
    app_users   = length(data.oktagate_app_assignments.reviewed.users)
    app_groups  = length(data.oktagate_app_assignments.reviewed.groups)
    tokens      = length(data.oktagate_api_tokens.all.tokens)
    role_admins = length(data.oktagate_admin_roles.all.admins)
    log_events  = length(data.oktagate_system_log.lifecycle.events)
    pw_policies = length(data.oktagate_policies.password.policies)
    org         = data.oktagate_org.this.company_name
  }
}
