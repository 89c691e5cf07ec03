package report

import "github.com/oktagate/terraform-provider-oktagate/internal/compliance"

// describe is the check's sentence in words.
func describe(c *Check) string { return compliance.Describe(c.Type) }
