package directory

import (
	"sync"
	"time"

	"github.com/oktagate/terraform-provider-oktagate/internal/okta"
)

// Method names of the evidence collections as counted by Snapshot.Stats.
const (
	MethodListPolicies          = "ListPolicies"
	MethodListPolicyRules       = "ListPolicyRules"
	MethodListLogs              = "ListLogs"
	MethodListRoleAssigneeUsers = "ListRoleAssigneeUsers"
	MethodListUserGroups        = "ListUserGroups"
)

// evidenceState holds the snapshot's memos for the evidence collections.
type evidenceState struct {
	policies    memo[[]okta.Policy]     // by policy type
	policyRules memo[[]okta.PolicyRule] // by policy id
	logs        memo[LogResult]         // by window key and cap
	assignees   memo[[]string]
	userGroups  memo[[]string] // by user id: group ids
	adminRoles  memo[*AdminRoles]
	zones       memo[[]okta.NetworkZone] // one key: see zones.go
	posture     postureState             // authenticators, log streams, Admin Console: see posture.go

	mu         sync.Mutex
	planTime   time.Time
	logWindows map[string][]logFetch // by window key: every completed fetch
}

// PlanTime is the snapshot's "now": Options.PlanTime, or else fixed on first
// use, to the second, so that every data source and check of one plan that
// means "until now" asks for the same instant (and so shares one System Log
// window).
func (s *Snapshot) PlanTime() time.Time {
	st := &s.ev
	st.mu.Lock()
	defer st.mu.Unlock()
	if st.planTime.IsZero() {
		st.planTime = time.Now().UTC().Truncate(time.Second)
	}
	return st.planTime
}
