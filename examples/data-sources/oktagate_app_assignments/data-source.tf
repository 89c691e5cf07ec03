# Who can reach one app, directly or through a group.
data "oktagate_app_assignments" "payroll" {
  app_id = "0oa1a2b3c4d5e6f7g8h9"
}

# Every assignment to every ACTIVE app.
data "oktagate_app_assignments" "all" {}

output "payroll_direct_users" {
  value = [for a in data.oktagate_app_assignments.payroll.users : a.user_id if a.scope == "USER"]
}
