package oktasim

import (
	"cmp"
	"crypto/rsa"
	"encoding/base64"
	"fmt"
	"math/big"
	"math/rand/v2"
	"slices"
	"strings"
	"time"
)

// DemoOrg returns the seeded demo org with its timestamps placed relative to now
// (last sign-ins, token expiries, log events). The same seed and now give the
// same org.
//
// The org is Acme Corp (subdomain acme): about 55 people in six departments and
// a read-only integration user, with content chosen so that every compliance
// check has realistic passes and deliberate failures. The cast is fixed (logins,
// roles, violations); the seed decides ids, secrets and timestamps.
func DemoOrg(seed int64, now time.Time) *Org {
	g := newSeedGen(seed, now)
	d := &seedDemo{g: g, org: NewOrg(), users: map[string]*User{}, groups: map[string]*Group{}, apps: map[string]*App{}}
	d.org.ID = g.id("00o")
	d.org.CompanyName = "Acme Corp"
	d.org.Subdomain = "acme"
	d.org.Pipeline = "idx"
	d.buildUsers()
	d.buildFactors()
	d.buildGroups()
	d.buildApps()
	d.buildRoles()
	d.buildTokens()
	d.org.Policies = g.policies(d.groups["Everyone"].ID, d.groups["Admins"].ID, d.groups["Contractors"].ID, d.groups["Service Accounts"].ID)
	d.buildLogs()
	d.org.Zones = demoZones(g)
	d.org.Authenticators = demoAuthenticators(g)
	d.org.LogStreams = demoLogStreams(g)
	d.org.IdentityProviders = demoIdentityProviders(g, d.org.Authenticators)
	seedSortOrg(d.org)
	return d.org
}

// The demo's cast members that tests and examples refer to by login.
const (
	DemoSuperAdminLogin     = "alice@acme.com"          // SUPER_ADMIN, owns the admin API token
	DemoServiceAccountLogin = "svc-compliance@acme.com" // READ_ONLY_ADMIN integration user
	DemoNoFactorLogin       = "carol@acme.com"          // ACTIVE, no factor at all
	DemoPendingFactorLogin  = "dave@acme.com"           // ACTIVE, only PENDING_ACTIVATION factors
	DemoQuestionOnlyLogin   = "erin@acme.com"           // ACTIVE, only a security question
	DemoDeprovisionedLeaver = "mallory@acme.com"        // DEPROVISIONED, still in Sales and assigned to Salesforce
	DemoSuspendedLeaver     = "oscar@acme.com"          // SUSPENDED, still in Sales (and so in Salesforce)
	DemoCleanLeaver         = "peggy@acme.com"          // DEPROVISIONED, nothing left behind
	DemoUnapprovedAppUser   = "frank@acme.com"          // Engineering, directly assigned to Salesforce
	DemoExternalEmailLogin  = "dana@acme.com"           // contractor with a gmail.com email
	DemoDuplicateEmailLogin = "alex@acme.com"           // email Alex.Kim@acme.com, same as alex.kim@acme.com's
	DemoCompanyDomain       = "acme.com"                // every other email is in this domain
	DemoSalesforceLabel     = "Salesforce"              // assigned to the Sales group
	DemoOverScopedAppLabel  = "HR Sync"                 // service app with okta.*.manage and ORG_ADMIN
	DemoReadOnlyAppLabel    = "Compliance Scanner"      // service app with read grants and READ_ONLY_ADMIN
	DemoAdminGroupName      = "Okta Administrators"     // holds ORG_ADMIN; members inherit it
	DemoWeakPasswordPolicy  = "Contractor Password Policy"
	DemoLaxSignOnRule       = "Default Rule"
	DemoAdminConsolePolicy  = "Okta Admin Console" // authentication policy: phishing-resistant 2FA
	DemoDashboardPolicy     = "Okta Dashboard"     // authentication policy whose catch-all rule allows one factor
	DemoWeakDashboardRule   = "Catch-all Rule"
)

// seedAlphabet is in ASCII order so that fixed-width ids built from it sort
// by their sequence number.
const seedAlphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"

// seedIssuer is the org URL recorded in grants; the simulator's own URL is not
// known when an org is built.
const seedIssuer = "https://acme.okta.com"

// seedGen draws every random choice of a seeded org from one PCG stream, so the
// same seed and clock give the same org.
type seedGen struct {
	rng      *rand.Rand
	now      time.Time
	counters map[string]int
}

func newSeedGen(seed int64, now time.Time) *seedGen {
	return &seedGen{
		rng:      rand.New(rand.NewPCG(uint64(seed), 0x6f6b746173696d)),
		now:      now.UTC().Truncate(time.Millisecond),
		counters: map[string]int{},
	}
}

// id returns a 20-character Okta-style id: the 3-character type prefix, a
// 4-character base-62 sequence number starting at "1000" (so ids of one prefix
// sort in creation order, which lets builders emit sorted slices without
// sorting) and 13 random characters.
func (g *seedGen) id(prefix string) string {
	const first, limit = 62 * 62 * 62, 62 * 62 * 62 * 62
	n := g.counters[prefix] + first
	if n >= limit {
		panic("oktasim: id sequence exhausted for prefix " + prefix)
	}
	g.counters[prefix]++
	var b [20]byte
	copy(b[:3], prefix)
	for i := 6; i >= 3; i-- {
		b[i] = seedAlphabet[n%62]
		n /= 62
	}
	for i := 7; i < len(b); i++ {
		b[i] = seedAlphabet[g.rng.IntN(len(seedAlphabet))]
	}
	return string(b[:])
}

// str returns n random base-62 characters.
func (g *seedGen) str(n int) string {
	b := make([]byte, n)
	for i := range b {
		b[i] = seedAlphabet[g.rng.IntN(len(seedAlphabet))]
	}
	return string(b)
}

// secret returns an SSWS token secret in Okta's shape: "00" and 40 characters.
func (g *seedGen) secret() string { return "00" + g.str(40) }

// uuid returns a version-4 UUID drawn from the stream.
func (g *seedGen) uuid() string {
	hi, lo := g.rng.Uint64(), g.rng.Uint64()
	hi = hi&^0xf000 | 0x4000
	lo = lo&^(0xc<<60) | 0x8<<60
	return fmt.Sprintf("%08x-%04x-%04x-%04x-%012x", hi>>32, hi>>16&0xffff, hi&0xffff, lo>>48, lo&0xffffffffffff)
}

// ago returns now minus a random duration in [lo, hi], at millisecond precision
// as Okta's timestamps are.
func (g *seedGen) ago(lo, hi time.Duration) time.Time {
	return g.now.Add(-g.dur(lo, hi))
}

// dur returns a random duration in [lo, hi] at millisecond precision.
func (g *seedGen) dur(lo, hi time.Duration) time.Duration {
	if hi <= lo {
		return lo.Truncate(time.Millisecond)
	}
	return (lo + time.Duration(g.rng.Int64N(int64(hi-lo)+1))).Truncate(time.Millisecond)
}

// after returns a random time in [t+lo, t+hi], never later than now.
func (g *seedGen) after(t time.Time, lo, hi time.Duration) time.Time {
	r := t.Add(g.dur(lo, hi))
	if r.After(g.now) {
		return g.now
	}
	return r
}

func (g *seedGen) pick(s []string) string { return s[g.rng.IntN(len(s))] }

func seedDays(n float64) time.Duration { return time.Duration(n * float64(24*time.Hour)) }

func seedTimePtr(t time.Time) *time.Time { return &t }

func seedLatest(ts ...*time.Time) time.Time {
	var m time.Time
	for _, t := range ts {
		if t != nil && t.After(m) {
			m = *t
		}
	}
	return m
}

// seedPerson is one member of the demo cast.
type seedPerson struct {
	first, last string
	login       string // "" means first@acme.com
	email       string // "" means the login
	dept, title string
	status      string
	contractor  bool
	staleDays   float64 // > 0: last signed in this many days ago
}

var seedDepartments = []string{"Engineering", "Sales", "Finance", "IT", "HR", "Support"}

var seedCostCenters = map[string]string{
	"Engineering": "CC-1100", "Sales": "CC-1200", "Finance": "CC-1300",
	"IT": "CC-1400", "HR": "CC-1500", "Support": "CC-1600",
}

var seedCities = []string{"San Francisco", "New York", "Austin", "Chicago", "London", "Toronto"}

// seedDemoCast: department heads come first within their department and are
// everyone else's manager.
var seedDemoCast = []seedPerson{
	{first: "Alice", last: "Nguyen", dept: "IT", title: "IT Director", status: "ACTIVE"},
	{first: "Bob", last: "Martinez", dept: "IT", title: "Identity Engineer", status: "ACTIVE"},
	{first: "Grace", last: "Okafor", dept: "IT", title: "Systems Administrator", status: "ACTIVE"},
	{first: "Heidi", last: "Larsen", dept: "IT", title: "IT Operations Manager", status: "ACTIVE"},
	{first: "Ivan", last: "Petrov", dept: "IT", title: "Application Administrator", status: "ACTIVE"},
	{first: "Wendy", last: "Brooks", dept: "IT", title: "Network Engineer", status: "ACTIVE"},
	{first: "Trent", last: "Walsh", dept: "IT", title: "Okta Administrator", status: "SUSPENDED"},

	{first: "Judy", last: "Chen", dept: "Support", title: "Help Desk Manager", status: "ACTIVE"},
	{first: "Carol", last: "Diaz", dept: "Support", title: "Support Specialist", status: "ACTIVE"},
	{first: "Dave", last: "Foster", dept: "Support", title: "Support Specialist", status: "ACTIVE"},
	{first: "Liam", last: "Byrne", dept: "Support", title: "Support Specialist", status: "LOCKED_OUT"},
	{first: "Mia", last: "Rossi", dept: "Support", title: "Support Engineer", status: "ACTIVE"},
	{first: "Noah", last: "Becker", dept: "Support", title: "Support Engineer", status: "PASSWORD_EXPIRED"},
	{first: "Gabe", last: "Silva", dept: "Support", title: "Support Specialist", status: "ACTIVE"},
	{first: "Alex", last: "Kim", login: "alex.kim@acme.com", dept: "Support", title: "Support Engineer (Contractor)", status: "ACTIVE", contractor: true},

	{first: "Olivia", last: "Hart", dept: "Engineering", title: "VP Engineering", status: "ACTIVE"},
	{first: "Alex", last: "Kim", login: "alex@acme.com", email: "Alex.Kim@acme.com", dept: "Engineering", title: "Software Engineer", status: "ACTIVE"},
	{first: "Erin", last: "Patel", dept: "Engineering", title: "Senior Software Engineer", status: "ACTIVE"},
	{first: "Frank", last: "Weber", dept: "Engineering", title: "DevOps Engineer", status: "ACTIVE"},
	{first: "Priya", last: "Shah", dept: "Engineering", title: "Staff Engineer", status: "ACTIVE"},
	{first: "Quinn", last: "Taylor", dept: "Engineering", title: "Software Engineer", status: "ACTIVE"},
	{first: "Raj", last: "Kumar", dept: "Engineering", title: "Site Reliability Engineer", status: "ACTIVE"},
	{first: "Sofia", last: "Alvarez", dept: "Engineering", title: "Engineering Manager", status: "ACTIVE"},
	{first: "Tom", last: "Fischer", dept: "Engineering", title: "Software Engineer", status: "ACTIVE"},
	{first: "Uma", last: "Rao", dept: "Engineering", title: "QA Engineer", status: "ACTIVE"},
	{first: "Victor", last: "Lin", dept: "Engineering", title: "Software Engineer", status: "ACTIVE"},
	{first: "Yuki", last: "Tanaka", dept: "Engineering", title: "Data Engineer", status: "ACTIVE", staleDays: 150},
	{first: "Ben", last: "Adler", dept: "Engineering", title: "Security Engineer", status: "ACTIVE"},
	{first: "Ethan", last: "Cole", dept: "Engineering", title: "Software Engineer", status: "ACTIVE"},
	{first: "Zoe", last: "Clarke", dept: "Engineering", title: "Software Engineer", status: "STAGED"},
	{first: "Dana", last: "Reyes", email: "dana.reyes@gmail.com", dept: "Engineering", title: "Contract Developer", status: "ACTIVE", contractor: true},

	{first: "Nina", last: "Novak", dept: "Sales", title: "VP Sales", status: "ACTIVE"},
	{first: "Oscar", last: "Reyes", dept: "Sales", title: "Sales Manager", status: "SUSPENDED"},
	{first: "Mallory", last: "Price", dept: "Sales", title: "Account Executive", status: "DEPROVISIONED"},
	{first: "Paul", last: "Grant", dept: "Sales", title: "Account Executive", status: "ACTIVE", staleDays: 120},
	{first: "Rosa", last: "Lindqvist", dept: "Sales", title: "Account Executive", status: "ACTIVE"},
	{first: "Tina", last: "Brown", dept: "Sales", title: "Sales Development Representative", status: "ACTIVE"},
	{first: "Ursula", last: "Grey", dept: "Sales", title: "Solutions Engineer", status: "ACTIVE"},
	{first: "Xavier", last: "Dubois", dept: "Sales", title: "Account Executive", status: "ACTIVE"},
	{first: "Chloe", last: "Martin", dept: "Sales", title: "Sales Operations Analyst", status: "ACTIVE"},
	{first: "Sam", last: "Ortiz", dept: "Sales", title: "Sales Development Representative", status: "PROVISIONED"},

	{first: "Fiona", last: "Walker", dept: "Finance", title: "Chief Financial Officer", status: "ACTIVE"},
	{first: "Kevin", last: "Wright", dept: "Finance", title: "Internal Auditor", status: "ACTIVE"},
	{first: "Laura", last: "Bianchi", dept: "Finance", title: "Controller", status: "ACTIVE"},
	{first: "Marco", last: "Ferrari", dept: "Finance", title: "Financial Analyst", status: "ACTIVE"},
	{first: "Irene", last: "Costa", dept: "Finance", title: "Accountant", status: "ACTIVE", staleDays: 190},
	{first: "Hugo", last: "Lambert", dept: "Finance", title: "Payroll Specialist", status: "RECOVERY"},
	{first: "Jack", last: "Turner", dept: "Finance", title: "Accounts Payable Clerk", status: "LOCKED_OUT"},
	{first: "Peggy", last: "Olsen", dept: "Finance", title: "Accountant", status: "DEPROVISIONED"},

	{first: "Hannah", last: "Schmidt", dept: "HR", title: "HR Director", status: "ACTIVE"},
	{first: "Isaac", last: "Cohen", dept: "HR", title: "HR Business Partner", status: "ACTIVE"},
	{first: "Kara", last: "Singh", dept: "HR", title: "Recruiter", status: "ACTIVE"},
	{first: "Maya", last: "Johansson", dept: "HR", title: "People Operations Specialist", status: "ACTIVE"},
	{first: "Jade", last: "Morgan", dept: "HR", title: "Recruiter", status: "STAGED"},
	{first: "Leo", last: "Marino", dept: "HR", title: "HR Coordinator", status: "PROVISIONED"},
}

// seedFactorPlan gives named cast members fixed factors (kind:status); everyone
// else active gets a random healthy combination.
var seedFactorPlan = map[string][]string{
	"alice@acme.com":          {"webauthn:ACTIVE", "fastpass:ACTIVE", "u2f:INACTIVE"},
	"bob@acme.com":            {"yubikey:ACTIVE", "push:ACTIVE"},
	"grace@acme.com":          {"totp_google:ACTIVE", "call:ACTIVE"},
	"heidi@acme.com":          {"push:ACTIVE", "rsa:EXPIRED"},
	"ivan@acme.com":           {"duo:ACTIVE", "sms:ACTIVE"},
	"wendy@acme.com":          {"fastpass:ACTIVE", "push:ACTIVE"},
	"trent@acme.com":          {"push:ACTIVE"},
	"judy@acme.com":           {"push:ACTIVE", "sms:ACTIVE"},
	"carol@acme.com":          {},
	"dave@acme.com":           {"push:PENDING_ACTIVATION", "totp:PENDING_ACTIVATION"},
	"liam@acme.com":           {"sms:ACTIVE"},
	"noah@acme.com":           {"push:ACTIVE"},
	"alex.kim@acme.com":       {"sms:ACTIVE"},
	"erin@acme.com":           {"question:ACTIVE"},
	"kevin@acme.com":          {"webauthn:ACTIVE"},
	"laura@acme.com":          {"email:ACTIVE", "sms:ACTIVE"},
	"hugo@acme.com":           {"push:ACTIVE"},
	"jack@acme.com":           {"push:ACTIVE"},
	"sam@acme.com":            {"sms:NOT_SETUP"},
	"mallory@acme.com":        {"push:ACTIVE"},
	"oscar@acme.com":          {"push:ACTIVE"},
	"peggy@acme.com":          {},
	"dana@acme.com":           {"push:ACTIVE"},
	"svc-compliance@acme.com": {},
}

// seedHealthyFactors are the combinations handed to cast members without a plan.
var seedHealthyFactors = [][]string{
	{"push"}, {"push", "totp"}, {"fastpass"}, {"fastpass", "push"}, {"webauthn", "push"},
	{"push", "sms"}, {"totp_google"}, {"push", "question"}, {"push", "email"},
}

type seedDemo struct {
	g      *seedGen
	org    *Org
	people []seedPerson // parallel to org.Users (the service account last)
	users  map[string]*User
	groups map[string]*Group
	apps   map[string]*App
}

func (d *seedDemo) user(login string) *User {
	u, ok := d.users[login]
	if !ok {
		panic("oktasim: demo cast has no " + login)
	}
	return u
}

func (d *seedDemo) buildUsers() {
	g := d.g
	typeID := g.id("oty")
	heads := map[string]*User{}
	for i, p := range seedDemoCast {
		if p.login == "" {
			p.login = strings.ToLower(p.first) + "@" + DemoCompanyDomain
		}
		if p.email == "" {
			p.email = p.login
		}
		u := &User{ID: g.id("00u"), Status: p.status, TypeID: typeID}
		d.setTimes(u, p)
		profile := map[string]any{
			"login":        p.login,
			"email":        p.email,
			"firstName":    p.first,
			"lastName":     p.last,
			"displayName":  p.first + " " + p.last,
			"department":   p.dept,
			"title":        p.title,
			"costCenter":   seedCostCenters[p.dept],
			"organization": "Acme Corp",
			"city":         g.pick(seedCities),
			"mobilePhone":  fmt.Sprintf("+1 415 555 %04d", 100+i),
			"userType":     "Employee",
		}
		if p.contractor {
			profile["userType"] = "Contractor"
		} else {
			profile["employeeNumber"] = fmt.Sprintf("%05d", 10100+i*7)
		}
		if head, ok := heads[p.dept]; ok {
			profile["manager"] = head.Profile["displayName"]
			profile["managerId"] = head.ID
		} else {
			heads[p.dept] = u
		}
		u.Profile = profile
		d.org.Users = append(d.org.Users, u)
		d.people = append(d.people, p)
		d.users[p.login] = u
	}

	svc := seedPerson{first: "Compliance", last: "Integration", login: DemoServiceAccountLogin, dept: "IT", title: "Service Account", status: "ACTIVE"}
	svc.email = svc.login
	u := &User{ID: g.id("00u"), Status: "ACTIVE", TypeID: typeID}
	u.Created = g.ago(seedDays(58), seedDays(62))
	u.Activated = seedTimePtr(g.after(u.Created, time.Minute, time.Hour))
	u.StatusChanged = seedTimePtr(*u.Activated)
	u.PasswordChanged = seedTimePtr(*u.Activated)
	u.LastUpdated = *u.Activated
	u.Profile = map[string]any{
		"login": svc.login, "email": svc.email, "firstName": svc.first, "lastName": svc.last,
		"displayName": "Compliance Integration", "department": "IT", "title": svc.title,
		"costCenter": seedCostCenters["IT"], "organization": "Acme Corp", "userType": "Service",
		"manager": heads["IT"].Profile["displayName"], "managerId": heads["IT"].ID,
	}
	d.org.Users = append(d.org.Users, u)
	d.people = append(d.people, svc)
	d.users[svc.login] = u
}

// setTimes gives a user lifecycle timestamps consistent with its status.
func (d *seedDemo) setTimes(u *User, p seedPerson) {
	g := d.g
	switch {
	case p.status == "STAGED" || p.status == "PROVISIONED":
		u.Created = g.ago(seedDays(2), seedDays(9))
	case p.contractor:
		u.Created = g.ago(seedDays(60), seedDays(200))
	default:
		u.Created = g.ago(seedDays(400), seedDays(1500))
	}
	if p.status != "STAGED" {
		u.Activated = seedTimePtr(g.after(u.Created, time.Minute, seedDays(1)))
		u.StatusChanged = seedTimePtr(*u.Activated)
	}
	if p.status != "STAGED" && p.status != "PROVISIONED" {
		u.PasswordChanged = seedTimePtr(g.ago(seedDays(1), seedDays(180)))
		if u.PasswordChanged.Before(*u.Activated) {
			u.PasswordChanged = seedTimePtr(*u.Activated)
		}
		u.LastLogin = seedTimePtr(g.ago(10*time.Minute, seedDays(6)))
	}
	switch p.status {
	case "SUSPENDED":
		u.StatusChanged = seedTimePtr(g.ago(seedDays(8), seedDays(18)))
		u.LastLogin = seedTimePtr(u.StatusChanged.Add(-g.dur(seedDays(1), seedDays(4))))
	case "DEPROVISIONED":
		if p.login == DemoCleanLeaver {
			u.StatusChanged = seedTimePtr(g.ago(seedDays(20), seedDays(27)))
		} else {
			u.StatusChanged = seedTimePtr(g.ago(seedDays(9), seedDays(15)))
		}
		u.LastLogin = seedTimePtr(u.StatusChanged.Add(-g.dur(time.Hour, seedDays(2))))
	case "LOCKED_OUT":
		u.StatusChanged = seedTimePtr(g.ago(time.Hour, 20*time.Hour))
		u.LastLogin = seedTimePtr(u.StatusChanged.Add(-g.dur(seedDays(1), seedDays(4))))
	case "RECOVERY":
		u.StatusChanged = seedTimePtr(g.ago(seedDays(1), seedDays(2)))
		u.LastLogin = seedTimePtr(u.StatusChanged.Add(-g.dur(seedDays(1), seedDays(3))))
	case "PASSWORD_EXPIRED":
		u.PasswordChanged = seedTimePtr(g.ago(seedDays(95), seedDays(120)))
		u.StatusChanged = seedTimePtr(g.ago(seedDays(1), seedDays(3)))
		u.LastLogin = seedTimePtr(u.StatusChanged.Add(-g.dur(seedDays(1), seedDays(5))))
	}
	if p.staleDays > 0 {
		u.LastLogin = seedTimePtr(g.ago(seedDays(p.staleDays), seedDays(p.staleDays+0.5)))
		if u.PasswordChanged.After(*u.LastLogin) {
			u.PasswordChanged = seedTimePtr(u.LastLogin.Add(-seedDays(30)))
		}
	}
	u.LastUpdated = seedLatest(&u.Created, u.Activated, u.StatusChanged, u.PasswordChanged)
}

func (d *seedDemo) buildFactors() {
	g := d.g
	for i, u := range d.org.Users {
		login := d.people[i].login
		plan, planned := seedFactorPlan[login]
		if !planned {
			if u.Status == "STAGED" || u.Status == "PROVISIONED" {
				continue
			}
			for _, k := range seedHealthyFactors[g.rng.IntN(len(seedHealthyFactors))] {
				plan = append(plan, k+":ACTIVE")
			}
		}
		var fs []*Factor
		for _, spec := range plan {
			kind, status, _ := strings.Cut(spec, ":")
			fs = append(fs, g.factor(u, kind, status))
		}
		if len(fs) > 0 {
			slices.SortFunc(fs, func(a, b *Factor) int { return cmp.Compare(a.ID, b.ID) })
			d.org.Factors[u.ID] = fs
		}
	}
}

// seedFactorKinds maps a short factor kind to Okta's type, provider, vendor name
// and id prefix.
var seedFactorKinds = map[string]struct{ factorType, provider, vendor, prefix string }{
	"sms":         {"sms", "OKTA", "OKTA", "mbl"},
	"call":        {"call", "OKTA", "OKTA", "clf"},
	"email":       {"email", "OKTA", "OKTA", "emf"},
	"push":        {"push", "OKTA", "OKTA", "opf"},
	"totp":        {"token:software:totp", "OKTA", "OKTA", "ost"},
	"totp_google": {"token:software:totp", "GOOGLE", "GOOGLE", "uft"},
	"yubikey":     {"token:hardware", "YUBICO", "YUBICO", "ykf"},
	"rsa":         {"token", "RSA", "RSA", "rsf"},
	"duo":         {"web", "DUO", "DUO", "dsf"},
	"webauthn":    {"webauthn", "FIDO", "FIDO", "fwf"},
	"u2f":         {"u2f", "FIDO", "FIDO", "fuf"},
	"fastpass":    {"signed_nonce", "OKTA", "OKTA", "pfn"},
	"question":    {"question", "OKTA", "OKTA", "ufs"},
}

var seedAuthenticatorNames = []string{"YubiKey 5C NFC", "Touch ID", "Windows Hello", "YubiKey 5 NFC", "Google Titan Key"}

// factor builds one enrolled factor for u with a profile in Okta's shape.
func (g *seedGen) factor(u *User, kind, status string) *Factor {
	k, ok := seedFactorKinds[kind]
	if !ok {
		panic("oktasim: unknown factor kind " + kind)
	}
	login, _ := u.Profile["login"].(string)
	email, _ := u.Profile["email"].(string)
	first, _ := u.Profile["firstName"].(string)
	since := u.Created
	if u.Activated != nil {
		since = *u.Activated
	}
	created := g.after(since, time.Hour, seedDays(300))
	if status == "PENDING_ACTIVATION" || status == "NOT_SETUP" {
		created = g.ago(time.Hour, seedDays(3))
		if created.Before(u.Created) {
			created = u.Created
		}
	}
	f := &Factor{
		ID: g.id(k.prefix), UserID: u.ID, FactorType: k.factorType, Provider: k.provider,
		VendorName: k.vendor, Status: status, Created: created,
		LastUpdated: g.after(created, 0, seedDays(30)),
	}
	phone := fmt.Sprintf("+1415555%04d", g.rng.IntN(10000))
	switch kind {
	case "sms":
		f.Profile = map[string]any{"phoneNumber": phone}
	case "call":
		f.Profile = map[string]any{"phoneNumber": phone, "phoneExtension": ""}
	case "email":
		f.Profile = map[string]any{"email": email}
	case "push":
		if g.rng.IntN(2) == 0 {
			f.Profile = map[string]any{"credentialId": login, "deviceType": "SmartPhone_IPhone", "name": first + "'s iPhone", "platform": "IOS", "version": "17.5"}
		} else {
			f.Profile = map[string]any{"credentialId": login, "deviceType": "SmartPhone_Android", "name": "Pixel 8", "platform": "ANDROID", "version": "14"}
		}
	case "totp", "totp_google", "rsa", "duo":
		f.Profile = map[string]any{"credentialId": login}
	case "yubikey":
		f.Profile = map[string]any{"credentialId": fmt.Sprintf("%08d", g.rng.IntN(100000000))}
	case "webauthn":
		f.Profile = map[string]any{"credentialId": g.str(43), "authenticatorName": g.pick(seedAuthenticatorNames)}
	case "u2f":
		f.Profile = map[string]any{"credentialId": g.str(43), "version": "U2F_V2"}
	case "fastpass":
		f.Profile = map[string]any{"credentialId": login, "deviceType": "Desktop", "name": strings.ToLower(first) + "-macbook", "platform": "MACOS", "version": "14.5"}
	case "question":
		f.Profile = map[string]any{"question": "disliked_food", "questionText": "What is the food you least liked as a child?"}
	}
	return f
}

func (d *seedDemo) buildGroups() {
	g := d.g
	type spec struct {
		name, typ, desc string
		members         func(p seedPerson, u *User) bool
	}
	inDept := func(dept string) func(seedPerson, *User) bool {
		return func(p seedPerson, u *User) bool {
			// The clean leaver was removed from her groups; the other leavers
			// were not (the offboarding violations).
			return p.dept == dept && p.login != DemoCleanLeaver && p.login != DemoServiceAccountLogin
		}
	}
	among := func(logins ...string) func(seedPerson, *User) bool {
		return func(p seedPerson, _ *User) bool { return slices.Contains(logins, p.login) }
	}
	active := func(p seedPerson, u *User) bool { return u.Status == "ACTIVE" && p.login != DemoServiceAccountLogin }
	specs := []spec{
		{"Everyone", "BUILT_IN", "All users in your organization", func(seedPerson, *User) bool { return true }},
	}
	for _, dept := range seedDepartments {
		specs = append(specs, spec{dept, "OKTA_GROUP", dept + " department", inDept(dept)})
	}
	specs = append(specs,
		spec{"Admins", "OKTA_GROUP", "IT staff with administrator duties", among("alice@acme.com", "bob@acme.com", "grace@acme.com", "heidi@acme.com", "ivan@acme.com", "judy@acme.com", "wendy@acme.com")},
		spec{"Contractors", "OKTA_GROUP", "External contractors", func(p seedPerson, _ *User) bool { return p.contractor }},
		spec{DemoAdminGroupName, "OKTA_GROUP", "Members hold the Organization Administrator role", among("wendy@acme.com", "ivan@acme.com")},
		spec{"Service Accounts", "OKTA_GROUP", "Non-human integration users", among(DemoServiceAccountLogin)},
		spec{"VPN Users", "APP_GROUP", "Imported from acme.local (Active Directory)", func(p seedPerson, u *User) bool {
			return active(p, u) && (p.dept == "IT" || p.dept == "Engineering")
		}},
		spec{"Finance Share", "APP_GROUP", "Imported from acme.local (Active Directory)", func(p seedPerson, u *User) bool {
			return active(p, u) && p.dept == "Finance"
		}},
	)
	orgCreated := g.ago(seedDays(1600), seedDays(1700))
	for _, s := range specs {
		gr := &Group{ID: g.id("00g"), Type: s.typ, Name: s.name, Description: s.desc, Created: orgCreated}
		if s.typ != "BUILT_IN" {
			gr.Created = g.after(orgCreated, seedDays(1), seedDays(300))
		}
		gr.LastUpdated = g.after(gr.Created, 0, seedDays(200))
		for i, u := range d.org.Users {
			if s.members(d.people[i], u) {
				gr.MemberIDs = append(gr.MemberIDs, u.ID)
			}
		}
		slices.Sort(gr.MemberIDs)
		gr.LastMembershipUpdated = g.ago(time.Hour, seedDays(20))
		d.org.Groups = append(d.org.Groups, gr)
		d.groups[s.name] = gr
	}
}

// seedAppSpec is one demo app and its assignments.
type seedAppSpec struct {
	name, label, status, mode string
	settings                  map[string]any
	oauth                     *OAuthClient
	groups                    []string // group names, in priority order
	direct                    []string // logins assigned directly
	provisioned               bool     // provisioning on: app users are PROVISIONED and synchronized
	scopes                    []string // grants, ACTIVE unless prefixed "-" (revoked)
	clientRole                string
}

// Public halves of two fixed 2048-bit RSA keys for the demo service apps. The
// private halves were discarded: a test that signs client assertions installs
// its own key with PublicJWK.
const (
	seedScannerModulus = "pQFSrDpe-M6F21EM83wdKc8OE_iQ96UEnYqfowZjRa5M07DpMvPmg6dPSSkaZkH5L0rj4_lGMyOX2u9q04enU-zrjzMPq5i_HQpr8JfB8fGYQ-4rr_sAtnZS9Hz_EaAqRvAlZEXTNwBIcyExsVn0Aa94nhqxL51dj-KDNQ7pBp7xOK372VBNrmjr0I2iPoBIe7I3NqdDSNvGu8VxvZ8AzEW7SZcqTRPgshOxnLi90k2BOF78xyT-cAckPCKOnmJeKiSV7VHF1GpjtCJCrXxxeQUL3cViOCuSyb6G95BYYgp3g8jG8XvrrgZn2iq6EVW_QAmNz5h8YICXiIEwQ1oxKw"
	seedHRSyncModulus  = "oQEkNzuQfd5grQLG76lmdTSNJgiaGAYZprAazPSz5lbrBlwUQD-2MEpqUZhEQ6NE9-kr_r5Z5K_ixXi3fb-jIT_uF21_Lexr8qvZL5th7aypVYrldMBhqFi1FGXTrvD7qzJ6-d17WLIsfkebn-xwue0hf1IPd5ltrlMG5UfasHq9eSLhPhjbJaYUValsOwRr45Xif7dltfh1_YJS_519hJGTU9nzZvvxATuMLhISYclpoGAvE9Z9h4XT8IGLnFlfmV82oS8qjT6JTyIdgTZOe1IM_oz4HA4FfIa7gEnXk1lfbiFjm51V7pRYi1EE9pecPjczJxQJ6l6SAKLd0iPuIw"
)

func seedRSAJWK(kid, modulus string) map[string]any {
	return map[string]any{"kty": "RSA", "use": "sig", "alg": "RS256", "kid": kid, "e": "AQAB", "n": modulus}
}

var seedReadScopes = []string{
	"okta.users.read", "okta.groups.read", "okta.apps.read", "okta.factors.read", "okta.logs.read",
	"okta.policies.read", "okta.roles.read", "okta.apiTokens.read", "okta.orgs.read",
}

func (d *seedDemo) buildApps() {
	g := d.g
	web := &OAuthClient{
		ClientSecret: g.str(40), TokenEndpointAuthMethod: "client_secret_basic", ApplicationType: "web",
		RedirectURIs:           []string{"https://portal.acme.com/authorization-code/callback"},
		PostLogoutRedirectURIs: []string{"https://portal.acme.com/"},
		GrantTypes:             []string{"authorization_code", "refresh_token"}, ResponseTypes: []string{"code"}, PKCERequired: true,
	}
	browser := &OAuthClient{
		TokenEndpointAuthMethod: "none", ApplicationType: "browser",
		RedirectURIs:           []string{"https://dashboard.acme.com/login/callback", "http://localhost:3000/login/callback"},
		PostLogoutRedirectURIs: []string{"https://dashboard.acme.com/"},
		GrantTypes:             []string{"authorization_code"}, ResponseTypes: []string{"code"}, PKCERequired: true,
	}
	scanner := &OAuthClient{
		TokenEndpointAuthMethod: "private_key_jwt", ApplicationType: "service",
		GrantTypes: []string{"client_credentials"}, ResponseTypes: []string{"token"},
		JWKS: []map[string]any{seedRSAJWK("scanner-2025", seedScannerModulus)}, DPoPBound: true,
	}
	hrSync := &OAuthClient{
		TokenEndpointAuthMethod: "private_key_jwt", ApplicationType: "service",
		GrantTypes: []string{"client_credentials"}, ResponseTypes: []string{"token"},
		JWKS: []map[string]any{seedRSAJWK("hr-sync-1", seedHRSyncModulus)},
	}
	specs := []seedAppSpec{
		{name: "salesforce", label: DemoSalesforceLabel, status: "ACTIVE", mode: "SAML_2_0",
			settings: map[string]any{"instanceType": "PRODUCTION", "integrationType": "STANDARD", "loginUrl": "https://acme.my.salesforce.com"},
			groups:   []string{"Sales"}, direct: []string{DemoUnapprovedAppUser, DemoDeprovisionedLeaver}, provisioned: true},
		{name: "amazon_aws", label: "AWS", status: "ACTIVE", mode: "SAML_2_0",
			settings: map[string]any{"awsEnvironmentType": "aws.amazon", "sessionDuration": 3600},
			groups:   []string{"Engineering", "IT"}, direct: []string{"laura@acme.com"}},
		{name: "slack", label: "Slack", status: "ACTIVE", mode: "SAML_2_0",
			settings: map[string]any{"domain": "acme"},
			groups:   []string{"Engineering", "Support", "IT", "Sales"}, provisioned: true},
		{name: "bookmark", label: "Acme Intranet", status: "ACTIVE", mode: "BOOKMARK",
			settings: map[string]any{"url": "https://intranet.acme.com", "requestIntegration": false},
			groups:   []string{"HR", "Finance"}},
		{name: "atlassian_jira_onprem", label: "Jira (legacy)", status: "INACTIVE", mode: "SAML_2_0",
			settings: map[string]any{"baseURL": "https://jira.acme.com"},
			direct:   []string{"tom@acme.com", "victor@acme.com"}},
		{name: "oidc_client", label: "Acme Portal", status: "ACTIVE", mode: "OPENID_CONNECT", oauth: web,
			settings: map[string]any{}, groups: []string{"HR", "Finance", "Contractors"}},
		{name: "oidc_client", label: "Acme Dashboard", status: "ACTIVE", mode: "OPENID_CONNECT", oauth: browser,
			settings: map[string]any{}, groups: []string{"Support", "IT"}, direct: []string{"olivia@acme.com"}},
		{name: "oidc_client", label: DemoReadOnlyAppLabel, status: "ACTIVE", mode: "OPENID_CONNECT", oauth: scanner,
			settings: map[string]any{}, scopes: seedReadScopes, clientRole: "READ_ONLY_ADMIN"},
		{name: "oidc_client", label: DemoOverScopedAppLabel, status: "ACTIVE", mode: "OPENID_CONNECT", oauth: hrSync,
			settings:   map[string]any{},
			scopes:     []string{"okta.users.read", "okta.users.manage", "okta.groups.read", "okta.groups.manage", "-okta.apps.manage"},
			clientRole: "ORG_ADMIN"},
	}
	for _, s := range specs {
		a := &App{ID: g.id("0oa"), Name: s.name, Label: s.label, Status: s.status, SignOnMode: s.mode, Settings: s.settings, OAuth: s.oauth}
		a.Created = g.ago(seedDays(300), seedDays(1200))
		a.LastUpdated = g.after(a.Created, seedDays(1), seedDays(250))
		if a.OAuth != nil {
			a.OAuth.ClientID = a.ID // Okta's client_id of an OIDC app is its app id
		}
		d.assign(a, s)
		for _, scope := range s.scopes {
			status := "ACTIVE"
			if name, revoked := strings.CutPrefix(scope, "-"); revoked {
				scope, status = name, "REVOKED"
			}
			a.Grants = append(a.Grants, Grant{
				ID: g.id("oag"), ClientID: a.ID, ScopeID: scope, Issuer: seedIssuer,
				Status: status, Source: "ADMIN", Created: g.after(a.Created, time.Minute, seedDays(30)),
			})
		}
		if s.clientRole != "" {
			d.org.ClientRoles[a.ID] = []*RoleAssignment{g.role(s.clientRole, "CLIENT", a.Created)}
		}
		d.org.Apps = append(d.org.Apps, a)
		d.apps[s.label] = a
	}
}

// assign records group and direct assignments and the app users they imply: a
// direct assignment has scope USER (it wins over a group's), a member of an
// assigned group has scope GROUP.
func (d *seedDemo) assign(a *App, s seedAppSpec) {
	g := d.g
	scope := map[string]string{}
	for prio, name := range s.groups {
		gr := d.groups[name]
		a.Groups = append(a.Groups, AppGroup{GroupID: gr.ID, Priority: prio, LastUpdated: g.after(a.Created, time.Minute, seedDays(60))})
		for _, id := range gr.MemberIDs {
			scope[id] = "GROUP"
		}
	}
	for _, login := range s.direct {
		scope[d.user(login).ID] = "USER"
	}
	for _, u := range d.org.Users {
		sc, ok := scope[u.ID]
		if !ok {
			continue
		}
		au := AppUser{UserID: u.ID, Scope: sc, Status: "ACTIVE", SyncState: "DISABLED",
			Profile: map[string]any{"email": u.Profile["email"]}}
		if s.provisioned {
			au.Status, au.SyncState = "PROVISIONED", "SYNCHRONIZED"
		}
		since := a.Created
		if u.Created.After(since) {
			since = u.Created
		}
		au.Created = g.after(since, time.Minute, seedDays(2))
		au.LastUpdated = g.after(au.Created, 0, seedDays(30))
		a.Users = append(a.Users, au)
	}
	slices.SortFunc(a.Groups, func(x, y AppGroup) int { return cmp.Compare(x.GroupID, y.GroupID) })
	slices.SortFunc(a.Users, func(x, y AppUser) int { return cmp.Compare(x.UserID, y.UserID) })
}

var seedRoleLabels = map[string]string{
	"SUPER_ADMIN":                 "Super Administrator",
	"ORG_ADMIN":                   "Organizational Administrator",
	"APP_ADMIN":                   "Application Administrator",
	"USER_ADMIN":                  "Group Administrator",
	"HELP_DESK_ADMIN":             "Help Desk Administrator",
	"READ_ONLY_ADMIN":             "Read Only Administrator",
	"MOBILE_ADMIN":                "Mobile Administrator",
	"API_ACCESS_MANAGEMENT_ADMIN": "API Access Management Administrator",
	"REPORT_ADMIN":                "Report Administrator",
	"GROUP_MEMBERSHIP_ADMIN":      "Group Membership Administrator",
}

// role returns an ACTIVE standard role assignment made some time after since.
func (g *seedGen) role(roleType, assignmentType string, since time.Time) *RoleAssignment {
	prefix := "ra1"
	if assignmentType == "GROUP" {
		prefix = "irb"
	}
	created := g.after(since, time.Hour, seedDays(30))
	return &RoleAssignment{
		ID: g.id(prefix), Type: roleType, Label: seedRoleLabels[roleType], Status: "ACTIVE",
		AssignmentType: assignmentType, Created: created, LastUpdated: created,
	}
}

func (d *seedDemo) buildRoles() {
	direct := []struct{ login, role string }{
		{"alice@acme.com", "SUPER_ADMIN"},
		{"bob@acme.com", "SUPER_ADMIN"},
		{"grace@acme.com", "SUPER_ADMIN"},
		{"heidi@acme.com", "ORG_ADMIN"},
		{"ivan@acme.com", "APP_ADMIN"},
		{"judy@acme.com", "HELP_DESK_ADMIN"},
		{"judy@acme.com", "REPORT_ADMIN"},
		{"kevin@acme.com", "READ_ONLY_ADMIN"},
		{"trent@acme.com", "API_ACCESS_MANAGEMENT_ADMIN"},
		{DemoServiceAccountLogin, "READ_ONLY_ADMIN"},
	}
	for _, r := range direct {
		u := d.user(r.login)
		d.org.UserRoles[u.ID] = append(d.org.UserRoles[u.ID], d.g.role(r.role, "USER", *u.Activated))
	}
	admins := d.groups[DemoAdminGroupName]
	d.org.GroupRoles[admins.ID] = []*RoleAssignment{d.g.role("ORG_ADMIN", "GROUP", admins.Created)}
}

func (d *seedDemo) buildTokens() {
	g := d.g
	zone := g.id("nzo")
	type spec struct {
		name, login      string
		network          TokenNetwork
		createdAgo       [2]time.Duration
		expiresIn        [2]time.Duration // from now; negative: already expired
		clientName       string
		lastUsedSameTime bool
	}
	specs := []spec{
		// First, so it has the lowest id: the simulator's AdminToken.
		{"terraform-admin", "alice@acme.com", TokenNetwork{Connection: "ANYWHERE"}, [2]time.Duration{seedDays(150), seedDays(200)}, [2]time.Duration{seedDays(27), seedDays(29)}, "Okta API", false},
		{"compliance-scanner", DemoServiceAccountLogin, TokenNetwork{Connection: "ZONE", Include: []string{zone}}, [2]time.Duration{seedDays(20), seedDays(25)}, [2]time.Duration{seedDays(29), seedDays(30) - time.Hour}, "Okta API", false},
		{"bob-okta-scripts", "bob@acme.com", TokenNetwork{Connection: "ZONE", Include: []string{zone}}, [2]time.Duration{seedDays(90), seedDays(120)}, [2]time.Duration{seedDays(1), seedDays(2.5)}, "Okta API", false},
		{"legacy-ldap-sync", "heidi@acme.com", TokenNetwork{Connection: "ANYWHERE"}, [2]time.Duration{seedDays(300), seedDays(400)}, [2]time.Duration{-seedDays(10), -seedDays(2)}, "Okta API", false},
		{"trent-automation", "trent@acme.com", TokenNetwork{Connection: "ANYWHERE"}, [2]time.Duration{seedDays(200), seedDays(250)}, [2]time.Duration{seedDays(15), seedDays(20)}, "Okta API", false},
	}
	for _, s := range specs {
		t := &APIToken{
			ID: g.id("00T"), Name: s.name, UserID: d.user(s.login).ID, ClientName: s.clientName,
			TokenWindow: "P30D", Created: g.ago(s.createdAgo[0], s.createdAgo[1]), Network: s.network, Secret: g.secret(),
		}
		t.ExpiresAt = g.now.Add(g.dur(s.expiresIn[0], s.expiresIn[1]))
		if s.expiresIn[1] < 0 {
			t.ExpiresAt = g.now.Add(-g.dur(-s.expiresIn[1], -s.expiresIn[0]))
		}
		// Okta slides expiresAt to 30 days after the last use, which is also
		// when it updates the token.
		t.LastUpdated = t.ExpiresAt.Add(-seedDays(30))
		if t.LastUpdated.Before(t.Created) {
			t.LastUpdated = t.Created
		}
		d.org.APITokens = append(d.org.APITokens, t)
	}
}

// policies returns the PASSWORD, OKTA_SIGN_ON, MFA_ENROLL, ACCESS_POLICY and
// PROFILE_ENROLLMENT policies in Okta's wire shape, each type with a system
// default policy last and, where it matters, a deliberately weak one.
func (g *seedGen) policies(everyoneID, adminsID, contractorsID, serviceID string) []*Policy {
	groups := func(include []string, exclude ...string) map[string]any {
		if exclude == nil {
			exclude = []string{}
		}
		return map[string]any{"people": map[string]any{"groups": map[string]any{"include": include, "exclude": exclude}}}
	}
	ruleConditions := func() map[string]any {
		return map[string]any{
			"people":  map[string]any{"users": map[string]any{"exclude": []string{}}},
			"network": map[string]any{"connection": "ANYWHERE"},
		}
	}
	created := g.ago(seedDays(1500), seedDays(1600))
	policy := func(typ, name, desc string, prio int, system bool, cond map[string]any, settings map[string]any, rules ...PolicyRule) *Policy {
		p := &Policy{
			ID: g.id("00p"), Type: typ, Name: name, Description: desc, Status: "ACTIVE", Priority: prio, System: system,
			Created: created, Conditions: cond, Settings: settings,
		}
		if !system {
			p.Created = g.after(created, seedDays(10), seedDays(900))
		}
		p.LastUpdated = g.after(p.Created, 0, seedDays(400))
		for i := range rules {
			r := rules[i]
			r.ID = g.id("0pr")
			r.Status = "ACTIVE"
			r.Created = p.Created
			r.LastUpdated = g.after(p.Created, 0, seedDays(300))
			p.Rules = append(p.Rules, r)
		}
		return p
	}
	passwordSettings := func(minLength, minSymbol int, excludeCommon bool, maxAge, minAgeMinutes, history, lockout int) map[string]any {
		return map[string]any{
			"password": map[string]any{
				"complexity": map[string]any{
					"minLength": minLength, "minLowerCase": 1, "minUpperCase": 1, "minNumber": 1, "minSymbol": minSymbol,
					"excludeUsername": true, "excludeAttributes": []string{"firstName", "lastName"},
					"dictionary": map[string]any{"common": map[string]any{"exclude": excludeCommon}},
				},
				"age": map[string]any{"maxAgeDays": maxAge, "expireWarnDays": min(maxAge, 14), "minAgeMinutes": minAgeMinutes, "historyCount": history},
				"lockout": map[string]any{
					"maxAttempts": lockout, "autoUnlockMinutes": 0, "userLockoutNotificationChannels": []string{"EMAIL"},
					"showLockoutFailures": lockout > 0,
				},
			},
			"recovery": map[string]any{"factors": map[string]any{
				"recovery_question": map[string]any{"status": "INACTIVE", "properties": map[string]any{"complexity": map[string]any{"minLength": 4}}},
				"okta_email":        map[string]any{"status": "ACTIVE", "properties": map[string]any{"recoveryToken": map[string]any{"tokenLifetimeMinutes": 60}}},
				"okta_sms":          map[string]any{"status": "INACTIVE"},
				"okta_call":         map[string]any{"status": "INACTIVE"},
			}},
			"delegation": map[string]any{"options": map[string]any{"skipUnlock": false}},
		}
	}
	passwordRule := func(name string, prio int, system bool) PolicyRule {
		return PolicyRule{
			Name: name, Priority: prio, System: system, Type: "PASSWORD", Conditions: ruleConditions(),
			Actions: map[string]any{
				"passwordChange":           map[string]any{"access": "ALLOW"},
				"selfServicePasswordReset": map[string]any{"access": "ALLOW"},
				"selfServiceUnlock":        map[string]any{"access": "DENY"},
			},
		}
	}
	signOnRule := func(name string, prio int, system bool, access string, requireFactor bool, idle, lifetime int, persistent bool) PolicyRule {
		signon := map[string]any{
			"access": access, "requireFactor": requireFactor, "primaryFactor": "PASSWORD_IDP_ANY_FACTOR",
			"rememberDeviceByDefault": false,
			"session": map[string]any{
				"maxSessionIdleMinutes": idle, "maxSessionLifetimeMinutes": lifetime, "usePersistentCookie": persistent,
			},
		}
		if requireFactor {
			signon["factorPromptMode"] = "ALWAYS"
		}
		cond := ruleConditions()
		cond["authContext"] = map[string]any{"authType": "ANY"}
		return PolicyRule{Name: name, Priority: prio, System: system, Type: "SIGN_ON", Conditions: cond, Actions: map[string]any{"signon": signon}}
	}
	denyOutside := signOnRule("Deny outside corporate zones", 2, false, "DENY", false, 120, 0, false)
	denyOutside.Conditions["network"] = map[string]any{"connection": "ZONE", "exclude": []string{"LEGACY_IP_ZONE"}}
	enroll := func(self string) map[string]any { return map[string]any{"self": self} }
	authenticator := func(key, self string) map[string]any { return map[string]any{"key": key, "enroll": enroll(self)} }
	classicFactor := func(self string) map[string]any {
		return map[string]any{"enroll": enroll(self), "consent": map[string]any{"type": "NONE"}}
	}

	return []*Policy{
		policy("PASSWORD", DemoWeakPasswordPolicy, "Legacy policy for contractor accounts", 1, false,
			map[string]any{"people": map[string]any{"groups": map[string]any{"include": []string{contractorsID}}}, "authProvider": map[string]any{"provider": "OKTA"}},
			passwordSettings(8, 0, false, 0, 0, 0, 0), passwordRule("Contractors", 1, false)),
		policy("PASSWORD", "Default Policy", "The default password policy applies to all users", 2, true,
			map[string]any{"people": map[string]any{"groups": map[string]any{"include": []string{everyoneID}}}, "authProvider": map[string]any{"provider": "OKTA"}},
			passwordSettings(14, 1, true, 0, 60, 5, 5), passwordRule("Default Rule", 1, true)),

		policy("OKTA_SIGN_ON", "Admin Sign-On", "Short sessions and MFA for administrators", 1, false,
			groups([]string{adminsID}),
			nil,
			signOnRule("Require MFA", 1, false, "ALLOW", true, 15, 18*60, false), denyOutside),
		policy("OKTA_SIGN_ON", "Default Policy", "The default global sign-on policy", 2, true,
			groups([]string{everyoneID}),
			nil,
			signOnRule(DemoLaxSignOnRule, 1, true, "ALLOW", false, 720, 0, true)),

		policy("MFA_ENROLL", "Contractor MFA", "Classic factor enrollment for contractors", 1, false,
			groups([]string{contractorsID}),
			map[string]any{"type": "FACTORS", "factors": map[string]any{
				"okta_otp":      classicFactor("REQUIRED"),
				"okta_push":     classicFactor("OPTIONAL"),
				"okta_sms":      classicFactor("OPTIONAL"),
				"okta_question": classicFactor("NOT_ALLOWED"),
			}},
			PolicyRule{Name: "Contractors enroll", Priority: 1, Type: "MFA_ENROLL", Conditions: ruleConditions(), Actions: map[string]any{"enroll": map[string]any{"self": "CHALLENGE"}}}),
		policy("MFA_ENROLL", "Default Policy", "The default authenticator enrollment policy", 2, true,
			groups([]string{everyoneID}, serviceID),
			map[string]any{"type": "AUTHENTICATORS", "authenticators": []map[string]any{
				authenticator("okta_verify", "REQUIRED"),
				authenticator("okta_password", "REQUIRED"),
				authenticator("webauthn", "OPTIONAL"),
				authenticator("okta_email", "OPTIONAL"),
				authenticator("phone_number", "NOT_ALLOWED"),
				authenticator("security_question", "NOT_ALLOWED"),
			}},
			PolicyRule{Name: "Default Rule", Priority: 1, System: true, Type: "MFA_ENROLL", Conditions: ruleConditions(), Actions: map[string]any{"enroll": map[string]any{"self": "CHALLENGE"}}}),

		policy("ACCESS_POLICY", "Admin Apps", "Phishing-resistant MFA for administrative apps", 1, false,
			nil, nil,
			PolicyRule{Name: "Admins: phishing-resistant 2FA", Priority: 1, Type: "ACCESS_POLICY",
				Conditions: groups([]string{adminsID}),
				Actions: map[string]any{"appSignOn": map[string]any{"access": "ALLOW", "verificationMethod": map[string]any{
					"factorMode": "2FA", "type": "ASSURANCE", "reauthenticateIn": "PT2H",
					"constraints": []map[string]any{{"possession": map[string]any{"required": true, "deviceBound": "REQUIRED", "phishingResistant": "REQUIRED"}}},
				}}}},
			PolicyRule{Name: "Catch-all Rule", Priority: 2, System: true, Type: "ACCESS_POLICY", Conditions: map[string]any{},
				Actions: map[string]any{"appSignOn": map[string]any{"access": "DENY", "verificationMethod": map[string]any{
					"factorMode": "2FA", "type": "ASSURANCE", "reauthenticateIn": "PT0S", "constraints": []map[string]any{}}}}}),
		// The authentication policies Okta creates for its first-party apps,
		// which the DISA STIG judges: the Admin Console's is strong
		// (phishing-resistant 2FA, everything else denied), the Dashboard's is
		// weak (its catch-all rule lets a password alone in).
		policy("ACCESS_POLICY", DemoAdminConsolePolicy, "Okta Admin Console authentication policy", 2, false,
			nil, nil,
			PolicyRule{Name: "Admin App Policy", Priority: 1, Type: "ACCESS_POLICY",
				Conditions: map[string]any{"network": map[string]any{"connection": "ANYWHERE"}, "riskScore": map[string]any{"level": "ANY"}},
				Actions: map[string]any{"appSignOn": map[string]any{"access": "ALLOW", "verificationMethod": map[string]any{
					"factorMode": "2FA", "type": "ASSURANCE", "reauthenticateIn": "PT2H",
					"constraints": []map[string]any{{
						"knowledge":  map[string]any{"required": true, "types": []string{"password"}},
						"possession": map[string]any{"required": true, "phishingResistant": "REQUIRED", "userPresence": "REQUIRED"},
					}},
				}}}},
			PolicyRule{Name: "Catch-all Rule", Priority: 99, System: true, Type: "ACCESS_POLICY", Conditions: map[string]any{},
				Actions: map[string]any{"appSignOn": map[string]any{"access": "DENY", "verificationMethod": map[string]any{
					"factorMode": "2FA", "type": "ASSURANCE", "reauthenticateIn": "PT0S", "constraints": []map[string]any{}}}}}),
		policy("ACCESS_POLICY", DemoDashboardPolicy, "Okta Dashboard authentication policy", 3, false,
			nil, nil,
			PolicyRule{Name: DemoWeakDashboardRule, Priority: 99, System: true, Type: "ACCESS_POLICY", Conditions: map[string]any{},
				Actions: map[string]any{"appSignOn": map[string]any{"access": "ALLOW", "verificationMethod": map[string]any{
					"factorMode": "1FA", "type": "ASSURANCE", "reauthenticateIn": "PT12H",
					"constraints": []map[string]any{{"knowledge": map[string]any{"required": true, "types": []string{"password"}}}},
				}}}}),
		policy("ACCESS_POLICY", "Default Policy", "The default app sign-on policy", 4, true,
			nil, nil,
			PolicyRule{Name: "Catch-all Rule", Priority: 1, System: true, Type: "ACCESS_POLICY", Conditions: map[string]any{},
				Actions: map[string]any{"appSignOn": map[string]any{"access": "ALLOW", "verificationMethod": map[string]any{
					"factorMode": "1FA", "type": "ASSURANCE", "reauthenticateIn": "PT12H", "constraints": []map[string]any{}}}}}),

		policy("PROFILE_ENROLLMENT", "Default Policy", "The default profile enrollment policy", 1, true,
			nil, nil,
			PolicyRule{Name: "Catch-all Rule", Priority: 1, System: true, Type: "PROFILE_ENROLLMENT", Conditions: map[string]any{},
				Actions: map[string]any{"profileEnrollment": map[string]any{
					"access": "ALLOW", "unknownUserAction": "DENY", "targetGroupIds": nil,
					"activationRequirements":     map[string]any{"emailVerification": true},
					"profileAttributes":          []map[string]any{{"name": "email", "label": "Email", "required": true}},
					"preRegistrationInlineHooks": nil,
				}}}),
	}
}

// seedLog accumulates System Log events; they are sorted once at the end.
type seedLog struct {
	g      *seedGen
	events []*LogEvent
}

func seedUserActor(u *User) LogActor {
	login, _ := u.Profile["login"].(string)
	name, _ := u.Profile["displayName"].(string)
	return LogActor{ID: u.ID, Type: "User", AlternateID: login, DisplayName: name}
}

func seedUserTarget(u *User) LogTarget {
	a := seedUserActor(u)
	return LogTarget{ID: a.ID, Type: "User", AlternateID: a.AlternateID, DisplayName: a.DisplayName}
}

func seedAppTarget(a *App) LogTarget {
	return LogTarget{ID: a.ID, Type: "AppInstance", AlternateID: a.Label, DisplayName: a.Label}
}

func seedGroupTarget(gr *Group) LogTarget {
	return LogTarget{ID: gr.ID, Type: "UserGroup", AlternateID: "unknown", DisplayName: gr.Name}
}

// seedClientIP is a stable documentation-range address per user.
func seedClientIP(u *User) string {
	var h byte
	for i := 0; i < len(u.ID); i++ {
		h = h*31 + u.ID[i]
	}
	return fmt.Sprintf("203.0.113.%d", 10+int(h)%200)
}

var seedEventMessages = map[string]string{
	"user.session.start":                 "User login to Okta",
	"user.authentication.auth_via_mfa":   "Authentication of user via MFA",
	"user.mfa.factor.activate":           "Activate factor or authenticator",
	"user.mfa.factor.deactivate":         "Reset factor or authenticator",
	"user.lifecycle.create":              "Create okta user",
	"user.lifecycle.activate":            "Activate Okta user",
	"user.lifecycle.deactivate":          "Deactivate Okta user",
	"user.lifecycle.suspend":             "Suspend Okta user",
	"group.user_membership.add":          "Add user to group membership",
	"group.user_membership.remove":       "Remove user from group membership",
	"application.user_membership.add":    "Add user to application membership",
	"application.user_membership.remove": "Remove user from application membership",
	"user.account.privilege.grant":       "Grant user privilege",
	"app.oauth2.as.consent.grant":        "A consent is granted",
	"system.api_token.create":            "Create API token",
	"policy.lifecycle.update":            "Update policy",
}

func (l *seedLog) add(at time.Time, eventType string, actor LogActor, ip, result, reason string, targets ...LogTarget) {
	severity := "INFO"
	if result == "FAILURE" || result == "DENY" {
		severity = "WARN"
	}
	l.events = append(l.events, &LogEvent{
		UUID: l.g.uuid(), Published: at.UTC(), EventType: eventType, DisplayMessage: seedEventMessages[eventType],
		Severity: severity, OutcomeResult: result, OutcomeReason: reason, Actor: actor, ClientIP: ip, Targets: targets,
	})
}

// signIn logs a password sign-in and, when the user has an active factor, the
// MFA step after it.
func (l *seedLog) signIn(at time.Time, u *User, factors []*Factor) {
	ip := seedClientIP(u)
	l.add(at, "user.session.start", seedUserActor(u), ip, "SUCCESS", "")
	for _, f := range factors {
		if f.Status == "ACTIVE" && f.FactorType != "question" {
			l.add(at.Add(time.Duration(2+l.g.rng.IntN(20))*time.Second), "user.authentication.auth_via_mfa", seedUserActor(u), ip, "SUCCESS", "",
				LogTarget{ID: f.ID, Type: "AuthenticatorEnrollment", AlternateID: f.FactorType, DisplayName: f.FactorType})
			return
		}
	}
}

func (l *seedLog) sorted() []*LogEvent {
	slices.SortFunc(l.events, func(a, b *LogEvent) int {
		if c := a.Published.Compare(b.Published); c != 0 {
			return c
		}
		return cmp.Compare(a.UUID, b.UUID)
	})
	return l.events
}

// buildLogs writes about 300 events over the last 30 days, consistent with the
// org: leavers' deactivations, new hires, factor changes, role grants, token
// creation, consent grants, policy edits and everyone's sign-ins.
func (d *seedDemo) buildLogs() {
	g := d.g
	l := &seedLog{g: g}
	windowStart := g.now.Add(-seedDays(30))
	inWindow := func(t *time.Time) bool { return t != nil && t.After(windowStart) && !t.After(g.now) }
	alice, heidi, judy := d.user("alice@acme.com"), d.user("heidi@acme.com"), d.user("judy@acme.com")
	hrSync := d.apps[DemoOverScopedAppLabel]
	hrActor := LogActor{ID: hrSync.ID, Type: "PublicClientApp", AlternateID: hrSync.ID, DisplayName: hrSync.Label}
	const hrIP = "198.51.100.20"

	for i, u := range d.org.Users {
		p := d.people[i]
		if inWindow(&u.Created) {
			l.add(u.Created, "user.lifecycle.create", hrActor, hrIP, "SUCCESS", "", seedUserTarget(u))
			for _, gr := range d.org.Groups {
				if gr.Type == "OKTA_GROUP" && slices.Contains(gr.MemberIDs, u.ID) {
					l.add(u.Created.Add(time.Second), "group.user_membership.add", hrActor, hrIP, "SUCCESS", "", seedUserTarget(u), seedGroupTarget(gr))
				}
			}
		}
		if u.Status == "PROVISIONED" && inWindow(u.Activated) {
			l.add(*u.Activated, "user.lifecycle.activate", hrActor, hrIP, "SUCCESS", "", seedUserTarget(u))
		}
		switch u.Status {
		case "DEPROVISIONED":
			l.add(*u.StatusChanged, "user.lifecycle.deactivate", seedUserActor(heidi), seedClientIP(heidi), "SUCCESS", "", seedUserTarget(u))
			if p.login == DemoCleanLeaver {
				for _, gr := range d.org.Groups {
					if gr.Name == p.dept {
						l.add(u.StatusChanged.Add(-time.Minute), "group.user_membership.remove", seedUserActor(heidi), seedClientIP(heidi), "SUCCESS", "", seedUserTarget(u), seedGroupTarget(gr))
					}
				}
				for _, name := range []string{"Acme Intranet", "Acme Portal"} {
					l.add(u.StatusChanged.Add(-30*time.Second), "application.user_membership.remove", seedUserActor(heidi), seedClientIP(heidi), "SUCCESS", "", seedUserTarget(u), seedAppTarget(d.apps[name]))
				}
			}
		case "SUSPENDED":
			l.add(*u.StatusChanged, "user.lifecycle.suspend", seedUserActor(judy), seedClientIP(judy), "SUCCESS", "", seedUserTarget(u))
		case "LOCKED_OUT":
			for k := 0; k < 3; k++ {
				l.add(u.StatusChanged.Add(-time.Duration(3-k)*time.Minute), "user.session.start", seedUserActor(u), "198.51.100.77", "FAILURE", "INVALID_CREDENTIALS")
			}
			l.add(*u.StatusChanged, "user.session.start", seedUserActor(u), "198.51.100.77", "FAILURE", "LOCKED_OUT")
		}
		for _, f := range d.org.Factors[u.ID] {
			if inWindow(&f.Created) && f.Status == "ACTIVE" {
				l.add(f.Created, "user.mfa.factor.activate", seedUserActor(u), seedClientIP(u), "SUCCESS", "", seedUserTarget(u))
			}
			if f.Status == "INACTIVE" {
				f.LastUpdated = g.ago(seedDays(3), seedDays(20))
				l.add(f.LastUpdated, "user.mfa.factor.deactivate", seedUserActor(u), seedClientIP(u), "SUCCESS", "", seedUserTarget(u))
			}
		}
	}

	// Administrative changes made in the window.
	ivan := d.user("ivan@acme.com")
	admins := d.groups[DemoAdminGroupName]
	grantAt := g.ago(seedDays(15), seedDays(25))
	l.add(grantAt, "group.user_membership.add", seedUserActor(alice), seedClientIP(alice), "SUCCESS", "", seedUserTarget(ivan), seedGroupTarget(admins))
	l.add(grantAt.Add(time.Second), "user.account.privilege.grant", seedUserActor(alice), seedClientIP(alice), "SUCCESS", "", seedUserTarget(ivan))
	frank, sf := d.user(DemoUnapprovedAppUser), d.apps[DemoSalesforceLabel]
	l.add(g.ago(seedDays(5), seedDays(12)), "application.user_membership.add", seedUserActor(heidi), seedClientIP(heidi), "SUCCESS", "", seedUserTarget(frank), seedAppTarget(sf))
	consentAt := g.ago(seedDays(20), seedDays(28))
	for _, gr := range hrSync.Grants {
		if gr.Status == "ACTIVE" {
			l.add(consentAt, "app.oauth2.as.consent.grant", seedUserActor(alice), seedClientIP(alice), "SUCCESS", "",
				seedAppTarget(hrSync), LogTarget{ID: gr.ID, Type: "OAuth2Scope", AlternateID: gr.ScopeID, DisplayName: gr.ScopeID})
		}
	}
	for _, t := range d.org.APITokens {
		if inWindow(&t.Created) {
			owner := d.userByID(t.UserID)
			l.add(t.Created, "system.api_token.create", seedUserActor(owner), seedClientIP(owner), "SUCCESS", "",
				LogTarget{ID: t.ID, Type: "Token", AlternateID: t.Name, DisplayName: t.Name})
		}
	}
	for _, p := range d.org.Policies {
		if p.Type == "OKTA_SIGN_ON" && !p.System {
			at := g.ago(seedDays(2), seedDays(10))
			l.add(at, "policy.lifecycle.update", seedUserActor(alice), seedClientIP(alice), "SUCCESS", "",
				LogTarget{ID: p.ID, Type: "PolicyEntity", AlternateID: "unknown", DisplayName: p.Name})
		}
	}

	// Sign-ins: each user's last one at its lastLogin, then random earlier ones
	// (and some failed attempts) until the log holds about 300 events.
	var signers []*User
	for _, u := range d.org.Users {
		if inWindow(u.LastLogin) {
			l.signIn(*u.LastLogin, u, d.org.Factors[u.ID])
			signers = append(signers, u)
		}
	}
	for len(l.events) < 300 && len(signers) > 0 {
		u := signers[g.rng.IntN(len(signers))]
		span := u.LastLogin.Sub(windowStart)
		at := windowStart.Add(g.dur(0, span-time.Minute))
		if g.rng.IntN(8) == 0 {
			l.add(at, "user.session.start", seedUserActor(u), seedClientIP(u), "FAILURE", "INVALID_CREDENTIALS")
			continue
		}
		l.signIn(at, u, d.org.Factors[u.ID])
	}
	d.org.Logs = l.sorted()
}

func (d *seedDemo) userByID(id string) *User {
	for _, u := range d.org.Users {
		if u.ID == id {
			return u
		}
	}
	panic("oktasim: demo has no user " + id)
}

// seedSortOrg puts every slice in the order store.go promises.
func seedSortOrg(o *Org) {
	byID := func(a, b string) int { return cmp.Compare(a, b) }
	slices.SortFunc(o.Users, func(a, b *User) int { return byID(a.ID, b.ID) })
	slices.SortFunc(o.Groups, func(a, b *Group) int { return byID(a.ID, b.ID) })
	slices.SortFunc(o.Apps, func(a, b *App) int { return byID(a.ID, b.ID) })
	for _, a := range o.Apps {
		slices.SortFunc(a.Grants, func(x, y Grant) int { return byID(x.ID, y.ID) })
	}
	slices.SortFunc(o.APITokens, func(a, b *APIToken) int { return byID(a.ID, b.ID) })
	slices.SortFunc(o.Policies, func(a, b *Policy) int {
		if c := cmp.Compare(a.Type, b.Type); c != 0 {
			return c
		}
		if c := cmp.Compare(a.Priority, b.Priority); c != 0 {
			return c
		}
		return byID(a.ID, b.ID)
	})
}

// PublicJWK renders an RSA public key as the JWK a service app's jwks holds, so
// a test can install its own key on a seeded app and sign client assertions.
func PublicJWK(pub *rsa.PublicKey, kid string) map[string]any {
	return map[string]any{
		"kty": "RSA", "use": "sig", "alg": "RS256", "kid": kid,
		"e": base64.RawURLEncoding.EncodeToString(big.NewInt(int64(pub.E)).Bytes()),
		"n": base64.RawURLEncoding.EncodeToString(pub.N.Bytes()),
	}
}
