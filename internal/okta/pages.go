package okta

// The page sizes the client asks for, exported so that tools/bench counts the
// fewest requests a list needs at the pages the client really uses, not at a
// copy of them. TestPageSizesAreOktasCaps holds them to Okta's documented caps.
const (
	PageSizeUsers        = pageUsers
	PageSizeGroups       = pageGroups
	PageSizeGroupMembers = pageGroupMembers
	PageSizeApps         = pageApps
	PageSizeAppUsers     = pageAppUsers
	PageSizeAppGroups    = pageAppGroups
	PageSizeIAMAssignees = pageIAMAssignees
	PageSizeLogs         = pageLogs
)
