package directory

import (
	"cmp"
	"context"

	"github.com/oktagate/terraform-provider-oktagate/internal/okta"
)

// MethodListEventHooks is the event hooks' method as counted by
// Snapshot.Stats. Like the other posture collections, event hooks are one
// response fetched fresh each plan, not part of the snapshot's compact form.
const MethodListEventHooks = "ListEventHooks"

// EventHooks returns the org's event hooks, sorted by name, then id. They are
// fetched at most once per snapshot.
func (s *Snapshot) EventHooks(ctx context.Context) ([]okta.EventHook, error) {
	return listOrgOnce(ctx, s, &s.ev.posture.eventHooks, MethodListEventHooks, "event hooks", s.src.src.ListEventHooks,
		func(h okta.EventHook) string { return h.ID },
		func(a, b okta.EventHook) int { return cmp.Or(cmp.Compare(a.Name, b.Name), cmp.Compare(a.ID, b.ID)) })
}
