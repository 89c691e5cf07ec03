package provider

import (
	"context"
	"strconv"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/oktagate/terraform-provider-oktagate/internal/compliance"
	"github.com/oktagate/terraform-provider-oktagate/internal/directory"
	"github.com/oktagate/terraform-provider-oktagate/internal/gather"
)

type privilegedAccountsCheckModel struct {
	checkFrameModel
	MinFactors               types.Int64 `tfsdk:"min_factors"`
	RequirePhishingResistant types.Bool  `tfsdk:"require_phishing_resistant"`
	MaxPasswordAgeDays       types.Int64 `tfsdk:"max_password_age_days"`
	MaxInactiveDays          types.Int64 `tfsdk:"max_inactive_days"`
	MaxPrivilegedUsers       types.Int64 `tfsdk:"max_privileged_users"`
}

// The check has no allow_empty: every org has a SUPER_ADMIN, so finding no
// admin means the read is incomplete, a violation no argument allows (as
// the admin roles check does).
func newPrivilegedAccountsCheckResource() resource.Resource {
	d := compliance.DefaultPrivilegedAccountsInput()
	return &checkResource[privilegedAccountsCheckModel]{def: checkDef[privilegedAccountsCheckModel]{
		check: compliance.CheckPrivilegedAccounts,
		description: "Fails the plan when an administrator — a user holding any admin role, directly or through a " +
			"group, whatever their status — has fewer than `min_factors` ACTIVE factors or no ACTIVE " +
			"phishing-resistant one (`webauthn`, `u2f`, `signed_nonce`: FIDO2, U2F, Okta FastPass), a password last " +
			"changed (`passwordChanged`) more than `max_password_age_days` ago, or a last sign-in (`lastLogin`; " +
			"else activation, else creation, as `oktagate_inactive_users_check` computes it) more than " +
			"`max_inactive_days` ago. One violation per admin listing every shortfall. A user whose " +
			"`passwordChanged` Okta does not return (no Okta password, e.g. federated) is not judged on its age.\n\n" +
			"More administrators than `max_privileged_users` is one more violation, subject `\"" +
			compliance.SubjectPrivilegedUsers + "\"`; as Microsoft Defender for Identity counts them, users holding " +
			"`SUPER_ADMIN` are not counted (`oktagate_admin_roles_check`'s `max_super_admins` limits them). The " +
			"defaults follow Defender for Identity's Okta assessments (180-day passwords, 90 days dormant, 25 " +
			"privileged accounts) and ask for a second factor as a backup. Any threshold set to 0 is not judged.\n\n" +
			"It reads the users, the role assignments (as `oktagate_admin_roles` does) and the factors of the " +
			"admins only, which the snapshot keeps between plans. An org where no user holds a role fails: every " +
			"org has a `SUPER_ADMIN`, so the read is incomplete. Scopes: `okta.users.read`, `okta.roles.read`, " +
			"`okta.groups.read` and `okta.apps.read` (the role assignments' groups and apps).",
		inputs: map[string]schema.Attribute{
			"min_factors": thresholdInput("How many ACTIVE factors each admin needs (PENDING_ACTIVATION, NOT_SETUP… "+
				"never count). Default "+strconv.Itoa(d.MinFactors)+"; 0: not judged.", int64(d.MinFactors)),
			"require_phishing_resistant": flagInput("Each admin needs an ACTIVE phishing-resistant factor: `webauthn`, "+
				"`u2f` or `signed_nonce`. Default true.", d.RequirePhishingResistant),
			"max_password_age_days": thresholdInput("How many days ago an admin's password may have last changed. "+
				"Default "+strconv.Itoa(d.MaxPasswordAgeDays)+" (Microsoft Defender for Identity's); 0: not judged.",
				int64(d.MaxPasswordAgeDays)),
			"max_inactive_days": thresholdInput("How many days an admin may go without signing in. Default "+
				strconv.Itoa(d.MaxInactiveDays)+"; 0: not judged.", int64(d.MaxInactiveDays)),
			"max_privileged_users": thresholdInput("How many users may hold an admin role, `SUPER_ADMIN` holders "+
				"not counted. Default "+strconv.Itoa(d.MaxPrivilegedUsers)+" (Microsoft Defender for Identity's); 0: "+
				"not judged.", int64(d.MaxPrivilegedUsers)),
		},
		prepare: preparePrivilegedAccounts,
	}}
}

func preparePrivilegedAccounts(_ context.Context, m privilegedAccountsCheckModel, excs []compliance.Exception) (ruleRun, diag.Diagnostics) {
	in := compliance.PrivilegedAccountsInput{
		MinFactors:               int(m.MinFactors.ValueInt64()),
		RequirePhishingResistant: flagOr(m.RequirePhishingResistant, true),
		MaxPasswordAgeDays:       int(m.MaxPasswordAgeDays.ValueInt64()),
		MaxInactiveDays:          int(m.MaxInactiveDays.ValueInt64()),
		MaxPrivilegedUsers:       int(m.MaxPrivilegedUsers.ValueInt64()),
		Exceptions:               excs,
	}
	return ruleRun{
		label:    compliance.CheckPrivilegedAccounts,
		validate: func() error { _, err := in.Normalized(); return err },
		load: func(ctx context.Context, s *directory.Snapshot, now time.Time) (*compliance.Facts, error) {
			return gather.LoadPrivilegedAccounts(ctx, s, now, in)
		},
		eval: func(f *compliance.Facts) (compliance.Result, error) { return compliance.PrivilegedAccounts(f, in) },
	}, nil
}
