# Admin roles are held only as approved, and by at most two super admins.
resource "oktagate_admin_roles_check" "admins" {
  max_super_admins = 2
  approved = [
    { subject = "alice@example.com", roles = ["SUPER_ADMIN"] },
    { subject = "bob@example.com", roles = ["SUPER_ADMIN"] },
    # A group: its members inherit the role, and are not judged one by one.
    { subject = "Okta Administrators", roles = ["ORG_ADMIN"] },
    { subject = "Help Desk", roles = ["HELP_DESK_ADMIN", "REPORT_ADMIN"] },
    # An OAuth client, by its app's label.
    { subject = "Compliance Scanner", roles = ["READ_ONLY_ADMIN"] },
  ]
}
