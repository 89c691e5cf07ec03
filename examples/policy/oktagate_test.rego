package main

import rego.v1

# Every check type the provider registers (internal/provider/check_resources.go),
# and one it does not have yet: the policy must deny a failure of each.
check_types := [
	"oktagate_mfa_check",
	"oktagate_offboarding_check",
	"oktagate_unique_email_check",
	"oktagate_access_review",
	"oktagate_scope_check",
	"oktagate_password_policy_check",
	"oktagate_session_policy_check",
	"oktagate_inactive_users_check",
	"oktagate_admin_roles_check",
	"oktagate_api_token_check",
	"oktagate_authentication_policy_check",
	"oktagate_network_zone_check",
	"oktagate_authenticator_check",
	"oktagate_log_stream_check",
	"oktagate_trusted_origin_check",
	"oktagate_app_sign_on_check",
	"oktagate_threat_insight_check",
	"oktagate_behavior_detection_check",
	"oktagate_residual_access_check",
	"oktagate_privileged_accounts_check",
	"oktagate_factor_enrollment_check",
	"oktagate_device_assurance_check",
	"oktagate_future_thing_check",
]

# A plan taken on 2026-11-23 with one resource of type t in the given state.
plan_of(t, after) := {
	"timestamp": "2026-11-23T08:00:00Z",
	"resource_changes": [{
		"address": sprintf("%s.this", [t]),
		"mode": "managed",
		"type": t,
		"change": {"actions": ["update"], "after": after, "after_unknown": {}},
	}],
}

plan(after) := plan_of("oktagate_mfa_check", after)

# The frame's attributes as a check of any type has them.
frame(status, violations, exceptions) := {
	"enforcement": "warn",
	"status": status,
	"violation_count": count(violations),
	"violations": violations,
	"exception": exceptions,
	"exceptions_applied": [],
	"evidence": "{}",
	"fingerprint": "5e7c",
}

passing(exceptions) := frame("pass", [], exceptions)

carol := {"subject": "carol@acme.com", "subject_id": "00u1", "reason": "no ACTIVE factor of an allowed type"}

exc(expires) := {"subject": "erin@acme.com", "reason": "SEC-1423", "expires": expires}

test_a_passing_check_is_allowed if {
	count(deny) == 0 with input as plan(passing([exc("2027-06-30")]))
	count(warn) == 0 with input as plan(passing([exc("2027-06-30")]))
}

test_a_failing_check_is_denied_with_its_violations if {
	deny == {"oktagate_mfa_check.this failed with 1 violation(s):\n  carol@acme.com (00u1): no ACTIVE factor of an allowed type"} with input as plan(frame("fail", [carol], []))
}

# One case per check type, present and future, each a failing check in warn
# mode (the plan succeeds; the policy must not).
test_a_failure_of_every_check_type_is_denied if {
	denied := {t |
		some t in check_types
		d := deny with input as plan_of(t, frame("fail", [carol], []))
		d == {sprintf("%s.this failed with 1 violation(s):\n  carol@acme.com (00u1): no ACTIVE factor of an allowed type", [t])}
	}
	missed := {t | some t in check_types} - denied
	count(missed) == 0
}

test_the_same_types_passing_are_allowed if {
	every t in check_types {
		count(deny) == 0 with input as plan_of(t, frame("pass", [], []))
	}
}

test_mfa_check_failure_is_denied if count(deny) == 1 with input as plan_of("oktagate_mfa_check", frame("fail", [carol], []))

test_offboarding_check_failure_is_denied if count(deny) == 1 with input as plan_of("oktagate_offboarding_check", frame("fail", [carol], []))

test_unique_email_check_failure_is_denied if count(deny) == 1 with input as plan_of("oktagate_unique_email_check", frame("fail", [carol], []))

test_access_review_failure_is_denied if count(deny) == 1 with input as plan_of("oktagate_access_review", frame("fail", [carol], []))

test_scope_check_failure_is_denied if count(deny) == 1 with input as plan_of("oktagate_scope_check", frame("fail", [carol], []))

test_password_policy_check_failure_is_denied if count(deny) == 1 with input as plan_of("oktagate_password_policy_check", frame("fail", [carol], []))

test_session_policy_check_failure_is_denied if count(deny) == 1 with input as plan_of("oktagate_session_policy_check", frame("fail", [carol], []))

test_inactive_users_check_failure_is_denied if count(deny) == 1 with input as plan_of("oktagate_inactive_users_check", frame("fail", [carol], []))

test_admin_roles_check_failure_is_denied if count(deny) == 1 with input as plan_of("oktagate_admin_roles_check", frame("fail", [carol], []))

test_api_token_check_failure_is_denied if count(deny) == 1 with input as plan_of("oktagate_api_token_check", frame("fail", [carol], []))

test_authentication_policy_check_failure_is_denied if count(deny) == 1 with input as plan_of("oktagate_authentication_policy_check", frame("fail", [carol], []))

test_network_zone_check_failure_is_denied if count(deny) == 1 with input as plan_of("oktagate_network_zone_check", frame("fail", [carol], []))

test_authenticator_check_failure_is_denied if count(deny) == 1 with input as plan_of("oktagate_authenticator_check", frame("fail", [carol], []))

test_log_stream_check_failure_is_denied if count(deny) == 1 with input as plan_of("oktagate_log_stream_check", frame("fail", [carol], []))

test_trusted_origin_check_failure_is_denied if count(deny) == 1 with input as plan_of("oktagate_trusted_origin_check", frame("fail", [carol], []))

test_app_sign_on_check_failure_is_denied if count(deny) == 1 with input as plan_of("oktagate_app_sign_on_check", frame("fail", [carol], []))
test_threat_insight_check_failure_is_denied if count(deny) == 1 with input as plan_of("oktagate_threat_insight_check", frame("fail", [carol], []))

test_behavior_detection_check_failure_is_denied if count(deny) == 1 with input as plan_of("oktagate_behavior_detection_check", frame("fail", [carol], []))
test_residual_access_check_failure_is_denied if count(deny) == 1 with input as plan_of("oktagate_residual_access_check", frame("fail", [carol], []))

test_privileged_accounts_check_failure_is_denied if count(deny) == 1 with input as plan_of("oktagate_privileged_accounts_check", frame("fail", [carol], []))

test_factor_enrollment_check_failure_is_denied if count(deny) == 1 with input as plan_of("oktagate_factor_enrollment_check", frame("fail", [carol], []))

test_device_assurance_check_failure_is_denied if count(deny) == 1 with input as plan_of("oktagate_device_assurance_check", frame("fail", [carol], []))

test_a_future_check_type_failure_is_denied if count(deny) == 1 with input as plan_of("oktagate_future_thing_check", frame("fail", [carol], []))

# Not checks: other oktagate resources (no violations, no fingerprint), another
# provider's resource with the same attributes, and data sources.
test_resources_that_are_not_checks_are_ignored if {
	count(deny) == 0 with input as plan_of("oktagate_oidc_app", {"status": "fail", "label": "x"})
	count(deny) == 0 with input as plan_of("oktagate_snapshot", {"id": "00o1", "fingerprint": "ab", "status": "fail"})
	count(deny) == 0 with input as plan_of("other_check", frame("fail", [carol], []))
	p := {"timestamp": "2026-11-23T08:00:00Z", "resource_changes": [{
		"address": "data.oktagate_future_check.this", "mode": "data", "type": "oktagate_future_check",
		"change": {"actions": ["read"], "after": frame("fail", [carol], []), "after_unknown": {}},
	}]}
	count(deny) == 0 with input as p
}

test_an_exception_due_within_14_days_is_denied if {
	deny == {"oktagate_mfa_check.this: the exception for erin@acme.com expires on 2026-12-01 (8 days left): review and renew it, or fix the violations"} with input as plan(passing([exc("2026-12-01")]))
}

test_an_expired_exception_is_denied if {
	some msg in deny with input as plan(passing([exc("2026-11-22")]))
	contains(msg, "expired on 2026-11-22")
}

test_an_exception_due_within_30_days_warns if {
	count(deny) == 0 with input as plan(passing([exc("2026-12-15")]))
	warn == {"oktagate_mfa_check.this: the exception for erin@acme.com expires on 2026-12-15 (22 days left)"} with input as plan(passing([exc("2026-12-15")]))
}

test_an_exception_longer_than_a_year_is_denied if {
	deny == {"oktagate_mfa_check.this: the exception for erin@acme.com runs until 2099-12-31, 26701 days from now, more than the 365 allowed: set an earlier expires and renew it after review"} with input as plan(passing([exc("2099-12-31")]))
}

test_an_exception_of_exactly_the_limit_is_allowed if {
	# 2027-11-23 is 365 days after the plan; the day after is one too many.
	count(deny) == 0 with input as plan(passing([exc("2027-11-23")]))
	count(deny) == 1 with input as plan(passing([exc("2027-11-24")]))
}

test_the_exception_limit_is_configurable if {
	count(deny) == 0 with input as plan(passing([exc("2027-06-30")]))
	some msg in deny with input as plan(passing([exc("2027-06-30")])) with data.oktagate.max_exception_days as 90
	contains(msg, "more than the 90 allowed")
}

test_a_long_exception_of_a_future_check_type_is_denied if {
	count(deny) == 1 with input as plan_of("oktagate_future_thing_check", passing([exc("2030-01-01")]))
}

test_unknown_results_are_denied if {
	p := {
		"timestamp": "2026-11-23T08:00:00Z",
		"resource_changes": [{
			"address": "oktagate_scope_check.integrations",
			"mode": "managed",
			"type": "oktagate_scope_check",
			"change": {"actions": ["create"], "after": {"exception": []}, "after_unknown": {"status": true, "violations": true, "fingerprint": true}},
		}],
	}
	deny == {"oktagate_scope_check.integrations: results unknown at plan time (its inputs depend on resources not yet applied)"} with input as p
}

test_unknown_results_of_a_future_check_type_are_denied if {
	p := {"resource_changes": [{
		"address": "oktagate_future_thing_check.this", "mode": "managed", "type": "oktagate_future_thing_check",
		"change": {"actions": ["create"], "after": {}, "after_unknown": {"status": true, "violations": true, "fingerprint": true}},
	}]}
	count(deny) == 1 with input as p
}

test_destroyed_checks_are_ignored if {
	p := {"resource_changes": [{"address": "oktagate_mfa_check.old", "mode": "managed", "type": "oktagate_mfa_check", "change": {"actions": ["delete"], "after": null}}]}
	count(deny) == 0 with input as p
}

test_an_exception_expiring_today_still_applies if {
	some msg in deny with input as plan(passing([exc("2026-11-23")]))
	contains(msg, "expires on 2026-11-23 (0 days left)")
}
