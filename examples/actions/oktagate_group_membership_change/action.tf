# Move two people from the contractors' group; users may be named by id,
# login or email.
action "oktagate_group_membership_change" "contractors" {
  config {
    group_id = "00g1a2b3c4d5e6f7g8h9"
    add      = ["nina@acme.com"]
    remove   = ["leo@acme.com", "00u1b2c3d4e5f6g7h8i9"]
  }
}
