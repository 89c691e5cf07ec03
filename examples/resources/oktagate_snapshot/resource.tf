# Keep the org's snapshot in the state: apply on the main branch stores it,
# and every later plan (a pull request's included) replays the System Log
# since then instead of reading the whole org again.
resource "oktagate_snapshot" "org" {
  # Force a full scan once a week, whatever the log says.
  rescan_after = "168h"
}

# Plan every check after the snapshot.
resource "oktagate_mfa_check" "everyone" {
  depends_on = [oktagate_snapshot.org]
}
