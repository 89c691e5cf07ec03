# Deprovisioning evidence: every deactivation and deletion of the last 30 days,
# up to the time of the plan.
data "oktagate_system_log" "deprovisioning" {
  since       = timeadd(plantimestamp(), "-720h")
  event_types = ["user.lifecycle.deactivate", "user.lifecycle.delete.initiated"]
}

# Failed sign-ins of the previous whole day (UTC).
data "oktagate_system_log" "failed_sign_ins" {
  since       = timeadd(local.today, "-24h")
  until       = local.today
  filter      = "outcome.result eq \"FAILURE\""
  event_types = ["user.session.start"]
  max_events  = 500
}

locals {
  today = "${formatdate("YYYY-MM-DD", plantimestamp())}T00:00:00Z"
}

output "deprovisioned_logins" {
  value = distinct(flatten([for e in data.oktagate_system_log.deprovisioning.events : e.target_alternate_ids]))
}

output "failed_sign_ins_truncated" {
  value = data.oktagate_system_log.failed_sign_ins.truncated
}
