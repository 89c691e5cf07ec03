package provider

import (
	"context"
	"fmt"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"

	"github.com/oktagate/terraform-provider-oktagate/internal/okta"
)

// Adopting the OIDC app a create whose response was lost made.

// createOrAdopt creates the app. When the response is lost but Okta may have
// created it, it adopts the app if the match is unambiguous, warning either
// way, and otherwise returns the error for Create to report.
func (r *oidcAppResource) createOrAdopt(ctx context.Context, spec okta.OIDCAppSpec, diags *diag.Diagnostics) (okta.App, error) {
	requested := time.Now()
	app, err := r.data.Client.CreateOIDCApp(ctx, spec, true)
	if err != nil && okta.MayHaveApplied(err) {
		// The response was lost, but Okta may have created the app. Labels are
		// not unique, so adopt only an unambiguous match: the one OIDC app with
		// this label created since the request was sent.
		if found, ok := r.findCreatedApp(ctx, spec.Label, requested); ok {
			diags.AddWarning("Adopted the OIDC app Okta created",
				fmt.Sprintf("The response to creating %q was lost (%v), but Okta had created it as %s; it is now managed by this resource.",
					spec.Label, err, found.ID))
			return found, nil
		}
		diags.AddWarning("Okta may have created the app anyway",
			fmt.Sprintf("The response to creating %q was lost. If an app with this label now exists in Okta, import it (terraform import <address> <app id>) or delete it before applying again.", spec.Label))
	}
	return app, err
}

// findCreatedApp looks for the OIDC app a create whose response was lost may
// have made: exactly one OPENID_CONNECT app labelled label, created no earlier
// than a minute before since (allowing for clock skew between here and Okta).
func (r *oidcAppResource) findCreatedApp(ctx context.Context, label string, since time.Time) (okta.App, bool) {
	apps, err := r.data.Client.ListApps(ctx, okta.AppQuery{Q: label})
	if err != nil {
		return okta.App{}, false
	}
	var match []okta.App
	for _, a := range apps {
		if a.Label == label && a.SignOnMode == "OPENID_CONNECT" && !a.Created.Before(since.Add(-time.Minute)) {
			match = append(match, a)
		}
	}
	if len(match) != 1 {
		return okta.App{}, false
	}
	return match[0], true
}
