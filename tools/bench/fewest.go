package main

import (
	"net/http"
	"net/url"
	"strings"

	"github.com/oktagate/terraform-provider-oktagate/internal/okta"
	"github.com/oktagate/terraform-provider-oktagate/internal/oktasim"
)

// beyond accounts for a plan's requests other than the per-user factor lists:
// what the API forces per user, and how the paged lists compare with the
// fewest pages any client needs to read the same lists at Okta's page caps.
type beyond struct {
	roleLists     int // GET /api/v1/users/{id}/roles: one per user who holds a role
	otherPerUser  int // any other request naming one user (none is expected)
	listsMade     int // every other request that was answered (not a 429)
	listsFewest   int // the fewest requests the same lists need at the page caps
	listsDistinct int // distinct lists read (path and query, paging aside)
}

// The pages the client asks for, read from the client so that the fewest
// requests are counted at the pages it really uses (internal/okta's
// TestPageSizesAreOktasCaps holds them to Okta's caps).
var pageCaps = map[string]int{
	"users":        okta.PageSizeUsers,
	"groups":       okta.PageSizeGroups,
	"groupMembers": okta.PageSizeGroupMembers,
	"apps":         okta.PageSizeApps,
	"appUsers":     okta.PageSizeAppUsers,
	"appGroups":    okta.PageSizeAppGroups,
	"iamAssignees": okta.PageSizeIAMAssignees,
}

// accountBeyondFactors classifies recs against org. A list is keyed by its
// path and its query without limit and after; its fewest requests are
// ceil(items ÷ page cap), at least one, for the lists whose items the org
// tells (users, groups, members, apps, app users and groups); any other list
// is unpaged or small and counts as one request.
func accountBeyondFactors(org *oktasim.Org, recs []oktasim.RequestRecord) beyond {
	var b beyond
	lists := map[string]int{} // key → fewest requests
	for _, rec := range recs {
		if rec.Status == http.StatusTooManyRequests {
			continue
		}
		segs := strings.Split(strings.Trim(rec.Path, "/"), "/")
		// /api/v1/users/{id}/...
		if len(segs) == 5 && segs[0] == "api" && segs[2] == "users" {
			switch segs[4] {
			case "factors":
				continue
			case "roles":
				b.roleLists++
				continue
			}
		}
		if len(segs) == 4 && segs[0] == "api" && segs[2] == "users" {
			b.otherPerUser++
			continue
		}
		b.listsMade++
		q, _ := url.ParseQuery(rec.RawQuery)
		q.Del("after")
		q.Del("limit")
		key := rec.Method + " " + rec.Path + "?" + q.Encode()
		if _, seen := lists[key]; !seen {
			lists[key] = fewestPages(org, segs, q)
		}
	}
	b.listsDistinct = len(lists)
	for _, n := range lists {
		b.listsFewest += n
	}
	return b
}

// fewestPages is the fewest requests that read the list at path segs with
// query q whole.
func fewestPages(org *oktasim.Org, segs []string, q url.Values) int {
	pages := func(items int, capKey string) int { return max(1, (items+pageCaps[capKey]-1)/pageCaps[capKey]) }
	if len(segs) < 3 || segs[0] != "api" || segs[1] != "v1" {
		return 1
	}
	switch {
	case len(segs) == 3 && segs[2] == "users":
		n := 0
		for _, u := range org.Users {
			deprovisioned := u.Status == "DEPROVISIONED"
			switch {
			case q.Get("search") == `status eq "DEPROVISIONED"`:
				if deprovisioned {
					n++
				}
			case q.Get("search") == "" && q.Get("filter") == "" && q.Get("q") == "":
				if !deprovisioned {
					n++
				}
			default:
				return 1 // another search: not counted here
			}
		}
		return pages(n, "users")
	case len(segs) == 3 && segs[2] == "groups" && q.Get("q") == "" && q.Get("search") == "" && q.Get("filter") == "":
		return pages(len(org.Groups), "groups")
	case len(segs) == 5 && segs[2] == "groups" && segs[4] == "users":
		for _, g := range org.Groups {
			if g.ID == segs[3] {
				return pages(len(g.MemberIDs), "groupMembers")
			}
		}
	case len(segs) == 3 && segs[2] == "apps" && q.Get("q") == "" && q.Get("filter") == "":
		return pages(len(org.Apps), "apps")
	case len(segs) == 5 && segs[2] == "iam" && segs[3] == "assignees" && segs[4] == "users":
		return pages(len(org.RoleHolderIDs()), "iamAssignees")
	case len(segs) == 5 && segs[2] == "apps" && (segs[4] == "users" || segs[4] == "groups"):
		for _, a := range org.Apps {
			if a.ID != segs[3] {
				continue
			}
			if segs[4] == "users" {
				return pages(len(a.Users), "appUsers")
			}
			return pages(len(a.Groups), "appGroups")
		}
	}
	return 1
}
