# Keep the org's snapshot in the state: applying the gate on the main branch
# stores it (and when a blocking check fails the plan,
# `terraform apply -target=oktagate_snapshot.org` stores it alone), and every
# later plan (a pull request's included) replays the System Log since then
# instead of reading the whole org again.
resource "oktagate_snapshot" "org" {
  # Force a full scan once a week, whatever the log says.
  rescan_after = "168h"
}

# Plan every check after the snapshot.
resource "oktagate_mfa_check" "everyone" {
  depends_on = [oktagate_snapshot.org]
}

# Read data sources after the snapshot too, so that they read it rather than
# Okta. Refer to it through a local: a data source that names the snapshot
# directly (or in depends_on) is read at apply whenever the org changed.
locals {
  snapshot_id = oktagate_snapshot.org.id
}

data "oktagate_admin_roles" "all" {
  snapshot_id = local.snapshot_id
}
