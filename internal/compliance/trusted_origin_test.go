package compliance

import (
	"slices"
	"strings"
	"testing"

	"github.com/oktagate/terraform-provider-oktagate/internal/okta"
)

func origin(id, name, url, status string, scopes ...string) okta.TrustedOrigin {
	o := okta.TrustedOrigin{ID: id, Name: name, Origin: url, Status: status}
	for _, s := range scopes {
		typ, apps, _ := strings.Cut(s, "+")
		sc := okta.TrustedOriginScope{Type: typ}
		if apps != "" {
			sc.AllowedOktaApps = []string{apps}
		}
		o.Scopes = append(o.Scopes, sc)
	}
	return o
}

func TestTrustedOrigin(t *testing.T) {
	app := origin("tos1", "App", "https://app.acme.com", "ACTIVE", "CORS", "REDIRECT")
	tests := []struct {
		name    string
		origins []okta.TrustedOrigin
		in      TrustedOriginInput
		want    []string // violations as "subject: reason"
		eval    int
	}{
		{name: "https, no wildcard, CORS and REDIRECT", origins: []okta.TrustedOrigin{app}, eval: 1},
		{name: "wildcard host", origins: []okta.TrustedOrigin{origin("tos2", "Tenants", "https://*.acme.com", "ACTIVE", "CORS")}, eval: 1,
			want: []string{"Tenants (tos2): origin https://*.acme.com: wildcard host *.acme.com trusts every matching host"}},
		{name: "wildcard allowed", origins: []okta.TrustedOrigin{origin("tos2", "Tenants", "https://*.acme.com", "ACTIVE", "CORS")},
			in: TrustedOriginInput{AllowWildcards: true, AllowedDomains: []string{"acme.com"}}, eval: 1},
		{name: "plain http", origins: []okta.TrustedOrigin{origin("tos3", "Old", "http://old.acme.com:8080", "ACTIVE", "REDIRECT")}, eval: 1,
			want: []string{"Old (tos3): origin http://old.acme.com:8080: plain http:// (not encrypted)"}},
		{name: "plain http to localhost, not allowed", origins: []okta.TrustedOrigin{origin("tos4", "Dev", "http://localhost:3000", "ACTIVE", "CORS")}, eval: 1,
			want: []string{"Dev (tos4): origin http://localhost:3000: plain http:// (not encrypted)"}},
		{name: "loopback allowed, outside the domains too",
			origins: []okta.TrustedOrigin{origin("tos4", "Dev", "http://localhost:3000", "ACTIVE", "CORS"),
				origin("tos5", "Dev6", "http://[::1]:3000", "ACTIVE", "CORS"), origin("tos6", "Dev4", "http://127.0.0.2", "ACTIVE", "CORS")},
			in: TrustedOriginInput{AllowLocalhost: true, AllowedDomains: []string{"acme.com"}}, eval: 3},
		{name: "allow_localhost does not cover another host",
			origins: []okta.TrustedOrigin{origin("tos7", "LAN", "http://10.0.0.5", "ACTIVE", "CORS")},
			in:      TrustedOriginInput{AllowLocalhost: true}, eval: 1,
			want: []string{"LAN (tos7): origin http://10.0.0.5: plain http:// (not encrypted)"}},
		{name: "ftp", origins: []okta.TrustedOrigin{origin("tos8", "Files", "ftp://files.acme.com", "ACTIVE", "CORS")}, eval: 1,
			want: []string{"Files (tos8): origin ftp://files.acme.com: plain ftp:// (not encrypted)"}},
		{name: "domain and its subdomains",
			origins: []okta.TrustedOrigin{app, origin("tos9", "Root", "https://ACME.com", "ACTIVE", "CORS"),
				origin("tos10", "Lookalike", "https://evilacme.com", "ACTIVE", "CORS"),
				origin("tos11", "Mobile", "capacitor://localhost", "ACTIVE", "CORS")},
			in: TrustedOriginInput{AllowedDomains: []string{" *.Acme.COM "}}, eval: 4,
			want: []string{
				"Lookalike (tos10): origin https://evilacme.com: host evilacme.com is outside the allowed domains (acme.com)",
				"Mobile (tos11): origin capacitor://localhost: host localhost is outside the allowed domains (acme.com)",
			}},
		{name: "iframe embed is not allowed by default",
			origins: []okta.TrustedOrigin{origin("tos12", "Portal", "https://portal.acme.com", "ACTIVE", "CORS", "IFRAME_EMBED+OKTA_ENDUSER")}, eval: 1,
			want: []string{"Portal (tos12): origin https://portal.acme.com: trusted for IFRAME_EMBED (it may frame the Okta sign-in page and the End-User Dashboard: clickjacking) beyond the allowed scopes CORS, REDIRECT"}},
		{name: "only CORS allowed",
			origins: []okta.TrustedOrigin{app, origin("tos13", "SPA", "https://spa.acme.com", "ACTIVE", "CORS")},
			in:      TrustedOriginInput{AllowedScopes: []string{"cors"}}, eval: 2,
			want: []string{"App (tos1): origin https://app.acme.com: trusted for REDIRECT beyond the allowed scopes CORS"}},
		{name: "iframe allowed", origins: []okta.TrustedOrigin{origin("tos12", "Portal", "https://portal.acme.com", "ACTIVE", "IFRAME_EMBED")},
			in: TrustedOriginInput{AllowedScopes: []string{"IFRAME_EMBED", "CORS"}}, eval: 1},
		{name: "every shortfall in one violation",
			origins: []okta.TrustedOrigin{origin("tos14", "", "http://*.partner.example", "ACTIVE", "REDIRECT", "IFRAME_EMBED")},
			in:      TrustedOriginInput{AllowedDomains: []string{"acme.com"}}, eval: 1,
			want: []string{"tos14: origin http://*.partner.example: wildcard host *.partner.example trusts every matching host; " +
				"plain http:// (not encrypted); host *.partner.example is outside the allowed domains (acme.com); " +
				"trusted for IFRAME_EMBED (it may frame the Okta sign-in page: clickjacking) beyond the allowed scopes CORS, REDIRECT"}},
		{name: "inactive origins are not judged",
			origins: []okta.TrustedOrigin{origin("tos15", "Retired", "http://*.old.example", "INACTIVE", "IFRAME_EMBED")}, eval: 0},
		{name: "unreadable origin", origins: []okta.TrustedOrigin{origin("tos16", "Broken", "acme.com", "ACTIVE", "CORS")}, eval: 1,
			want: []string{`Broken (tos16): origin acme.com: cannot be read as scheme://host`}},
		{name: "no trusted origin", origins: []okta.TrustedOrigin{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := mustOK(t)(TrustedOrigin(&Facts{Now: now, TrustedOrigins: tt.origins}, tt.in))
			if r.SubjectsEvaluated != tt.eval {
				t.Errorf("evaluated %d, want %d", r.SubjectsEvaluated, tt.eval)
			}
			assertLines(t, r.Violations, tt.want...)
			if want := "SOC2 CC6.6"; !slices.Contains(r.Controls, want) {
				t.Errorf("controls %q lack %s", r.Controls, want)
			}
		})
	}
}

func TestTrustedOriginInput(t *testing.T) {
	in, err := TrustedOriginInput{AllowedDomains: []string{"B.example", ".a.example", "b.example"}}.Normalized()
	if err != nil || !slices.Equal(in.AllowedDomains, []string{"a.example", "b.example"}) ||
		!slices.Equal(in.AllowedScopes, DefaultTrustedOriginScopes) {
		t.Errorf("normalized %+v, %v", in, err)
	}
	for _, bad := range []TrustedOriginInput{
		{AllowedDomains: []string{"https://acme.com"}},
		{AllowedDomains: []string{"acme.com/login"}},
		{AllowedDomains: []string{" "}},
		{AllowedScopes: []string{"POPUP"}},
	} {
		if _, err := TrustedOrigin(&Facts{Now: now, TrustedOrigins: []okta.TrustedOrigin{}}, bad); err == nil {
			t.Errorf("%+v accepted", bad)
		}
	}
	var mf *MissingFactsError
	if _, err := TrustedOrigin(&Facts{Now: now}, TrustedOriginInput{}); !asMissing(err, &mf) {
		t.Errorf("trusted origins not loaded: %v", err)
	}
	r := mustOK(t)(TrustedOrigin(&Facts{Now: now, TrustedOrigins: []okta.TrustedOrigin{origin("tos1", "Dev", "http://localhost", "ACTIVE", "CORS")}},
		TrustedOriginInput{Exceptions: []Exception{{Subject: "dev", Reason: "local development until the sandbox org exists (SEC-9)", Expires: "2027-01-31"}}}))
	if r.Status != StatusPass || len(r.ExceptionsApplied) != 1 {
		t.Errorf("the exception on the origin's name should waive it: %+v", r)
	}
}
