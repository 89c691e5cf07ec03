// Package validators holds the provider's own attribute validators, shared by
// its resources, data sources and provider block: Okta ids (UserID, GroupID,
// AppID), user statuses, factor and admin role types, the org URL, the
// private key, durations, grace periods, dates, timestamps and absolute
// URLs. Each refuses a bad value at plan time with a message that names it
// and says what to write instead.
package validators
