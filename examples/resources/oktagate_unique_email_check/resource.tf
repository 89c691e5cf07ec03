# Every account that is not deprovisioned has its own email address, in the
# company's domains.
resource "oktagate_unique_email_check" "people" {
  allowed_domains = ["acme.com", "acme.co.uk"]

  exception {
    subject = "dana@acme.com"
    reason  = "Contractor without a company mailbox until the contract is signed (IT-2211)"
    expires = "2027-01-15"
  }
}
