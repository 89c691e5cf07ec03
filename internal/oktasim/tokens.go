package oktasim

import "net/http"

func tokenKey(t *APIToken) string { return t.ID }

// renderAPIToken renders token metadata; the secret never leaves the store.
// Okta names the links object "_link" on this resource.
func renderAPIToken(base string, t *APIToken) obj {
	network := obj{"connection": t.Network.Connection}
	if t.Network.Connection == "" {
		network["connection"] = "ANYWHERE"
	}
	if len(t.Network.Include) > 0 {
		network["include"] = t.Network.Include
	}
	if len(t.Network.Exclude) > 0 {
		network["exclude"] = t.Network.Exclude
	}
	return obj{
		"id":          t.ID,
		"name":        t.Name,
		"userId":      t.UserID,
		"clientName":  t.ClientName,
		"tokenWindow": t.TokenWindow,
		"created":     ts(t.Created),
		"expiresAt":   ts(t.ExpiresAt),
		"lastUpdated": ts(t.LastUpdated),
		"network":     network,
		"_link": obj{
			"self": href(base + "/api/v1/api-tokens/" + t.ID),
			"user": href(base + "/api/v1/users/" + t.UserID),
		},
	}
}

func listAPITokens(c *call) (int, any) {
	page := paginate(c.s.opts.PageSizeCap, c.w, c.r, c.org.APITokens, tokenKey, 20, 200)
	out := make([]obj, 0, len(page))
	for _, t := range page {
		out = append(out, renderAPIToken(c.base(), t))
	}
	return http.StatusOK, out
}

func lookupAPIToken(c *call) (int, *APIToken, *apiError) {
	id := c.path("id")
	i := findSorted(c.org.APITokens, id, tokenKey)
	if i < 0 {
		return -1, nil, errNotFound(id, "ApiToken")
	}
	return i, c.org.APITokens[i], nil
}

func getAPIToken(c *call) (int, any) {
	_, t, e := lookupAPIToken(c)
	if e != nil {
		return 0, e
	}
	return http.StatusOK, renderAPIToken(c.base(), t)
}

// updateAPIToken is Okta's upsert of a token's name and network condition.
func updateAPIToken(c *call) (int, any) {
	_, t, e := lookupAPIToken(c)
	if e != nil {
		return 0, e
	}
	var body struct {
		Name    string `json:"name"`
		Network *struct {
			Connection string   `json:"connection"`
			Include    []string `json:"include"`
			Exclude    []string `json:"exclude"`
		} `json:"network"`
	}
	if e := decodeBody(c.r, &body); e != nil {
		return 0, e
	}
	if body.Name == "" {
		return 0, errValidation("name", "name: The field cannot be left blank")
	}
	network := t.Network
	if n := body.Network; n != nil {
		switch n.Connection {
		case "ANYWHERE":
			if len(n.Include) > 0 || len(n.Exclude) > 0 {
				return 0, errValidation("network", "network: include and exclude require connection ZONE")
			}
		case "ZONE":
			if len(n.Include) == 0 && len(n.Exclude) == 0 {
				return 0, errValidation("network", "network: connection ZONE requires include or exclude zones")
			}
		default:
			return 0, errValidation("network.connection", "network.connection: must be ANYWHERE or ZONE")
		}
		network = TokenNetwork{Connection: n.Connection, Include: n.Include, Exclude: n.Exclude}
	}
	t.Name = body.Name
	t.Network = network
	t.LastUpdated = c.now
	c.logEvent(EventAPITokenUpdate, tokenParty(t))
	return http.StatusOK, renderAPIToken(c.base(), t)
}

func revokeAPIToken(c *call) (int, any) {
	i, _, e := lookupAPIToken(c)
	if e != nil {
		return 0, e
	}
	c.logEvent(EventAPITokenRevoke, tokenParty(c.org.APITokens[i]))
	c.org.APITokens = removeAt(c.org.APITokens, i)
	return http.StatusNoContent, nil
}

// revokeCurrentAPIToken revokes the SSWS token the request came with. The
// bootstrap token and OAuth tokens are no API token of the org.
func revokeCurrentAPIToken(c *call) (int, any) {
	if c.p == nil || c.p.tokenID == "" {
		return 0, errNotFound("current", "ApiToken")
	}
	i := findSorted(c.org.APITokens, c.p.tokenID, tokenKey)
	if i < 0 {
		return 0, errNotFound("current", "ApiToken")
	}
	c.logEvent(EventAPITokenRevoke, tokenParty(c.org.APITokens[i]))
	c.org.APITokens = removeAt(c.org.APITokens, i)
	return http.StatusNoContent, nil
}
