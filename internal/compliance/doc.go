// Package compliance holds oktagate's compliance rules: pure functions from the
// facts of an Okta org (Facts) and a check's inputs to a Result — violations
// after exceptions, warnings, control mappings, canonical JSON evidence and its
// fingerprint.
//
// The package holds rules over facts and nothing else: it does no I/O, knows
// nothing of Terraform or HTTP, and no function in it takes the org snapshot.
// It imports okta for the model types Facts holds, and neither
// internal/directory nor internal/gather (internal/layering_test.go fails if
// it does). Package gather reads, through the snapshot, the facts a rule reads
// (each rule's doc comment names them); the provider calls the loader, then
// the rule, and turns the Result into attributes and diagnostics. A rule that
// finds a fact it needs missing returns a MissingFactsError rather than
// judging on partial data.
//
// Adding a rule, for a check oktagate_<name>_check, touches:
//
//   - <name>.go here: the input struct (the resource's arguments) with a
//     Normalized method that fills in defaults and refuses bad input, and the
//     rule, func <Name>(f *Facts, in <Name>Input) (Result, error), which
//     returns finish(...) over its findings: the frame (frame.go: exceptions,
//     sorting, evidence, fingerprint, controls) is shared. Its table tests in
//     <name>_test.go build Facts by hand.
//   - controls.go here: the Check<Name> constant (the resource type, which
//     names the check in its evidence). catalog.go: the framework
//     requirements it evidences, each with its source and, where the
//     thresholds decide, a condition on the normalized input the rule hands
//     to finish (evaluation.input); TestCatalogConditions wants a case for
//     every condition, and TestFrameworksGuideUpToDate the guide re-rendered.
//   - facts.go here, only when the rule reads a collection no rule read
//     before: a Facts field, which the snapshot (internal/directory) and the
//     client (internal/okta, with the endpoint in internal/oktasim) must then
//     serve too.
//   - internal/gather/load.go: Load<Name>, which reads exactly the facts the
//     rule reads; where that depends on facts read first, it asks the input
//     (as ScopeUserIDs or RulePolicyIDs do). A test in load_test.go holds it
//     to the requests it makes.
//   - internal/provider: <name>_check_resource.go, a checkDef whose prepare
//     returns a ruleRun that loads with gather.Load<Name> and evaluates with
//     <Name>; its entry in
//     check_resources.go; its acceptance test <name>_check_resource_test.go;
//     and its configuration in scopes_test.go's typeConfigs, which finds the
//     Okta scopes it needs.
//   - examples/resources/oktagate_<name>_check/resource.tf and the scope table
//     in templates/index.md.tmpl; then make docs regenerates docs/.
package compliance
