// Package gather gathers a rule's facts from the org snapshot: one loader per
// check (LoadX for the rule compliance.X) reads, through a
// directory.Snapshot, exactly the facts the rule reads (see each rule's doc
// comment) and returns them as compliance.Facts stamped with now. The loader
// does the I/O, the rule judges: compliance imports neither this package nor
// directory, and the layering test (internal/layering_test.go) keeps it so.
//
// Every fetch goes through the snapshot, so checks that run in the same plan
// share one fetch of each collection: the users are listed once and each
// user's factors are read once, however many checks read them. Where what to
// read depends on what was read (whose factors, which policies' rules), the
// loader asks the rule's input (ScopeUserIDs, DueUserIDs, RulePolicyIDs…)
// rather than deciding itself, so the rule and its loader cannot disagree.
//
// A loader validates the input (Normalized) before it fetches anything, so a
// bad input costs no request. Its errors wrap the snapshot's, which wrap the
// client's (*okta.Error and friends), for the caller to describe.
package gather
