# Groups people are put in by hand, with their members.
data "oktagate_groups" "okta" {
  type            = "OKTA_GROUP"
  include_members = true
}

# Groups whose name starts with "admins-".
data "oktagate_groups" "admins" {
  q = "admins-"
}

output "group_sizes" {
  value = { for g in data.oktagate_groups.okta.groups : g.name => length(g.member_ids) }
}
