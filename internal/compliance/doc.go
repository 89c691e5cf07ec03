// Package compliance holds oktagate's compliance rules: pure functions from the
// facts of an Okta org (Facts) and a check's inputs to a Result — violations
// after exceptions, warnings, control mappings, canonical JSON evidence and its
// fingerprint.
//
// The package does no I/O and knows nothing of Terraform or HTTP. The provider
// gathers the facts a rule reads from the org snapshot (each rule's doc comment
// names them), calls the rule, and turns the Result into attributes and
// diagnostics. A rule that finds a fact it needs missing returns an error rather
// than judging on partial data.
//
// Adding a rule is one file: an input struct with a normalize method that fills in
// defaults, and a function that returns evaluate(...) over the findings it made;
// the frame (exceptions, sorting, evidence, fingerprint, controls) is shared.
package compliance
