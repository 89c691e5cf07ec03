data "oktagate_admin_roles" "all" {}

# Who holds SUPER_ADMIN, directly or through a group.
output "super_admins" {
  value = [
    for a in data.oktagate_admin_roles.all.admins : a.login
    if contains(a.role_types, "SUPER_ADMIN")
  ]
}

# Groups that confer admin roles on their members.
output "admin_groups" {
  value = distinct([
    for a in data.oktagate_admin_roles.all.assignments : "${a.principal_name} (${a.role_type})"
    if a.principal_type == "GROUP"
  ])
}
