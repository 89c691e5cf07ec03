# Conftest policy over the JSON of an oktagate plan (terraform show -json).
#
#   terraform plan -out=plan.tfplan
#   terraform show -json plan.tfplan > plan.json
#   conftest test --policy examples/policy plan.json
#
# It denies the plan when any oktagate compliance check reports status "fail"
# (whatever its enforcement: a check in "warn" mode passes terraform plan but
# not this policy), when a check's results are unknown at plan time, and when an
# exception expires within 14 days, so that renewals are reviewed before the
# gate starts failing. It warns about exceptions due within 30 days.
package main

import rego.v1

check_types := {
	"oktagate_mfa_check",
	"oktagate_offboarding_check",
	"oktagate_unique_email_check",
	"oktagate_access_review",
	"oktagate_scope_check",
}

day_ns := ((24 * 60) * 60) * 1000000000

# The checks the plan creates, updates or leaves as they are (not those it
# destroys).
checks contains rc if {
	some rc in input.resource_changes
	rc.type in check_types
	rc.change.after != null
}

# Nanoseconds from the plan's timestamp (or now, for a plan without one) to the
# end of a YYYY-MM-DD day, the last day an exception applies; and in whole days.
left_ns(date) := (time.parse_ns("2006-01-02", date) + day_ns) - plan_time_ns

days_left(date) := floor(left_ns(date) / day_ns)

plan_time_ns := time.parse_rfc3339_ns(input.timestamp) if input.timestamp

plan_time_ns := time.now_ns() if not input.timestamp

deny contains msg if {
	some rc in checks
	rc.change.after.status == "fail"
	lines := [sprintf("  %s (%s): %s", [v.subject, v.subject_id, v.reason]) | some v in rc.change.after.violations]
	msg := sprintf("%s failed with %d violation(s):\n%s", [rc.address, rc.change.after.violation_count, concat("\n", lines)])
}

deny contains msg if {
	some rc in checks
	rc.change.after_unknown.status
	msg := sprintf("%s: results unknown at plan time (its inputs depend on resources not yet applied)", [rc.address])
}

deny contains msg if {
	some rc in checks
	some e in rc.change.after.exception
	left_ns(e.expires) <= 0
	msg := sprintf("%s: the exception for %s expired on %s: fix the violations and remove it, or renew it after review", [rc.address, e.subject, e.expires])
}

deny contains msg if {
	some rc in checks
	some e in rc.change.after.exception
	left_ns(e.expires) > 0
	left := days_left(e.expires)
	left < 14
	msg := sprintf("%s: the exception for %s expires on %s (%d days left): review and renew it, or fix the violations", [rc.address, e.subject, e.expires, left])
}

warn contains msg if {
	some rc in checks
	some e in rc.change.after.exception
	left := days_left(e.expires)
	left >= 14
	left < 30
	msg := sprintf("%s: the exception for %s expires on %s (%d days left)", [rc.address, e.subject, e.expires, left])
}
