package oktasim

import "time"

// DemoOrg returns the seeded demo org with its timestamps placed relative to now
// (last sign-ins, token expiries, log events). The same seed and now give the
// same org.
func DemoOrg(seed int64, now time.Time) *Org { panic("not implemented") }
