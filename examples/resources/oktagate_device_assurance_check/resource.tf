# macOS and Windows devices each have a device assurance policy, recent
# enough OS versions are required, and every rule of the Admin Console's
# authentication policy that allows access requires one of those policies.
resource "oktagate_device_assurance_check" "desktops" {
  required_platforms = ["MACOS", "WINDOWS"]
  min_os_versions = {
    MACOS   = "14.4"
    WINDOWS = "10.0.22631"
  }
  app_policy_names = ["Okta Admin Console"]
  enforcement      = "warn"
}
