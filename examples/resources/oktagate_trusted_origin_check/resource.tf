# Every ACTIVE trusted origin is https, has no wildcard host and is trusted
# for CORS and REDIRECT only: none may frame the sign-in page.
resource "oktagate_trusted_origin_check" "origins" {}

# Only the company's domains, developers' localhost origins allowed, and the
# support widget may frame the sign-in page (recorded as an exception).
resource "oktagate_trusted_origin_check" "company" {
  allowed_domains = ["acme.com"]
  allow_localhost = true

  exception {
    subject = "Support widget"
    reason  = "the help-desk widget embeds the sign-in page; frame-ancestors reviewed (SEC-112)"
    expires = "2027-03-31"
  }
}
