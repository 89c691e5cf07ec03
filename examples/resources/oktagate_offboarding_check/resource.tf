# People who left, exported from the HR system. Each must be deprovisioned,
# with no app assignment and no group left, within a business day. `login`
# takes an Okta login, an email or an Okta user id: HR exports carry emails.
# An entry that names no user fails the plan (a typo, or a deleted user?)
# unless the System Log records the user's deletion.
locals {
  leavers = csvdecode(<<-CSV
    email,date
    mallory@acme.com,2026-10-30
    oscar@acme.com,2026-11-02
    peggy@acme.com,2026-11-05
    walter@acme.com,2026-04-01
  CSV
  )
}

resource "oktagate_offboarding_check" "leavers" {
  offboarded   = [for l in local.leavers : { login = l.email, date = l.date }]
  grace_period = "24h"

  exception {
    subject = "oscar@acme.com"
    reason  = "Legal hold: account kept suspended until the case closes (LEGAL-88)"
    expires = "2027-01-31"
  }

  # Deleted before the System Log's 90 days, so no deletion event is cited.
  exception {
    subject = "walter@acme.com"
    reason  = "Deleted on 2026-04-02, ticket IT-4411"
    expires = "2027-04-02"
  }
}
