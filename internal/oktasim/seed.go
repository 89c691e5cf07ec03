package oktasim

// DemoOrg returns the seeded demo org. The same seed gives the same org.
func DemoOrg(seed int64) *Org { panic("not implemented") }
