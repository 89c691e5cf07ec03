data "oktagate_org" "this" {}

output "okta_org" {
  value = "${data.oktagate_org.this.company_name} (${data.oktagate_org.this.org_id}, ${data.oktagate_org.this.pipeline})"
}
