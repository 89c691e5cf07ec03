package main

import rego.v1

# A plan taken on 2026-11-23 with one check in the given state.
plan(after) := {
	"timestamp": "2026-11-23T08:00:00Z",
	"resource_changes": [{
		"address": "oktagate_mfa_check.all_staff",
		"type": "oktagate_mfa_check",
		"change": {"actions": ["update"], "after": after, "after_unknown": {}},
	}],
}

passing(exceptions) := {"status": "pass", "violation_count": 0, "violations": [], "exception": exceptions}

exc(expires) := {"subject": "erin@acme.com", "reason": "SEC-1423", "expires": expires}

test_a_passing_check_is_allowed if {
	count(deny) == 0 with input as plan(passing([exc("2027-06-30")]))
	count(warn) == 0 with input as plan(passing([exc("2027-06-30")]))
}

test_a_failing_check_is_denied_with_its_violations if {
	after := {
		"status": "fail", "violation_count": 1, "exception": [],
		"violations": [{"subject": "carol@acme.com", "subject_id": "00u1", "reason": "no ACTIVE factor of an allowed type"}],
	}
	deny == {"oktagate_mfa_check.all_staff failed with 1 violation(s):\n  carol@acme.com (00u1): no ACTIVE factor of an allowed type"} with input as plan(after)
}

test_an_exception_due_within_14_days_is_denied if {
	deny == {"oktagate_mfa_check.all_staff: the exception for erin@acme.com expires on 2026-12-01 (8 days left): review and renew it, or fix the violations"} with input as plan(passing([exc("2026-12-01")]))
}

test_an_expired_exception_is_denied if {
	some msg in deny with input as plan(passing([exc("2026-11-22")]))
	contains(msg, "expired on 2026-11-22")
}

test_an_exception_due_within_30_days_warns if {
	count(deny) == 0 with input as plan(passing([exc("2026-12-15")]))
	warn == {"oktagate_mfa_check.all_staff: the exception for erin@acme.com expires on 2026-12-15 (22 days left)"} with input as plan(passing([exc("2026-12-15")]))
}

test_unknown_results_are_denied if {
	p := {
		"timestamp": "2026-11-23T08:00:00Z",
		"resource_changes": [{
			"address": "oktagate_scope_check.integrations",
			"type": "oktagate_scope_check",
			"change": {"actions": ["create"], "after": {"exception": []}, "after_unknown": {"status": true}},
		}],
	}
	deny == {"oktagate_scope_check.integrations: results unknown at plan time (its inputs depend on resources not yet applied)"} with input as p
}

test_destroyed_checks_are_ignored if {
	p := {"resource_changes": [{"address": "oktagate_mfa_check.old", "type": "oktagate_mfa_check", "change": {"actions": ["delete"], "after": null}}]}
	count(deny) == 0 with input as p
}

test_an_exception_expiring_today_still_applies if {
	some msg in deny with input as plan(passing([exc("2026-11-23")]))
	contains(msg, "expires on 2026-11-23 (0 days left)")
}
