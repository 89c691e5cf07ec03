# Conftest/OPA policy over the JSON of an oktagate plan (terraform show -json).
#
#   terraform plan -out=plan.tfplan
#   terraform show -json plan.tfplan > plan.json
#   conftest test --policy examples/policy plan.json
#   # or: opa eval -d examples/policy -i plan.json 'data.main.deny'
#
# It denies the plan when any oktagate compliance check reports status "fail"
# (whatever its enforcement: a check in "warn" mode passes terraform plan but
# not this policy), when a check's results are unknown at plan time, when an
# exception expires within 14 days, so that renewals are reviewed before the
# gate starts failing, and when an exception runs longer than a year (a waiver
# with no real end). It warns about exceptions due within 30 days.
#
# Checks are matched by kind, not by a list of names: any oktagate_* resource
# that carries the check frame's results (status, violations, fingerprint) is a
# check, so a check type added in a later provider version is covered without
# editing this file.
package main

import rego.v1

day_ns := ((24 * 60) * 60) * 1000000000

# The longest an exception may run, in days from the plan: override it with a
# data document, e.g. {"oktagate": {"max_exception_days": 180}}.
default max_exception_days := 365

max_exception_days := data.oktagate.max_exception_days

# The attributes every oktagate check has and no other oktagate resource has.
check_attributes := {"status", "violations", "fingerprint"}

is_check(rc) if {
	startswith(rc.type, "oktagate_")
	rc.mode != "data"
	every a in check_attributes {
		has_attribute(rc.change, a)
	}
}

# An attribute is known in after, or unknown in after_unknown.
has_attribute(change, a) if object.get(change.after, a, null) != null

has_attribute(change, a) if object.get(change, ["after_unknown", a], false) != false

# The checks the plan creates, updates or leaves as they are (not those it
# destroys).
checks contains rc if {
	some rc in input.resource_changes
	rc.change.after != null
	is_check(rc)
}

# Nanoseconds from the plan's timestamp (or now, for a plan without one) to the
# end of a YYYY-MM-DD day, the last day an exception applies; and in whole days.
left_ns(date) := (time.parse_ns("2006-01-02", date) + day_ns) - plan_time_ns

days_left(date) := floor(left_ns(date) / day_ns)

plan_time_ns := time.parse_rfc3339_ns(input.timestamp) if input.timestamp

plan_time_ns := time.now_ns() if not input.timestamp

exceptions(rc) := object.get(rc.change.after, "exception", [])

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
	some e in exceptions(rc)
	left_ns(e.expires) <= 0
	msg := sprintf("%s: the exception for %s expired on %s: fix the violations and remove it, or renew it after review", [rc.address, e.subject, e.expires])
}

deny contains msg if {
	some rc in checks
	some e in exceptions(rc)
	left_ns(e.expires) > 0
	left := days_left(e.expires)
	left < 14
	msg := sprintf("%s: the exception for %s expires on %s (%d days left): review and renew it, or fix the violations", [rc.address, e.subject, e.expires, left])
}

deny contains msg if {
	some rc in checks
	some e in exceptions(rc)
	left := days_left(e.expires)
	left > max_exception_days
	msg := sprintf("%s: the exception for %s runs until %s, %d days from now, more than the %d allowed: set an earlier expires and renew it after review", [rc.address, e.subject, e.expires, left, max_exception_days])
}

warn contains msg if {
	some rc in checks
	some e in exceptions(rc)
	left := days_left(e.expires)
	left >= 14
	left < 30
	msg := sprintf("%s: the exception for %s expires on %s (%d days left)", [rc.address, e.subject, e.expires, left])
}
