# People who left, e.g. exported from the HR system. Each must be deprovisioned,
# with no app assignment and no group left, within a business day.
locals {
  leavers = csvdecode(<<-CSV
    login,date
    mallory@acme.com,2026-10-30
    oscar@acme.com,2026-11-02
    peggy@acme.com,2026-11-05
  CSV
  )
}

resource "oktagate_offboarding_check" "leavers" {
  offboarded   = [for l in local.leavers : { login = l.login, date = l.date }]
  grace_period = "24h"

  exception {
    subject = "oscar@acme.com"
    reason  = "Legal hold: account kept suspended until the case closes (LEGAL-88)"
    expires = "2027-01-31"
  }
}
