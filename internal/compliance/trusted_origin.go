package compliance

import (
	"cmp"
	"fmt"
	"net/netip"
	"slices"
	"strings"

	"github.com/oktagate/terraform-provider-oktagate/internal/okta"
)

// TrustedOriginScopes are the scope types a trusted origin can hold.
var TrustedOriginScopes = []string{okta.TrustedOriginCORS, okta.TrustedOriginRedirect, okta.TrustedOriginIframeEmbed}

// DefaultTrustedOriginScopes are the scopes an ACTIVE trusted origin may hold
// when the check does not say: CORS and REDIRECT. IFRAME_EMBED lets the
// origin frame Okta's sign-in page (and, with OKTA_ENDUSER, the End-User
// Dashboard), which is what clickjacking needs, so it must be asked for.
var DefaultTrustedOriginScopes = []string{okta.TrustedOriginCORS, okta.TrustedOriginRedirect}

// DefaultTrustedOriginInput is the check's input with every default: the
// provider's schema defaults are these, so the two cannot drift.
func DefaultTrustedOriginInput() TrustedOriginInput {
	return TrustedOriginInput{AllowedScopes: slices.Clone(DefaultTrustedOriginScopes)}
}

// TrustedOriginInput is the oktagate_trusted_origin_check's arguments.
type TrustedOriginInput struct {
	// AllowedDomains are the domains an origin's host must be in (the domain
	// itself or a subdomain); empty: any.
	AllowedDomains []string
	// AllowedScopes are the scope types an origin may hold; empty means
	// DefaultTrustedOriginScopes.
	AllowedScopes []string
	// AllowLocalhost accepts plain http:// (and ftp://) to a loopback host
	// (localhost, 127.0.0.0/8, ::1): a developer's machine, not the network.
	AllowLocalhost bool
	// AllowWildcards accepts a "*." wildcard in an origin's host.
	AllowWildcards bool
	Exceptions     []Exception
}

// Normalized folds the domains (a leading "*." or "." is dropped) and the
// scopes, fills in the default scopes and refuses a domain that is not a bare
// host name or a scope Okta does not have.
func (in TrustedOriginInput) Normalized() (TrustedOriginInput, error) {
	out := in
	var domains []string
	for _, d := range in.AllowedDomains {
		d = strings.TrimPrefix(strings.TrimPrefix(fold(d), "*."), ".")
		if d == "" || strings.ContainsAny(d, "/:*@ ") {
			return TrustedOriginInput{}, fmt.Errorf("allowed_domains: %q is not a domain (want a bare host name such as example.com, no scheme, port or path)", d)
		}
		domains = append(domains, d)
	}
	out.AllowedDomains = sortedSet(domains)
	out.AllowedScopes = upperSet(in.AllowedScopes)
	for _, s := range out.AllowedScopes {
		if !slices.Contains(TrustedOriginScopes, s) {
			return TrustedOriginInput{}, fmt.Errorf("allowed_scopes: %q is not a trusted origin scope (%s)", s, strings.Join(TrustedOriginScopes, ", "))
		}
	}
	if len(out.AllowedScopes) == 0 {
		out.AllowedScopes = slices.Clone(DefaultTrustedOriginScopes)
	}
	return out, nil
}

// parsedOrigin is an origin split into its parts; ok is false when it cannot
// be read as scheme://host[:port].
type parsedOrigin struct {
	scheme, host string // lower-cased; host without brackets or port
	ok           bool
}

func parseOrigin(origin string) parsedOrigin {
	scheme, rest, found := strings.Cut(strings.TrimSpace(origin), "://")
	if !found || scheme == "" || rest == "" {
		return parsedOrigin{}
	}
	rest, _, _ = strings.Cut(rest, "/")
	if i := strings.LastIndex(rest, "@"); i >= 0 {
		rest = rest[i+1:]
	}
	host := rest
	if strings.HasPrefix(rest, "[") {
		end := strings.Index(rest, "]")
		if end < 0 {
			return parsedOrigin{}
		}
		host = rest[1:end]
	} else if h, _, ok := strings.Cut(rest, ":"); ok {
		host = h
	}
	host = strings.TrimSuffix(fold(host), ".")
	if host == "" {
		return parsedOrigin{}
	}
	return parsedOrigin{scheme: fold(scheme), host: host, ok: true}
}

// loopback reports whether a host is this machine: localhost (or a name
// under it), 127.0.0.0/8 or ::1.
func loopback(host string) bool {
	if host == "localhost" || strings.HasSuffix(host, ".localhost") {
		return true
	}
	a, err := netip.ParseAddr(host)
	return err == nil && a.IsLoopback()
}

// inDomains reports whether host is one of domains or under one of them.
func inDomains(host string, domains []string) bool {
	for _, d := range domains {
		if host == d || strings.HasSuffix(host, "."+d) {
			return true
		}
	}
	return false
}

// originShortfalls lists what is wrong with one ACTIVE trusted origin.
func originShortfalls(o okta.TrustedOrigin, in TrustedOriginInput) []string {
	var reasons []string
	p := parseOrigin(o.Origin)
	if !p.ok {
		return []string{"cannot be read as scheme://host"}
	}
	wildcard := strings.Contains(p.host, "*")
	if wildcard && !in.AllowWildcards {
		reasons = append(reasons, "wildcard host "+p.host+" trusts every matching host")
	}
	local := loopback(p.host) && in.AllowLocalhost
	if (p.scheme == "http" || p.scheme == "ftp") && !local {
		reasons = append(reasons, "plain "+p.scheme+":// (not encrypted)")
	}
	base := strings.TrimPrefix(strings.TrimLeft(p.host, "*"), ".")
	if len(in.AllowedDomains) > 0 && !local && !inDomains(base, in.AllowedDomains) {
		reasons = append(reasons, "host "+p.host+" is outside the allowed domains ("+strings.Join(in.AllowedDomains, ", ")+")")
	}
	var beyond []string
	for _, s := range o.Scopes {
		t := strings.ToUpper(s.Type)
		if slices.Contains(in.AllowedScopes, t) {
			continue
		}
		what := t
		if t == okta.TrustedOriginIframeEmbed {
			what += " (it may frame the Okta sign-in page"
			if slices.ContainsFunc(s.AllowedOktaApps, func(a string) bool { return strings.EqualFold(a, "OKTA_ENDUSER") }) {
				what += " and the End-User Dashboard"
			}
			what += ": clickjacking)"
		}
		beyond = append(beyond, what)
	}
	if beyond = sortedSet(beyond); len(beyond) > 0 {
		reasons = append(reasons, "trusted for "+strings.Join(beyond, ", ")+" beyond the allowed scopes "+strings.Join(in.AllowedScopes, ", "))
	}
	return reasons
}

// TrustedOrigin judges the org's ACTIVE trusted origins: an origin violates
// when its host holds a wildcard (unless AllowWildcards), when it is plain
// http:// or ftp:// (unless to a loopback host and AllowLocalhost), when its
// host is outside AllowedDomains (when set), or when it is trusted for a
// scope outside AllowedScopes. One violation per origin (subject: its name;
// subject_id: its id) lists every shortfall. INACTIVE origins are not
// judged: Okta ignores them. An org with no ACTIVE trusted origin passes.
func TrustedOrigin(f *Facts, in TrustedOriginInput) (Result, error) {
	in, err := in.Normalized()
	if err != nil {
		return Result{}, err
	}
	if f.TrustedOrigins == nil {
		return Result{}, missing("trusted origins")
	}
	var findings []finding
	rows := make([]any, 0, len(f.TrustedOrigins))
	evaluated := 0
	for _, o := range f.TrustedOrigins {
		scopes := make([]any, 0, len(o.Scopes))
		for _, s := range o.Scopes {
			scopes = append(scopes, map[string]any{"type": s.Type, "allowed_okta_apps": sortedSet(s.AllowedOktaApps)})
		}
		rows = append(rows, map[string]any{"id": o.ID, "name": o.Name, "origin": o.Origin, "status": o.Status, "scopes": scopes})
		if !strings.EqualFold(o.Status, "ACTIVE") {
			continue
		}
		evaluated++
		if reasons := originShortfalls(o, in); len(reasons) > 0 {
			findings = append(findings, policyFinding(cmp.Or(o.Name, o.ID), o.ID,
				fmt.Sprintf("origin %s: %s", o.Origin, strings.Join(reasons, "; "))))
		}
	}
	fp, err := factsFingerprint(rows)
	if err != nil {
		return Result{}, err
	}
	ev := evaluation{
		check: CheckTrustedOrigin,
		input: in,
		inputs: map[string]any{
			"allowed_domains": nonNil(in.AllowedDomains), "allowed_scopes": in.AllowedScopes,
			"allow_localhost": in.AllowLocalhost, "allow_wildcards": in.AllowWildcards,
		},
		evaluated: evaluated,
		findings:  findings,
		facts:     map[string]string{"trusted_origins": fp},
	}
	ev.noneIsPass("the org has no ACTIVE trusted origin: nothing to judge, and none is a pass")
	return finish(f, ev, in.Exceptions)
}
