// Package planmodifiers holds the provider's own plan modifiers:
// RecomputedList, which plans a check's result lists unknown so the check's
// ModifyPlan writes them (and the framework does not walk the prior list),
// and BoolDefaultBy / StringDefaultBy, which plan an attribute the
// configuration leaves out from another attribute's configured value (an
// OIDC app's pkce_required and token_endpoint_auth_method by its type).
package planmodifiers
