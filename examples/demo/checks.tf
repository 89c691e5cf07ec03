# The compliance gate: five checks over the demo org. `make demo` plans this
# configuration twice: with enforcement = "warn" (the default below) the plan
# succeeds and reports violations as warnings; with -var enforcement=block the
# violations are plan errors and the plan fails, as a CI gate should.

variable "enforcement" {
  description = "\"block\" fails the plan on violations; \"warn\" reports them as warnings."
  type        = string
  default     = "warn"
}

variable "salesforce_reviewed_on" {
  description = "The day the Salesforce access review was done (YYYY-MM-DD)."
  type        = string
  default     = "2026-11-02"
}

locals {
  app_ids   = { for a in data.oktagate_apps.all.apps : a.label => a.id }
  group_ids = { for g in data.oktagate_groups.all.groups : g.name => g.id }
}

# Everyone who can sign in has an ACTIVE factor other than a security question.
resource "oktagate_mfa_check" "all_staff" {
  enforcement       = var.enforcement
  exclude_group_ids = [local.group_ids["Service Accounts"]]

  exception {
    subject = "erin@acme.com"
    reason  = "Enrolling a security key after her leave (SEC-1423)"
    expires = "2027-06-30"
  }

  # Expired: dave's violation counts again, and the plan warns about it.
  exception {
    subject = "dave@acme.com"
    reason  = "New phone on order (SEC-1390)"
    expires = "2026-10-31"
  }
}

# Leavers are deprovisioned, unassigned and out of every group within a day.
resource "oktagate_offboarding_check" "leavers" {
  enforcement = var.enforcement
  offboarded = [
    { login = "mallory@acme.com", date = "2026-11-01" },
    { login = "oscar@acme.com", date = "2026-11-01" },
    { login = "peggy@acme.com", date = "2026-11-01" },
  ]
}

# Every account has its own address in the company domain.
resource "oktagate_unique_email_check" "people" {
  enforcement     = var.enforcement
  allowed_domains = ["acme.com"]
}

# Salesforce is for the Sales group, as reviewed by its owner.
resource "oktagate_access_review" "salesforce" {
  enforcement        = var.enforcement
  app_id             = local.app_ids["Salesforce"]
  approved_group_ids = [local.group_ids["Sales"]]
  reviewed_by        = "alice@acme.com"
  reviewed_on        = var.salesforce_reviewed_on
}

# OAuth integrations hold read scopes and the read-only admin role only.
resource "oktagate_scope_check" "integrations" {
  enforcement = var.enforcement
}

# The compliance scanner's own app is held to the same rule, always blocking:
# it passes, so it never stops the plan.
resource "oktagate_scope_check" "compliance_scanner" {
  app_ids = [local.app_ids["Compliance Scanner"]]
}
