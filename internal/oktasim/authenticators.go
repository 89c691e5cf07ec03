package oktasim

import (
	"net/http"
	"time"
)

// Authenticator is one of an Identity Engine org's authenticators
// (/api/v1/authenticators).
type Authenticator struct {
	ID          string // aut…
	Key         string // okta_password, okta_email, okta_verify, webauthn, smart_card_idp…
	Name        string
	Type        string // password, email, app, security_key, federated, phone, security_question
	Status      string // ACTIVE, INACTIVE
	Created     time.Time
	LastUpdated time.Time

	// Settings is the authenticator's settings object as Okta sends it (nil:
	// none), e.g. okta_verify's {"compliance": {"fips": "OPTIONAL"}, …}.
	Settings map[string]any
	// ProviderType and ProviderIdPIDs are a smart card authenticator's
	// provider (SMART_CARD, with the ids of its smart card identity providers).
	ProviderType   string
	ProviderIdPIDs []string
}

func renderAuthenticator(base string, a *Authenticator) obj {
	self := base + "/api/v1/authenticators/" + a.ID
	links := obj{
		"self":    obj{"href": self, "hints": obj{"allow": []string{"GET", "PUT"}}},
		"methods": obj{"href": self + "/methods", "hints": obj{"allow": []string{"GET"}}},
	}
	if a.Status == "ACTIVE" {
		links["deactivate"] = obj{"href": self + "/lifecycle/deactivate", "hints": obj{"allow": []string{"POST"}}}
	} else {
		links["activate"] = obj{"href": self + "/lifecycle/activate", "hints": obj{"allow": []string{"POST"}}}
	}
	o := obj{
		"id":          a.ID,
		"key":         a.Key,
		"name":        a.Name,
		"type":        a.Type,
		"status":      a.Status,
		"created":     ts(a.Created),
		"lastUpdated": ts(a.LastUpdated),
		"_links":      links,
	}
	if a.Settings != nil {
		o["settings"] = a.Settings
	}
	if a.ProviderType != "" {
		o["provider"] = obj{"type": a.ProviderType, "configuration": obj{"idpIds": orEmpty(a.ProviderIdPIDs)}}
	}
	return o
}

// listAuthenticators serves every authenticator in one unpaged list, as Okta
// does.
func listAuthenticators(c *call) (int, any) {
	list := append([]*Authenticator(nil), c.org.Authenticators...)
	sortStable(list, func(a *Authenticator) string { return a.ID })
	out := make([]obj, 0, len(list))
	for _, a := range list {
		out = append(out, renderAuthenticator(c.base(), a))
	}
	return http.StatusOK, out
}
