package directory

import (
	"context"
	"fmt"
	"sync"
	"time"

	"github.com/oktagate/terraform-provider-oktagate/internal/okta"
)

// EvidenceSource is what the evidence collections (policies and their rules,
// System Log windows, role assignees) need beyond Source. *okta.Client
// implements it. It is a separate interface so that a Source that only serves
// users, groups and apps (the tests' fakes) keeps compiling; the snapshot
// type-asserts its source when one of these collections is first asked for.
type EvidenceSource interface {
	ListPolicies(ctx context.Context, policyType string) ([]okta.Policy, error)
	ListPolicyRules(ctx context.Context, policyID string) ([]okta.PolicyRule, error)
	// ListLogs reads the events published in [since, until), oldest first, at
	// most maxEvents of them (<= 0: no cap); truncated reports that more matched.
	ListLogs(ctx context.Context, since, until time.Time, filter string, maxEvents int) ([]okta.LogEvent, bool, error)
	// ListRoleAssigneeUsers returns the ids of the users who hold an admin role,
	// directly or through a group.
	ListRoleAssigneeUsers(ctx context.Context) ([]string, error)
	ListUserGroups(ctx context.Context, userID string) ([]okta.Group, error)
}

var _ EvidenceSource = (*okta.Client)(nil)

// Method names of EvidenceSource as counted by Snapshot.Stats.
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

// evidenceSource returns the snapshot's source as an EvidenceSource.
func (s *Snapshot) evidenceSource() (EvidenceSource, error) {
	es, ok := s.src.src.(EvidenceSource)
	if !ok {
		return nil, fmt.Errorf("directory: the snapshot's source (%T) cannot read policies, the System Log or role assignees: it does not implement directory.EvidenceSource", s.src.src)
	}
	return es, nil
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
