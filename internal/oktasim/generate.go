package oktasim

import (
	"cmp"
	"slices"
	"strconv"
	"strings"
	"time"
)

// GenerateOptions size a generated org.
type GenerateOptions struct {
	// Users, Groups and Apps are exact counts. Users below 4 become 4 (a super
	// admin, the service account and two more admins); Groups below 5 become 5
	// (Everyone and the groups policies refer to). Zero means a default: 1000
	// users, 200 groups, 300 apps; a negative Apps means none.
	Users, Groups, Apps int
	Seed                int64
	// Now places timestamps; the zero time means time.Now().
	Now time.Time
	// NoMFAPercent is the share of users enrolled in no factor: 0 means 5, a
	// negative value means none.
	NoMFAPercent float64
	// LogEvents is the number of System Log events over the last 30 days; 0
	// means Users/10, at least 300 and at most 20000.
	LogEvents int
}

// Generate builds a large org for benchmarks: departments, skewed group sizes,
// 1–3 factors per user, SAML, bookmark and OIDC apps assigned to groups and
// users, grants, admin roles, API tokens (a super admin's has the lowest id),
// the demo's policies and a System Log. The same options give the same org.
//
// Every member of a group assigned to an app is one of its app users (scope
// GROUP), so apps are assigned only groups that keep each app's users under a
// budget that holds the whole org below about 1.5 million app users.
func Generate(o GenerateOptions) *Org {
	o = o.withDefaults()
	gen := &seedGenerated{g: newSeedGen(o.Seed, o.Now), o: o, org: NewOrg()}
	gen.org.ID = gen.g.id("00o")
	gen.org.CompanyName = "Globex Corporation"
	gen.org.Subdomain = "globex"
	gen.org.Pipeline = "idx"
	gen.users()
	gen.factors()
	gen.groups()
	gen.apps()
	gen.roles()
	gen.tokens()
	gen.org.Policies = gen.g.policies(gen.org.Groups[0].ID, gen.org.Groups[1].ID, gen.org.Groups[2].ID, gen.org.Groups[3].ID)
	gen.logs()
	seedSortOrg(gen.org)
	return gen.org
}

func (o GenerateOptions) withDefaults() GenerateOptions {
	if o.Users == 0 {
		o.Users = 1000
	}
	o.Users = max(o.Users, 4)
	if o.Groups == 0 {
		o.Groups = 200
	}
	o.Groups = max(o.Groups, 5)
	if o.Apps == 0 {
		o.Apps = 300
	}
	o.Apps = max(o.Apps, 0)
	switch {
	case o.NoMFAPercent == 0:
		o.NoMFAPercent = 5
	case o.NoMFAPercent < 0:
		o.NoMFAPercent = 0
	}
	if o.LogEvents <= 0 {
		o.LogEvents = min(max(o.Users/10, 300), 20000)
	}
	if o.Now.IsZero() {
		o.Now = time.Now()
	}
	return o
}

// seedMaxAppUsers bounds the app users of a whole generated org.
const seedMaxAppUsers = 1_500_000

const seedGenDomain = "globex.com"

var (
	seedGenDepartments = []string{"Engineering", "Sales", "Finance", "IT", "HR", "Support", "Marketing", "Legal", "Operations", "Product"}
	seedGenTitles      = []string{"Analyst", "Engineer", "Senior Engineer", "Manager", "Specialist", "Coordinator", "Director", "Associate"}
	seedFirstNames     = []string{
		"James", "Mary", "Robert", "Patricia", "John", "Jennifer", "Michael", "Linda", "David", "Elizabeth",
		"William", "Barbara", "Richard", "Susan", "Joseph", "Jessica", "Thomas", "Sarah", "Carlos", "Karen",
		"Wei", "Aisha", "Mateo", "Priya", "Kenji", "Fatima", "Lucas", "Ingrid", "Omar", "Chen",
	}
	seedLastNames = []string{
		"Smith", "Johnson", "Williams", "Brown", "Jones", "Garcia", "Miller", "Davis", "Rodriguez", "Martinez",
		"Hernandez", "Lopez", "Gonzalez", "Wilson", "Anderson", "Thomas", "Taylor", "Moore", "Jackson", "Martin",
		"Lee", "Perez", "Thompson", "White", "Harris", "Sanchez", "Clark", "Ramirez", "Lewis", "Robinson",
	}
	// seedGenFactorKinds is weighted by repetition: push is the most common.
	seedGenFactorKinds = []string{"push", "push", "push", "push", "fastpass", "fastpass", "totp", "totp_google", "webauthn", "sms", "sms", "email", "call", "yubikey", "u2f", "question", "question", "rsa", "duo"}
)

type seedGenerated struct {
	g       *seedGen
	o       GenerateOptions
	org     *Org
	dept    []int     // user index -> department index
	members [][]int32 // group index -> member user indexes, ascending
}

func (s *seedGenerated) users() {
	g, n := s.g, s.o.Users
	typeID := g.id("oty")
	backing := make([]User, n)
	s.org.Users = make([]*User, n)
	s.dept = make([]int, n)
	for i := range backing {
		u := &backing[i]
		s.org.Users[i] = u
		u.ID = g.id("00u")
		u.TypeID = typeID
		u.Status = s.status(i)
		first, last := g.pick(seedFirstNames), g.pick(seedLastNames)
		login := strings.ToLower(first) + "." + strings.ToLower(last) + strconv.Itoa(i) + "@" + seedGenDomain
		d := g.rng.IntN(len(seedGenDepartments))
		title := g.pick(seedGenTitles)
		switch i {
		case 0:
			login, d, title = "admin@"+seedGenDomain, 3, "Okta Administrator"
		case 1:
			login, d, title = "svc-compliance@"+seedGenDomain, 3, "Service Account"
		}
		s.dept[i] = d
		u.Profile = map[string]any{
			"login": login, "email": login, "firstName": first, "lastName": last,
			"department": seedGenDepartments[d], "title": title,
			"employeeNumber": strconv.Itoa(100000 + i), "costCenter": "CC-" + strconv.Itoa(2000+d*10),
		}
		s.times(u)
	}
}

// status: the first four users are the admins and the service account; the
// rest are mostly ACTIVE with every other status represented.
func (s *seedGenerated) status(i int) string {
	if i < 4 {
		return "ACTIVE"
	}
	switch r := s.g.rng.Float64(); {
	case r < 0.88:
		return "ACTIVE"
	case r < 0.91:
		return "DEPROVISIONED"
	case r < 0.93:
		return "SUSPENDED"
	case r < 0.95:
		return "STAGED"
	case r < 0.97:
		return "PROVISIONED"
	case r < 0.98:
		return "LOCKED_OUT"
	case r < 0.99:
		return "PASSWORD_EXPIRED"
	default:
		return "RECOVERY"
	}
}

func (s *seedGenerated) times(u *User) {
	g := s.g
	u.Created = g.ago(seedDays(1), seedDays(2000))
	if u.Status != "STAGED" {
		u.Activated = seedTimePtr(g.after(u.Created, time.Minute, seedDays(2)))
		u.StatusChanged = seedTimePtr(*u.Activated)
	}
	switch u.Status {
	case "STAGED", "PROVISIONED":
	default:
		// A tenth of the signed-in users have not been back for months.
		if g.rng.IntN(10) == 0 {
			u.LastLogin = seedTimePtr(g.after(*u.Activated, 0, seedDays(400)))
		} else {
			u.LastLogin = seedTimePtr(g.ago(0, seedDays(14)))
			if u.LastLogin.Before(*u.Activated) {
				u.LastLogin = seedTimePtr(*u.Activated)
			}
		}
		u.PasswordChanged = seedTimePtr(g.after(*u.Activated, 0, seedDays(365)))
		if u.Status != "ACTIVE" {
			u.StatusChanged = seedTimePtr(g.after(*u.LastLogin, 0, seedDays(30)))
		}
	}
	u.LastUpdated = seedLatest(&u.Created, u.Activated, u.StatusChanged, u.PasswordChanged)
}

func (s *seedGenerated) factors() {
	g := s.g
	noMFA := s.o.NoMFAPercent / 100
	var kinds [3]string
	for i, u := range s.org.Users {
		if i == 1 {
			continue // the service account signs in with its API token only
		}
		if g.rng.Float64() < noMFA {
			continue
		}
		k := 1 + g.rng.IntN(3)
		for j := 0; j < k; j++ {
			kinds[j] = g.pick(seedGenFactorKinds)
			for slices.Contains(kinds[:j], kinds[j]) {
				kinds[j] = g.pick(seedGenFactorKinds)
			}
		}
		fs := make([]*Factor, 0, k)
		for _, kind := range kinds[:k] {
			status := "ACTIVE"
			switch {
			case u.Status == "STAGED" || u.Status == "PROVISIONED":
				status = "PENDING_ACTIVATION"
			case g.rng.IntN(40) == 0:
				status = []string{"PENDING_ACTIVATION", "NOT_SETUP", "INACTIVE", "EXPIRED"}[g.rng.IntN(4)]
			}
			fs = append(fs, g.factor(u, kind, status))
		}
		slices.SortFunc(fs, func(a, b *Factor) int { return cmp.Compare(a.ID, b.ID) })
		s.org.Factors[u.ID] = fs
	}
}

// Groups 0–4 are Everyone, Admins, Contractors, Service Accounts and Okta
// Administrators; then one per department while there is room; then teams.
func (s *seedGenerated) groups() {
	g, n := s.g, s.o.Users
	fixed := []struct{ name, typ, desc string }{
		{"Everyone", "BUILT_IN", "All users in your organization"},
		{"Admins", "OKTA_GROUP", "Administrators"},
		{"Contractors", "OKTA_GROUP", "External contractors"},
		{"Service Accounts", "OKTA_GROUP", "Non-human integration users"},
		{"Okta Administrators", "OKTA_GROUP", "Members hold the Organization Administrator role"},
	}
	s.members = make([][]int32, s.o.Groups)
	orgCreated := g.ago(seedDays(2100), seedDays(2200))
	for gi := 0; gi < s.o.Groups; gi++ {
		gr := &Group{ID: g.id("00g"), Type: "OKTA_GROUP", Created: g.after(orgCreated, seedDays(1), seedDays(1500))}
		switch d := gi - len(fixed); {
		case gi < len(fixed):
			gr.Name, gr.Type, gr.Description = fixed[gi].name, fixed[gi].typ, fixed[gi].desc
		case d < len(seedGenDepartments):
			gr.Name, gr.Description = seedGenDepartments[d], seedGenDepartments[d]+" department"
		case gi%10 == 0:
			gr.Name, gr.Type, gr.Description = "AD Group "+strconv.Itoa(gi), "APP_GROUP", "Imported from corp.globex.local (Active Directory)"
		default:
			gr.Name, gr.Description = "Team "+strconv.Itoa(gi), "Project team"
		}
		if gr.Type == "BUILT_IN" {
			gr.Created = orgCreated
		}
		gr.LastUpdated = g.after(gr.Created, 0, seedDays(300))
		gr.LastMembershipUpdated = g.ago(0, seedDays(30))
		s.org.Groups = append(s.org.Groups, gr)
	}

	firstTeam := min(len(fixed)+len(seedGenDepartments), s.o.Groups)
	teams := s.o.Groups - firstTeam
	var picked [8]int // Everyone, two fixed groups, a department and up to three teams
	for i := 0; i < n; i++ {
		u := s.org.Users[i]
		np := 0
		add := func(gi int) {
			if gi < s.o.Groups && !slices.Contains(picked[:np], gi) {
				picked[np] = gi
				np++
			}
		}
		add(0)
		switch {
		case i == 0 || i == 2 || i == 3:
			add(1)
			add(4)
		case i == 1:
			add(3)
		case g.rng.IntN(50) == 0:
			add(2)
		}
		if u.Status != "DEPROVISIONED" || g.rng.IntN(10) == 0 {
			add(len(fixed) + s.dept[i])
			// Team sizes are skewed: squaring a uniform draw favours the
			// first teams, so a few are large and most are small.
			for k := g.rng.IntN(4); k > 0 && teams > 0; k-- {
				r := g.rng.Float64()
				add(firstTeam + int(float64(teams)*r*r))
			}
		}
		slices.Sort(picked[:np])
		for _, gi := range picked[:np] {
			s.members[gi] = append(s.members[gi], int32(i))
		}
	}
	for gi, gr := range s.org.Groups {
		gr.MemberIDs = make([]string, len(s.members[gi]))
		for j, ui := range s.members[gi] {
			gr.MemberIDs[j] = s.org.Users[ui].ID
		}
	}
}

func (s *seedGenerated) apps() {
	g, n := s.g, s.o.Users
	if s.o.Apps == 0 {
		return
	}
	// An app may take twice its even share of the org's app-user budget, so
	// a few apps are large, while the remaining budget bounds the total.
	share := max(50, 2*seedMaxAppUsers/s.o.Apps)
	remaining := seedMaxAppUsers
	scope := make([]uint8, n) // 0: none, 1: GROUP, 2: USER
	var touched []int32
	samlNames := []string{"salesforce", "amazon_aws", "slack", "zoom", "workday", "servicenow", "github_enterprise", "atlassian_jira_cloud", "box", "docusign"}
	for ai := 0; ai < s.o.Apps; ai++ {
		a := &App{ID: g.id("0oa"), Status: "ACTIVE", Settings: map[string]any{}}
		if g.rng.IntN(10) == 0 {
			a.Status = "INACTIVE"
		}
		a.Created = g.ago(seedDays(10), seedDays(1800))
		a.LastUpdated = g.after(a.Created, 0, seedDays(300))
		service := false
		switch r := g.rng.IntN(20); {
		case r < 9:
			a.Name, a.SignOnMode = samlNames[ai%len(samlNames)], "SAML_2_0"
			a.Label = "SAML App " + strconv.Itoa(ai)
		case r < 13:
			a.Name, a.SignOnMode, a.Label = "bookmark", "BOOKMARK", "Bookmark "+strconv.Itoa(ai)
			a.Settings = map[string]any{"url": "https://app" + strconv.Itoa(ai) + ".globex.com", "requestIntegration": false}
		default:
			a.Name, a.SignOnMode = "oidc_client", "OPENID_CONNECT"
			a.OAuth = s.oauthClient(a, r)
			service = a.OAuth.ApplicationType == "service"
			a.Label = "OIDC " + a.OAuth.ApplicationType + " " + strconv.Itoa(ai)
		}
		if service {
			s.serviceApp(a)
		} else {
			touched = s.assign(a, min(share, remaining), scope, touched[:0])
			remaining -= len(a.Users)
		}
		s.org.Apps = append(s.org.Apps, a)
	}
}

func (s *seedGenerated) oauthClient(a *App, r int) *OAuthClient {
	g := s.g
	c := &OAuthClient{ClientID: a.ID, GrantTypes: []string{"authorization_code"}, ResponseTypes: []string{"code"}, PKCERequired: true}
	host := "https://app" + a.ID[len(a.ID)-6:] + ".globex.com"
	switch {
	case r < 16:
		c.ApplicationType, c.TokenEndpointAuthMethod, c.ClientSecret = "web", "client_secret_basic", g.str(40)
		c.GrantTypes = append(c.GrantTypes, "refresh_token")
		c.RedirectURIs, c.PostLogoutRedirectURIs = []string{host + "/callback"}, []string{host + "/"}
	case r < 17:
		c.ApplicationType, c.TokenEndpointAuthMethod = "browser", "none"
		c.RedirectURIs, c.PostLogoutRedirectURIs = []string{host + "/login/callback"}, []string{host + "/"}
	default:
		c.ApplicationType, c.TokenEndpointAuthMethod, c.PKCERequired = "service", "private_key_jwt", false
		c.GrantTypes, c.ResponseTypes = []string{"client_credentials"}, []string{"token"}
		c.JWKS = []map[string]any{seedRSAJWK("key-"+a.ID[3:9], seedScannerModulus)}
	}
	return c
}

// serviceApp grants read scopes (a fifth of the apps also get a manage scope)
// and a client role.
func (s *seedGenerated) serviceApp(a *App) {
	g := s.g
	scopes := seedReadScopes[:2+g.rng.IntN(len(seedReadScopes)-1)]
	role := "READ_ONLY_ADMIN"
	if g.rng.IntN(5) == 0 {
		scopes = append(slices.Clone(scopes), "okta.users.manage")
		role = "USER_ADMIN"
	}
	for _, sc := range scopes {
		a.Grants = append(a.Grants, Grant{ID: g.id("oag"), ClientID: a.ID, ScopeID: sc, Issuer: seedIssuer, Status: "ACTIVE", Source: "ADMIN",
			Created: g.after(a.Created, time.Minute, seedDays(30))})
	}
	s.org.ClientRoles[a.ID] = []*RoleAssignment{g.role(role, "CLIENT", a.Created)}
}

// assign gives a user-facing app 1–3 groups that fit its budget and up to ten
// direct users, and lists their app users (scope reuses a zeroed mark per user;
// touched remembers which to reset).
func (s *seedGenerated) assign(a *App, budget int, scope []uint8, touched []int32) []int32 {
	g := s.g
	count := 0
	for want, tries := 1+g.rng.IntN(3), 0; want > 0 && tries < 8; tries++ {
		gi := 1 + g.rng.IntN(len(s.org.Groups)-1) // never Everyone
		gr := s.org.Groups[gi]
		if count+len(s.members[gi]) > budget || slices.ContainsFunc(a.Groups, func(ag AppGroup) bool { return ag.GroupID == gr.ID }) {
			continue
		}
		want--
		a.Groups = append(a.Groups, AppGroup{GroupID: gr.ID, Priority: len(a.Groups), LastUpdated: g.after(a.Created, 0, seedDays(60))})
		for _, ui := range s.members[gi] {
			if scope[ui] == 0 {
				touched = append(touched, ui)
				scope[ui] = 1
				count++
			}
		}
	}
	for k := g.rng.IntN(11); k > 0; k-- {
		ui := int32(g.rng.IntN(len(s.org.Users)))
		if scope[ui] == 0 {
			touched = append(touched, ui)
		}
		scope[ui] = 2
	}
	slices.Sort(touched)
	a.Users = make([]AppUser, len(touched))
	for j, ui := range touched {
		u := s.org.Users[ui]
		sc := "GROUP"
		if scope[ui] == 2 {
			sc = "USER"
		}
		created := a.Created
		if u.Created.After(created) {
			created = u.Created
		}
		a.Users[j] = AppUser{UserID: u.ID, Scope: sc, Status: "ACTIVE", SyncState: "DISABLED", Created: created, LastUpdated: created}
		scope[ui] = 0
	}
	slices.SortFunc(a.Groups, func(x, y AppGroup) int { return cmp.Compare(x.GroupID, y.GroupID) })
	return touched
}

func (s *seedGenerated) roles() {
	g := s.g
	users := s.org.Users
	for _, i := range []int{0, 2, 3} {
		u := users[i]
		s.org.UserRoles[u.ID] = []*RoleAssignment{g.role("SUPER_ADMIN", "USER", *u.Activated)}
	}
	s.org.UserRoles[users[1].ID] = []*RoleAssignment{g.role("READ_ONLY_ADMIN", "USER", *users[1].Activated)}
	others := []string{"ORG_ADMIN", "APP_ADMIN", "USER_ADMIN", "HELP_DESK_ADMIN", "READ_ONLY_ADMIN", "REPORT_ADMIN", "GROUP_MEMBERSHIP_ADMIN"}
	for k := 5 + len(users)/2000; k > 0 && len(users) > 4; k-- {
		u := users[4+g.rng.IntN(len(users)-4)]
		if _, ok := s.org.UserRoles[u.ID]; ok || u.Activated == nil {
			continue
		}
		s.org.UserRoles[u.ID] = []*RoleAssignment{g.role(g.pick(others), "USER", *u.Activated)}
	}
	okta := s.org.Groups[4]
	s.org.GroupRoles[okta.ID] = []*RoleAssignment{g.role("ORG_ADMIN", "GROUP", okta.Created)}
	if len(s.org.Groups) > 5 {
		gr := s.org.Groups[len(s.org.Groups)-1]
		s.org.GroupRoles[gr.ID] = []*RoleAssignment{g.role("HELP_DESK_ADMIN", "GROUP", gr.Created)}
	}
}

// tokens: the super admin's comes first (lowest id); then the service
// account's, restricted to a zone; one expiring in two days; one expired.
func (s *seedGenerated) tokens() {
	g := s.g
	zone := g.id("nzo")
	users := s.org.Users
	specs := []struct {
		name    string
		user    *User
		network TokenNetwork
		expires time.Duration
	}{
		{"admin", users[0], TokenNetwork{Connection: "ANYWHERE"}, seedDays(28)},
		{"compliance-scanner", users[1], TokenNetwork{Connection: "ZONE", Include: []string{zone}}, seedDays(29)},
		{"scripts", users[2], TokenNetwork{Connection: "ANYWHERE"}, seedDays(2)},
		{"old-sync", users[3], TokenNetwork{Connection: "ANYWHERE"}, -seedDays(5)},
	}
	for _, sp := range specs {
		expires := g.now.Add(sp.expires)
		s.org.APITokens = append(s.org.APITokens, &APIToken{
			ID: g.id("00T"), Name: sp.name, UserID: sp.user.ID, ClientName: "Okta API", TokenWindow: "P30D",
			Created: g.after(*sp.user.Activated, 0, seedDays(10)), ExpiresAt: expires, LastUpdated: expires.Add(-seedDays(30)),
			Network: sp.network, Secret: g.secret(),
		})
	}
}

// logs writes sign-ins (an eighth failed, most followed by MFA) and some
// membership changes at random times over the last 30 days.
func (s *seedGenerated) logs() {
	g := s.g
	l := &seedLog{g: g, events: make([]*LogEvent, 0, s.o.LogEvents+1)}
	users := s.org.Users
	for len(l.events) < s.o.LogEvents {
		u := users[g.rng.IntN(len(users))]
		if u.LastLogin == nil {
			continue
		}
		at := g.ago(time.Minute, seedDays(30))
		switch r := g.rng.IntN(16); {
		case r < 2:
			l.add(at, "user.session.start", seedUserActor(u), seedClientIP(u), "FAILURE", "INVALID_CREDENTIALS")
		case r < 3 && len(s.org.Groups) > 5:
			gr := s.org.Groups[5+g.rng.IntN(len(s.org.Groups)-5)]
			l.add(at, "group.user_membership.add", seedUserActor(users[0]), seedClientIP(users[0]), "SUCCESS", "", seedUserTarget(u), seedGroupTarget(gr))
		default:
			l.signIn(at, u, s.org.Factors[u.ID])
		}
	}
	s.org.Logs = l.sorted()
}
