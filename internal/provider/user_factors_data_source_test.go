package provider

import (
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/oktagate/terraform-provider-oktagate/internal/oktasim"
)

func TestAccUserFactorsDataSource(t *testing.T) {
	t.Parallel()
	_, provider := startSim(t, newTestOrg(), oktasim.Options{Unlimited: true})
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: providerFactories(nil),
		Steps: []resource.TestStep{{
			Config: provider + `
data "oktagate_user_factors" "alice" {
  user_id = "` + uAlice + `"
}

data "oktagate_user_factors" "dave" {
  user_id = "` + uDave + `"
}

data "oktagate_user_factors" "bob" {
  user_id = "` + uBob + `"
}
`,
			Check: resource.ComposeAggregateTestCheckFunc(
				checkAttrs("data.oktagate_user_factors.alice", map[string]string{
					"id":                                  uAlice,
					"factors.#":                           "3",
					"factors.0.id":                        "fuf00000000000000001",
					"factors.0.factor_type":               "push",
					"factors.0.provider":                  "OKTA",
					"factors.0.vendor_name":               "OKTA",
					"factors.0.status":                    "ACTIVE",
					"factors.0.created":                   rfc(2, 11),
					"factors.0.last_updated":              rfc(2, 12),
					"factors.0.profile.%":                 "3",
					"factors.0.profile.name":              "Alice's iPhone",
					"factors.0.profile.platform":          "IOS",
					"factors.0.profile.deviceType":        "SmartPhone_IPhone",
					"factors.1.id":                        "fuf00000000000000002",
					"factors.1.factor_type":               "webauthn",
					"factors.1.provider":                  "FIDO",
					"factors.1.vendor_name":               "FIDO",
					"factors.1.status":                    "ACTIVE",
					"factors.1.created":                   rfc(2, 13),
					"factors.1.profile.%":                 "2",
					"factors.1.profile.authenticatorName": "YubiKey 5 NFC",
					"factors.1.profile.credentialId":      "cred-alice-1",
					"factors.2.id":                        "fuf00000000000000003",
					"factors.2.factor_type":               "sms",
					"factors.2.provider":                  "OKTA",
					"factors.2.status":                    "PENDING_ACTIVATION",
					"factors.2.profile.%":                 "1",
					"factors.2.profile.phoneNumber":       "+1 555 0100",
					// The pending sms factor does not count.
					"active_factor_types.#": "2",
				}),
				resource.TestCheckTypeSetElemAttr("data.oktagate_user_factors.alice", "active_factor_types.*", "push"),
				resource.TestCheckTypeSetElemAttr("data.oktagate_user_factors.alice", "active_factor_types.*", "webauthn"),

				checkAttrs("data.oktagate_user_factors.dave", map[string]string{
					"factors.#":                      "2",
					"factors.0.id":                   "fuf00000000000000004",
					"factors.0.factor_type":          "token:software:totp",
					"factors.0.provider":             "GOOGLE",
					"factors.0.vendor_name":          "GOOGLE",
					"factors.0.status":               "ACTIVE",
					"factors.0.profile.credentialId": "dave@initech.example",
					"factors.1.id":                   "fuf00000000000000005",
					"factors.1.factor_type":          "question",
					"factors.1.profile.question":     "favorite_stapler",
					"factors.1.profile.questionText": "What is your favorite stapler?",
					"active_factor_types.#":          "2",
				}),
				resource.TestCheckTypeSetElemAttr("data.oktagate_user_factors.dave", "active_factor_types.*", "question"),

				checkAttrs("data.oktagate_user_factors.bob", map[string]string{"factors.#": "0", "active_factor_types.#": "0"}),
			),
		}},
	})
}
