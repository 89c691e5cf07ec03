# Sign-ins from a new country, a new device or a new IP address, or at an
# impossible travel velocity, are detected, and every active behavior is
# used by a global session or authentication policy rule.
resource "oktagate_behavior_detection_check" "defaults" {}

# New city and new device must be detected; whether a policy uses them is
# judged elsewhere (e.g. by a review of the authentication policies).
resource "oktagate_behavior_detection_check" "detect" {
  required_types     = ["ANOMALOUS_LOCATION:CITY", "ANOMALOUS_DEVICE"]
  require_policy_use = false
}
