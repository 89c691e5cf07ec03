package provider

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/booldefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringdefault"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/oktagate/terraform-provider-oktagate/internal/compliance"
	"github.com/oktagate/terraform-provider-oktagate/internal/directory"
	"github.com/oktagate/terraform-provider-oktagate/internal/provider/planmodifiers"
	"github.com/oktagate/terraform-provider-oktagate/internal/provider/validators"
)

// The common frame of every compliance check resource. A check is evaluated in
// ModifyPlan, on every plan: the frame reads the configuration, hands it to the
// check's rule (load the facts from the shared snapshot, judge them) and writes
// every result into the plan, so the results are known at plan time. Equal
// results give an empty plan; different ones an in-place update whose diff is
// the difference. Create and Update store the plan as it is; Read keeps the
// state as it is (a refresh never re-evaluates, so it never shows drift);
// Delete forgets. A check never writes to Okta.

// Enforcement modes.
const (
	enforcementBlock = "block"
	enforcementWarn  = "warn"
)

// maxListedViolations is how many violations a plan diagnostic lists.
const maxListedViolations = 20

// checkFrameModel holds the attributes every check has; each check's model
// embeds it.
type checkFrameModel struct {
	ID                types.String `tfsdk:"id"`
	Enforcement       types.String `tfsdk:"enforcement"`
	Exceptions        types.List   `tfsdk:"exception"`
	Status            types.String `tfsdk:"status"`
	SubjectsEvaluated types.Int64  `tfsdk:"subjects_evaluated"`
	ViolationCount    types.Int64  `tfsdk:"violation_count"`
	Violations        types.List   `tfsdk:"violations"`
	ExceptionsApplied types.List   `tfsdk:"exceptions_applied"`
	Controls          types.List   `tfsdk:"controls"`
	Evidence          types.String `tfsdk:"evidence"`
	Fingerprint       types.String `tfsdk:"fingerprint"`
}

type exceptionModel struct {
	Subject types.String `tfsdk:"subject"`
	Reason  types.String `tfsdk:"reason"`
	Expires types.String `tfsdk:"expires"`
}

type violationModel struct {
	Subject   string `tfsdk:"subject"`
	SubjectID string `tfsdk:"subject_id"`
	Reason    string `tfsdk:"reason"`
}

type appliedExceptionModel struct {
	Subject    string           `tfsdk:"subject"`
	Reason     string           `tfsdk:"reason"`
	Expires    string           `tfsdk:"expires"`
	Violations []violationModel `tfsdk:"violations"`
}

var (
	violationType = types.ObjectType{AttrTypes: map[string]attr.Type{
		"subject": types.StringType, "subject_id": types.StringType, "reason": types.StringType,
	}}
	appliedExceptionType = types.ObjectType{AttrTypes: map[string]attr.Type{
		"subject": types.StringType, "reason": types.StringType, "expires": types.StringType,
		"violations": types.ListType{ElemType: violationType},
	}}
)

// ruleRun is one evaluation of a check's rule, prepared from its configuration.
type ruleRun struct {
	// label names the check in diagnostics: its type and its key inputs.
	label string
	// relabel, when set, names the check better once its facts are loaded
	// (an app's label rather than its id).
	relabel func(f *compliance.Facts) string
	// validate normalizes the inputs; an error is the user's to fix.
	validate func() error
	// load gathers the facts from the snapshot; an error comes from Okta.
	load func(ctx context.Context, s *directory.Snapshot, now time.Time) (*compliance.Facts, error)
	// eval runs the rule over the facts.
	eval func(f *compliance.Facts) (compliance.Result, error)
}

// checkDef is what one check adds to the frame.
type checkDef[M any] struct {
	// check is the compliance check name, which is the resource type name
	// too (compliance.CheckMFA is "oktagate_mfa_check"): stated once.
	check       string
	description string // the resource's markdown description
	inputs      map[string]schema.Attribute
	// prepare reads the check's inputs from a known model.
	prepare func(ctx context.Context, m M, exceptions []compliance.Exception) (ruleRun, diag.Diagnostics)
}

// checkResource is a compliance check resource; M is the check's model, which
// embeds checkFrameModel.
type checkResource[M any] struct {
	def  checkDef[M]
	data *ProviderData
}

var (
	_ resource.ResourceWithModifyPlan     = (*checkResource[struct{}])(nil)
	_ resource.ResourceWithConfigure      = (*checkResource[struct{}])(nil)
	_ resource.ResourceWithValidateConfig = (*checkResource[struct{}])(nil)
)

func (r *checkResource[M]) Metadata(_ context.Context, _ resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = r.def.check
}

func (r *checkResource[M]) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	// Resources are handed the client too (provisioningData); a check keeps
	// only what it reads by, the snapshot.
	if data, ok := configureFrom[*provisioningData](req.ProviderData, &resp.Diagnostics); ok {
		r.data = data.ProviderData
	}
}

func (r *checkResource[M]) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	attrs := checkFrameAttributes()
	for k, v := range r.def.inputs {
		attrs[k] = v
	}
	useWholeNumbers(attrs)
	resp.Schema = schema.Schema{
		MarkdownDescription: r.def.description + "\n\n" + checkFrameDescription,
		Attributes:          attrs,
		Blocks: map[string]schema.Block{
			"exception": schema.ListNestedBlock{
				MarkdownDescription: "Waives the violations of one subject until a date. Repeat the block for " +
					"each subject; two blocks for one subject (in any case) are an error. An exception past its " +
					"`expires` date stops applying and the plan warns, naming the subject and the date; the " +
					"violations it waived count again. An exception expiring more than the provider's " +
					"`max_exception_days` (default 365) after the plan fails the plan; one expiring within 14 days " +
					"of the plan, and one that waives no violation, are plan warnings.",
				NestedObject: schema.NestedBlockObject{Attributes: map[string]schema.Attribute{
					"subject": schema.StringAttribute{
						MarkdownDescription: "Whom the exception waives: for a user, a login, email or Okta user id " +
							"(case-insensitive); for an app, group or other subject, the violation's `subject` or " +
							"`subject_id`.",
						Required:   true,
						Validators: []validator.String{stringvalidator.LengthAtLeast(1)},
					},
					"reason": schema.StringAttribute{
						MarkdownDescription: "Why the exception is granted, e.g. a ticket reference; kept in the evidence.",
						Required:            true,
						Validators:          []validator.String{stringvalidator.LengthAtLeast(1)},
					},
					"expires": schema.StringAttribute{
						MarkdownDescription: "The last day the exception applies (through the end of that day, UTC), " +
							"as `YYYY-MM-DD`.",
						Required:   true,
						Validators: []validator.String{validators.Date()},
					},
				}},
			},
		},
	}
}

const checkFrameDescription = "The check is evaluated on every `terraform plan`, and every result is known at plan " +
	"time. With `enforcement = \"block\"` (the default) violations fail the plan with one error that lists up to " +
	"20 of them; with `\"warn\"` the same text is a warning. The provider's `evidence_dir` keeps every " +
	"violation: each evaluation writes its complete record there, and the diagnostic names the file. When the evidence is unchanged the plan shows no " +
	"diff; when it changes the plan shows an in-place update of this resource whose diff is the change. A refresh " +
	"never re-evaluates the check, and the check never writes to Okta. Checks in one plan share one read of the " +
	"org: users and factors are fetched once however many checks read them. Checks cannot be imported."

func checkFrameAttributes() map[string]schema.Attribute {
	violationAttrs := map[string]schema.Attribute{
		"subject": schema.StringAttribute{
			MarkdownDescription: "What violates: a user's login, an app's label, a group's name…",
			Computed:            true,
		},
		"subject_id": schema.StringAttribute{
			MarkdownDescription: "The subject's Okta id.",
			Computed:            true,
		},
		"reason": schema.StringAttribute{
			MarkdownDescription: "Why it violates the check.",
			Computed:            true,
		},
	}
	return map[string]schema.Attribute{
		"id": schema.StringAttribute{
			MarkdownDescription: "A stable identifier of the check, derived from the org and the check's first " +
				"evaluation; it does not change afterwards.",
			Computed: true,
		},
		"enforcement": schema.StringAttribute{
			MarkdownDescription: "`\"block\"` (default): violations are plan errors, so the plan fails. " +
				"`\"warn\"`: violations are plan warnings, and the plan succeeds.",
			Optional:   true,
			Computed:   true,
			Default:    stringdefault.StaticString(enforcementBlock),
			Validators: []validator.String{stringvalidator.OneOf(enforcementBlock, enforcementWarn)},
		},
		"status": schema.StringAttribute{
			MarkdownDescription: "`\"pass\"` when no violation remains after exceptions, `\"fail\"` otherwise.",
			Computed:            true,
		},
		"subjects_evaluated": schema.Int64Attribute{
			MarkdownDescription: "How many subjects (users, assignments, apps…) the check evaluated.",
			Computed:            true,
		},
		"violation_count": schema.Int64Attribute{
			MarkdownDescription: "How many violations remain after exceptions.",
			Computed:            true,
		},
		"violations": schema.ListNestedAttribute{
			MarkdownDescription: "The violations that no exception waived, sorted by subject, subject id and reason.",
			Computed:            true,
			NestedObject:        schema.NestedAttributeObject{Attributes: violationAttrs},
			PlanModifiers:       []planmodifier.List{planmodifiers.RecomputedList()},
		},
		"exceptions_applied": schema.ListNestedAttribute{
			MarkdownDescription: "The exceptions in force that waived at least one violation, sorted by subject, " +
				"each with the violations it waived. Exceptions that expired or matched nothing are not listed " +
				"here; `evidence` records them.",
			Computed:      true,
			PlanModifiers: []planmodifier.List{planmodifiers.RecomputedList()},
			NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
				"subject": schema.StringAttribute{MarkdownDescription: "The exception's `subject`.", Computed: true},
				"reason":  schema.StringAttribute{MarkdownDescription: "The exception's `reason`.", Computed: true},
				"expires": schema.StringAttribute{MarkdownDescription: "The exception's `expires` date.", Computed: true},
				"violations": schema.ListNestedAttribute{
					MarkdownDescription: "The violations it waived.",
					Computed:            true,
					NestedObject:        schema.NestedAttributeObject{Attributes: violationAttrs},
				},
			}},
		},
		"controls": schema.ListAttribute{
			MarkdownDescription: "The framework requirements the check gives evidence for, as `FRAMEWORK REQUIREMENT` " +
				"(e.g. `\"SOC2 CC6.1\"`, `\"PCIDSS4.0.1 8.2.8\"`, `\"STIG V-273186\"`), sorted: only those its " +
				"thresholds meet, in the frameworks the provider's `frameworks` selects (default all). The Frameworks " +
				"guide lists every check's requirements, when each applies and the source of each mapping.",
			Computed:    true,
			ElementType: types.StringType,
		},
		"evidence": schema.StringAttribute{
			MarkdownDescription: "Canonical JSON (sorted keys, no whitespace, no evaluation timestamp) of the " +
				"check's normalized inputs, counts, exceptions (applied, expired, unused), controls, the SHA-256 " +
				"fingerprints of the facts it read, and `violations_sha256`: the SHA-256 of the canonical JSON of " +
				"`violations` (each `{reason, subject, subject_id}`, in order), which the evidence names rather " +
				"than repeats, so that a changed result is drawn once in a plan (Terraform's list diff is " +
				"quadratic in a list's length). It changes exactly when the facts, the inputs or the violations do.",
			Computed: true,
		},
		"fingerprint": schema.StringAttribute{
			MarkdownDescription: "The hex SHA-256 of `evidence`.",
			Computed:            true,
		},
	}
}

// ValidateConfig refuses inputs the rule would refuse, before any request.
func (r *checkResource[M]) ValidateConfig(ctx context.Context, req resource.ValidateConfigRequest, resp *resource.ValidateConfigResponse) {
	if !req.Config.Raw.IsFullyKnown() {
		return
	}
	var m M
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	excs, diags := readExceptions(ctx, req.Config.GetAttribute)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	// Which of two exceptions for one subject waives would be ambiguous.
	if err := compliance.ValidateExceptions(excs); err != nil {
		resp.Diagnostics.AddAttributeError(path.Root("exception"), "Invalid exception", upperFirst(sentence(err)))
		return
	}
	run, diags := r.def.prepare(ctx, m, excs)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	if err := run.validate(); err != nil && !inputValidatorsFail(ctx, req.Config, r.def.inputs) {
		resp.Diagnostics.AddError("Invalid "+r.def.check+" arguments", sentence(err))
	}
}

// ModifyPlan evaluates the check and writes its results into the plan.
func (r *checkResource[M]) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if req.Plan.Raw.IsNull() {
		return // destroy: nothing to evaluate
	}
	var frameworks []string
	if r.data != nil {
		frameworks = r.data.Frameworks
	}
	controls := writeStrings[types.List](compliance.Controls(r.def.check, frameworks), emptyKnown)
	resp.Diagnostics.Append(resp.Plan.SetAttribute(ctx, path.Root("controls"), controls)...)

	var priorID types.String
	if !req.State.Raw.IsNull() {
		resp.Diagnostics.Append(req.State.GetAttribute(ctx, path.Root("id"), &priorID)...)
	}
	if resp.Diagnostics.HasError() {
		return
	}

	// Inputs that depend on other resources, or a provider configured from
	// them, are known only at apply: so are the results. In block mode that
	// fails the plan (planUnknown).
	if r.data == nil || !req.Config.Raw.IsFullyKnown() {
		r.planUnknown(ctx, req, priorID, resp)
		return
	}

	var m M
	resp.Diagnostics.Append(req.Plan.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	var enforcement types.String
	resp.Diagnostics.Append(req.Plan.GetAttribute(ctx, path.Root("enforcement"), &enforcement)...)
	excs, diags := readExceptions(ctx, req.Plan.GetAttribute)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	run, diags := r.def.prepare(ctx, m, excs)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	res, ok := r.evaluate(ctx, &run, &resp.Diagnostics)
	if !ok {
		return
	}

	id := priorID
	if id.IsNull() || id.IsUnknown() || id.ValueString() == "" {
		sum := sha256.Sum256([]byte(r.data.OrgURL + "\x00" + r.def.check + "\x00" + res.Fingerprint))
		id = types.StringValue(hex.EncodeToString(sum[:])[:32])
	}
	resp.Diagnostics.Append(setResults(ctx, &resp.Plan.Raw, id, res)...)
	evidencePath := r.keepEvidence(run.label, enforcement.ValueString(), res, &resp.Diagnostics)
	reportResult(&resp.Diagnostics, run.label, enforcement.ValueString(), res, evidencePath)
}

// keepEvidence writes the check's evidence record into the provider's
// evidence_dir, when set, and returns its path. A record that cannot be
// written fails the plan: the evidence was asked for, and a run that cannot
// keep it must not pass as if it had.
func (r *checkResource[M]) keepEvidence(label, enforcement string, res compliance.Result, diags *diag.Diagnostics) string {
	if r.data.EvidenceDir == "" {
		return ""
	}
	if res.Check == "" {
		res.Check = r.def.check
	}
	rec := newEvidenceRecord(label, enforcement, res, r.data.Snapshot.PlanTime(), r.data.ProviderVersion, r.data.TerraformVersion)
	p, err := writeEvidenceRecord(r.data.EvidenceDir, rec)
	if err != nil {
		diags.AddAttributeError(path.Root("evidence_dir"), "Cannot keep the evidence of "+label,
			fmt.Sprintf("Writing its evidence record into evidence_dir %q failed: %v. The plan fails rather than "+
				"pass without the evidence it was asked to keep: make the directory writable, or set evidence_dir "+
				"(or %s) to a directory that is.", r.data.EvidenceDir, unwrapPathError(err), envEvidenceDir))
		return ""
	}
	return p
}

// unwrapPathError drops the path an *os.PathError repeats after the message
// has named the directory, keeping the operation and the OS error.
func unwrapPathError(err error) error {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return fmt.Errorf("%s %s: %w", pe.Op, filepath.Base(pe.Path), pe.Err)
	}
	return err
}

// evaluate validates, loads and judges, turning each kind of failure into a
// diagnostic a person can act on.
func (r *checkResource[M]) evaluate(ctx context.Context, run *ruleRun, diags *diag.Diagnostics) (compliance.Result, bool) {
	if err := run.validate(); err != nil {
		diags.AddError("Invalid "+r.def.check+" arguments", sentence(err))
		return compliance.Result{}, false
	}
	// Planned again at apply with no change to the snapshot: start from the
	// plan's snapshot rather than read the org again.
	r.data.startFromPlan(ctx)
	// The snapshot's plan time, not the moment: the provider's as_of when set,
	// so that the checks planned again at apply count days as their plan did.
	f, err := run.load(ctx, r.data.Snapshot, r.data.Snapshot.PlanTime())
	if err != nil {
		addError(diags, "reading the org for "+run.label, err)
		return compliance.Result{}, false
	}
	if run.relabel != nil {
		run.label = run.relabel(f)
	}
	f.MaxExceptionDays = r.data.MaxExceptionDays
	f.Frameworks = r.data.Frameworks
	res, err := run.eval(f)
	if err != nil {
		var missing *compliance.MissingFactsError
		var refused *compliance.ExceptionError
		switch {
		case errors.As(err, &refused):
			for _, p := range refused.Problems {
				diags.AddAttributeError(path.Root("exception"), "Exception runs too long: "+run.label, p)
			}
		case errors.As(err, &missing):
			diags.AddError("Compliance check could not be evaluated",
				run.label+": "+err.Error()+". This is a bug in the provider; please report it.")
		default:
			diags.AddError("Cannot evaluate "+run.label, sentence(err))
		}
		return compliance.Result{}, false
	}
	for _, n := range res.Notes {
		tflog.Info(ctx, "compliance check note", map[string]any{"check": run.label, "note": n})
	}
	return res, true
}

// reportResult adds the plan's diagnostics: one error (block) or warning (warn)
// listing the violations, and a warning per other finding (expired
// exceptions…).
//
// evidencePath, when set, is the check's evidence record, named on the
// diagnostic's last line; when unset and a blocking list is cut short, the
// last line says how to keep every violation.
func reportResult(diags *diag.Diagnostics, label, enforcement string, res compliance.Result, evidencePath string) {
	for _, w := range res.Warnings {
		detail := "Reported by " + label + "."
		for _, e := range res.ExceptionsExpired {
			if strings.Contains(w, e.Subject) && strings.Contains(w, e.Expires) {
				detail += " The violations it waived count again. After review, renew it with a later " +
					"expires date, or fix the violations and remove it."
				break
			}
		}
		diags.AddWarning(upperFirst(w), detail)
	}
	if len(res.Violations) == 0 {
		return
	}
	count := fmt.Sprintf("%d violation", len(res.Violations))
	if len(res.Violations) != 1 {
		count += "s"
	}
	// The evidence fingerprint keeps summaries of different checks apart, so
	// Terraform never folds one warning into another's "similar warnings".
	ref := count + ", evidence " + res.Fingerprint[:12]
	detail := compliance.Format(label, res, maxListedViolations)
	// After a blank line, so that a reader of the list (internal/report)
	// stops before it.
	var last string
	switch {
	case evidencePath != "":
		last = "\n\nComplete evidence: " + evidencePath
	case enforcement != enforcementWarn && len(res.Violations) > maxListedViolations:
		// A warning's plan keeps every violation in its planned values.
		last = "\n\nSet evidence_dir (or " + envEvidenceDir + ") to keep every violation of a blocked plan."
	}
	if enforcement == enforcementWarn {
		diags.AddWarning("Compliance check warning: "+label+" ("+ref+")", detail+last)
		return
	}
	diags.AddError("Compliance check failed: "+label+" ("+ref+")", detail+
		"\n\nFix the violations, or waive one with an exception block (subject, reason, expires). "+
		"enforcement = \"warn\" reports them without failing the plan."+last)
}

// planUnknown handles a check whose results cannot be known at plan: in block
// mode (or when enforcement itself is unknown) it fails the plan, naming the
// unknown inputs and how to make them known; a gate that cannot be judged
// must not pass. In warn mode it warns and marks the results unknown: they
// are computed at apply, when the inputs are known.
func (r *checkResource[M]) planUnknown(ctx context.Context, req resource.ModifyPlanRequest, priorID types.String, resp *resource.ModifyPlanResponse) {
	enforcement, diags := configEnforcement(ctx, req.Config)
	resp.Diagnostics.Append(diags...)
	unknownResultsDiagnostic(&resp.Diagnostics, r.def.check, enforcement, r.data != nil, unknownInputs(req.Config.Raw))
	if resp.Diagnostics.HasError() {
		return
	}
	id := priorID
	if id.IsNull() {
		id = types.StringUnknown()
	}
	for p, v := range map[string]attr.Value{
		"id":                 id,
		"status":             types.StringUnknown(),
		"subjects_evaluated": types.Int64Unknown(),
		"violation_count":    types.Int64Unknown(),
		"violations":         types.ListUnknown(violationType),
		"exceptions_applied": types.ListUnknown(appliedExceptionType),
		"evidence":           types.StringUnknown(),
		"fingerprint":        types.StringUnknown(),
	} {
		resp.Diagnostics.Append(resp.Plan.SetAttribute(ctx, path.Root(p), v)...)
	}
	// Which requirements a check meets depends on its inputs where the
	// catalog says so; which frameworks appear, on the provider's.
	if r.data == nil || compliance.ControlsDependOnInputs(r.def.check) {
		resp.Diagnostics.Append(resp.Plan.SetAttribute(ctx, path.Root("controls"), types.ListUnknown(types.StringType))...)
	}
}

// setResults sets the check's results in the planned object at once. Each
// SetAttribute walks the whole object, the prior violations included, and at
// 100k users a check's object holds thousands of them: nine calls were nine
// walks. The values are the schema's types (types.List of violationType…),
// so the object they make is the one SetAttribute would have made.
func setResults(ctx context.Context, plan *tftypes.Value, id types.String, res compliance.Result) diag.Diagnostics {
	var diags diag.Diagnostics
	vs, d := types.ListValueFrom(ctx, violationType, violationModels(res.Violations))
	diags.Append(d...)
	applied := make([]appliedExceptionModel, 0, len(res.ExceptionsApplied))
	for _, a := range res.ExceptionsApplied {
		applied = append(applied, appliedExceptionModel{
			Subject: a.Subject, Reason: a.Reason, Expires: a.Expires, Violations: violationModels(a.Violations),
		})
	}
	as, d := types.ListValueFrom(ctx, appliedExceptionType, applied)
	diags.Append(d...)
	controls, d := types.ListValueFrom(ctx, types.StringType, res.Controls)
	diags.Append(d...)
	if diags.HasError() {
		return diags
	}
	diags.Append(setTopLevel(ctx, plan, map[string]attr.Value{
		"id":                 id,
		"status":             types.StringValue(res.Status),
		"subjects_evaluated": types.Int64Value(int64(res.SubjectsEvaluated)),
		"violation_count":    types.Int64Value(int64(len(res.Violations))),
		"violations":         vs,
		"exceptions_applied": as,
		"controls":           controls,
		"evidence":           types.StringValue(res.Evidence),
		"fingerprint":        types.StringValue(res.Fingerprint),
	})...)
	return diags
}

// setTopLevel replaces top-level attributes of the object value obj with
// values, in one pass.
func setTopLevel(ctx context.Context, obj *tftypes.Value, values map[string]attr.Value) diag.Diagnostics {
	var diags diag.Diagnostics
	attrs := map[string]tftypes.Value{}
	if err := obj.As(&attrs); err != nil {
		diags.AddError("Could not set the check's results", "Reading the planned object: "+err.Error()+". This is a bug in the provider; please report it.")
		return diags
	}
	for name, v := range values {
		if _, ok := attrs[name]; !ok {
			diags.AddError("Could not set the check's results", "The planned object has no attribute "+name+". This is a bug in the provider; please report it.")
			return diags
		}
		tv, err := v.ToTerraformValue(ctx)
		if err != nil {
			diags.AddError("Could not set the check's results", "Converting "+name+": "+err.Error()+". This is a bug in the provider; please report it.")
			return diags
		}
		attrs[name] = tv
	}
	if err := tftypes.ValidateValue(obj.Type(), attrs); err != nil {
		diags.AddError("Could not set the check's results", err.Error()+". This is a bug in the provider; please report it.")
		return diags
	}
	*obj = tftypes.NewValue(obj.Type(), attrs)
	return diags
}

func violationModels(vs []compliance.Violation) []violationModel {
	out := make([]violationModel, 0, len(vs))
	for _, v := range vs {
		out = append(out, violationModel{Subject: v.Subject, SubjectID: v.SubjectID, Reason: v.Reason})
	}
	return out
}

// readExceptions reads the exception blocks from a plan or config.
func readExceptions(ctx context.Context, get func(context.Context, path.Path, any) diag.Diagnostics) ([]compliance.Exception, diag.Diagnostics) {
	var ms []exceptionModel
	diags := get(ctx, path.Root("exception"), &ms)
	if diags.HasError() {
		return nil, diags
	}
	out := make([]compliance.Exception, 0, len(ms))
	for _, m := range ms {
		out = append(out, compliance.Exception{
			Subject: m.Subject.ValueString(), Reason: m.Reason.ValueString(), Expires: m.Expires.ValueString(),
		})
	}
	return out, diags
}

// Create stores the plan: the results the plan showed are the results kept.
func (r *checkResource[M]) Create(_ context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	storePlan(req.Plan.Raw.IsFullyKnown(), &resp.Diagnostics)
	if !resp.Diagnostics.HasError() {
		resp.State.Raw = req.Plan.Raw
	}
}

// Update stores the plan, as Create does.
func (r *checkResource[M]) Update(_ context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	storePlan(req.Plan.Raw.IsFullyKnown(), &resp.Diagnostics)
	if !resp.Diagnostics.HasError() {
		resp.State.Raw = req.Plan.Raw
	}
}

func storePlan(known bool, diags *diag.Diagnostics) {
	if !known {
		diags.AddError("Compliance check results unknown at apply",
			"The check could not be evaluated when the apply was planned (the provider was not configured). "+
				"This is a bug in the provider; please report it.")
	}
}

// Read keeps the stored results: the check is evaluated by plans, never by a
// refresh, and reads nothing from Okta here.
func (r *checkResource[M]) Read(context.Context, resource.ReadRequest, *resource.ReadResponse) {}

// Delete forgets the check; there is nothing in Okta to remove.
func (r *checkResource[M]) Delete(context.Context, resource.DeleteRequest, *resource.DeleteResponse) {
}

// appLabel names an app in a check's label: "Salesforce (0oa…)", or its id
// alone ("app 0oa…") when the facts do not know it.
func appLabel(f *compliance.Facts, id string) string {
	if a, ok := f.AppByID(id); ok && a.Label != "" {
		return a.Label + " (" + id + ")"
	}
	return "app " + id
}

// sentence ends an error message with a period. Messages of the compliance
// package start with the argument they are about (min_factors, app_id…), so
// their case is kept.
func sentence(err error) string {
	return strings.TrimRight(strings.TrimSpace(err.Error()), ".") + "."
}

// allowEmptyAttribute is the allow_empty argument of a check over people;
// empty says what evaluating nobody means for the check.
func allowEmptyAttribute(empty string) schema.BoolAttribute {
	return schema.BoolAttribute{
		MarkdownDescription: "Whether a check that evaluated nobody passes. Empty means " + empty + ". Default " +
			"false: that is far likelier a mistake (a scope or id that matches no one, a read of the org that came " +
			"back empty) than a state to approve, so the check fails with one violation saying why nothing was " +
			"evaluated and which arguments to check. `true`: it passes, and the evidence's `details.note` says why " +
			"nothing was evaluated.",
		Optional: true,
		Computed: true,
		Default:  booldefault.StaticBool(false),
	}
}
