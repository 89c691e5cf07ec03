package provider

import (
	"context"
	"fmt"
	"regexp"
	"sort"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/defaults"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringdefault"
	"github.com/hashicorp/terraform-plugin-framework/types/basetypes"

	"github.com/oktagate/terraform-provider-oktagate/internal/okta"
)

// provisioningData is what Configure hands resources: the provider data and
// the client. Only provisioning resources (provResource) keep the client;
// checks keep the ProviderData alone.
type provisioningData struct {
	*ProviderData
	Client *okta.Client
}

// provResource gives every provisioning resource (and oktagate_snapshot) its
// type name and the provider data with the client.
type provResource struct {
	name string // without the provider prefix, e.g. "service_account"
	data *provisioningData
}

func (r *provResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_" + r.name
}

func (r *provResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	if data, ok := configureFrom[*provisioningData](req.ProviderData, &resp.Diagnostics); ok {
		r.data = data
	}
}

// configured reports whether the provider has been configured; plan-time
// checks that need the client skip themselves when it has not (validation).
func (r *provResource) configured() bool { return r.data != nil && r.data.Client != nil }

// diffStrings returns what to add to have and what to remove from it to
// reach want, each sorted.
func diffStrings(want, have []string) (add, remove []string) {
	w := make(map[string]bool, len(want))
	for _, s := range want {
		w[s] = true
	}
	h := make(map[string]bool, len(have))
	for _, s := range have {
		h[s] = true
		if !w[s] {
			remove = append(remove, s)
		}
	}
	for s := range w {
		if !h[s] {
			add = append(add, s)
		}
	}
	sort.Strings(add)
	sort.Strings(remove)
	return add, remove
}

// reconcile makes have into want, one call at a time: first remove for each
// value want lacks, then add for each value have lacks, each in sorted order,
// so the calls Okta sees are the same from run to run. A value already gone
// from Okta is not an error (deleted outside Terraform, or by a retry); the
// first other error stops the reconciliation and is returned, and the caller
// reports what was left done in part.
func reconcile(ctx context.Context, want, have []string, add, remove func(ctx context.Context, value string) error) error {
	toAdd, toRemove := diffStrings(want, have)
	for _, v := range toRemove {
		if err := remove(ctx, v); err != nil && !gone(err) {
			return err
		}
	}
	for _, v := range toAdd {
		if err := add(ctx, v); err != nil {
			return err
		}
	}
	return nil
}

// directRoles returns a principal's roles assigned to it directly (not held
// through a group), by type.
func directRoles(roles []okta.Role) map[string]okta.Role {
	out := make(map[string]okta.Role, len(roles))
	for _, r := range roles {
		if r.AssignmentType == "GROUP" {
			continue
		}
		if r.Status != "" && r.Status != "ACTIVE" {
			continue
		}
		out[r.Type] = r
	}
	return out
}

func roleTypesOf(m map[string]okta.Role) []string {
	out := make([]string, 0, len(m))
	for t := range m {
		out = append(out, t)
	}
	return out
}

// privilegedRoleTypes hold (nearly) every permission in the org.
var privilegedRoleTypes = map[string]bool{"SUPER_ADMIN": true, "ORG_ADMIN": true}

// gone reports an object that no longer exists in Okta: deleted outside
// Terraform. Read removes it from state; Delete has nothing left to do.
func gone(err error) bool { return okta.IsNotFound(err) }

// quoteList renders values for a message: "a", "b" and "c".
func quoteList(values []string) string {
	q := make([]string, len(values))
	for i, v := range values {
		q[i] = fmt.Sprintf("%q", v)
	}
	switch len(q) {
	case 0:
		return ""
	case 1:
		return q[0]
	}
	return strings.Join(q[:len(q)-1], ", ") + " and " + q[len(q)-1]
}

// partialWarning is appended to an error met after an object was created, so
// the person knows the object exists and what the next apply does.
func partialDetail(kind, id string) string {
	return fmt.Sprintf("\n\nThe %s %s was created and is recorded in the state as tainted: the next apply replaces it "+
		"(after fixing the cause above), so nothing is left behind in Okta.", kind, id)
}

// emailPattern is a loose email check: Okta applies its own rules.
var emailPattern = regexp.MustCompile(`^[^@\s]+@[^@\s]+$`)

// stringDefault is a static default for an optional string.
func stringDefault(s string) defaults.String { return stringdefault.StaticString(s) }

// provObjectAs reads a nested object into a struct; unknown and null
// attributes stay unknown and null.
var provObjectAs = basetypes.ObjectAsOptions{}
