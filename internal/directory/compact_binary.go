package directory

import (
	"bufio"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"slices"
	"time"

	"github.com/oktagate/terraform-provider-oktagate/internal/okta"
)

// Version 3 of the compact snapshot is a binary stream, not JSON. The snapshot
// rides in the private state of oktagate_snapshot, and every byte of it is
// carried several times per plan: base64-encoded by the framework and again by
// Terraform in the state file, sent to the provider and back on each read and
// plan, and written into the saved plan three times (prior state, its
// predecessor, the planned private data), each deflated. At 100k users the
// JSON of version 2 was 150 MB (31 MB gzipped, 73 MB in the state file), and
// decoding and encoding it, and Terraform's handling of it, were most of a
// re-plan's time.
//
// The stream is what the checks need in the fewest bytes: the ids that recur
// (a user's id in each of its app assignments, factors, memberships and
// roles) and the words that recur (statuses, types, scopes) are written once
// and then referred to by number, so neither gzip's 32 KiB window nor the
// decoder's heap sees them twice; counts, numbers and instants are varints.
// The decoder shares each recurring string among the records that hold it.

// binaryMagic starts a version 3 (and later) stream; versions 1 and 2 are
// JSON, which starts with '{'.
const binaryMagic = "oktagate-compact\n"

// Limits on what a stream may declare, so that a corrupt or hostile one fails
// with an error instead of exhausting memory: a count preallocates at most
// maxPrealloc items (a larger one grows as its items really arrive).
const (
	maxBinaryString = 1 << 20
	maxPrealloc     = 4096
)

// The kinds of an encoded instant.
const (
	timeZero   = 0 // time.Time{}
	timeMillis = 1 // whole milliseconds since the epoch (Okta's precision)
	timeNanos  = 2 // seconds and nanoseconds since the epoch
)

type binWriter struct {
	w    *bufio.Writer
	err  error
	syms map[string]uint64
	buf  [binary.MaxVarintLen64]byte
	// lastMillis is the instant written last: instants are written as the
	// difference from it, small within a record (a user's activation, status
	// change and last update are often the same instant or close).
	lastMillis int64
}

func (e *binWriter) bytes(b []byte) {
	if e.err == nil {
		_, e.err = e.w.Write(b)
	}
}

func (e *binWriter) uvarint(v uint64) { e.bytes(binary.AppendUvarint(e.buf[:0], v)) }
func (e *binWriter) varint(v int64)   { e.bytes(binary.AppendVarint(e.buf[:0], v)) }

// str writes a string that seldom recurs (a factor's id, a login).
func (e *binWriter) str(s string) {
	e.uvarint(uint64(len(s)))
	if e.err == nil {
		_, e.err = e.w.WriteString(s)
	}
}

// sym writes a string that recurs: the first time in full (0, then the
// string), after that as 1 + its number in the order of first appearance.
func (e *binWriter) sym(s string) {
	if n, ok := e.syms[s]; ok {
		e.uvarint(n + 1)
		return
	}
	e.syms[s] = uint64(len(e.syms))
	e.uvarint(0)
	e.str(s)
}

func (e *binWriter) bool(b bool) {
	if b {
		e.uvarint(1)
	} else {
		e.uvarint(0)
	}
}

func (e *binWriter) time(t time.Time) {
	switch {
	case t.IsZero():
		e.uvarint(timeZero)
	case t.Nanosecond()%int(time.Millisecond) == 0:
		ms := t.UnixMilli()
		e.uvarint(timeMillis)
		e.varint(ms - e.lastMillis)
		e.lastMillis = ms
	default:
		e.uvarint(timeNanos)
		e.varint(t.Unix())
		e.uvarint(uint64(t.Nanosecond()))
	}
}

// count writes a slice's or map's length as n+1, or 0 for nil, which JSON
// wrote as null: a nil list and an empty one mean different things to a
// snapshot (not read, and read empty).
func (e *binWriter) count(n int, isNil bool) {
	if isNil {
		e.uvarint(0)
		return
	}
	e.uvarint(uint64(n) + 1)
}

func (e *binWriter) symList(ss []string) {
	e.count(len(ss), ss == nil)
	for _, s := range ss {
		e.sym(s)
	}
}

func (e *binWriter) strList(ss []string) {
	e.count(len(ss), ss == nil)
	for _, s := range ss {
		e.str(s)
	}
}

// profile writes p's attributes in key order, each value as 0 when it
// equals the one before it (a login is most often the email), or its length
// + 1 and its bytes.
func (e *binWriter) profile(p map[string]string) {
	e.count(len(p), p == nil)
	prev := ""
	for i, k := range sortedKeys(p) {
		e.sym(k)
		if v := p[k]; i > 0 && v == prev {
			e.uvarint(0)
		} else {
			e.uvarint(uint64(len(v)) + 1)
			if e.err == nil {
				_, e.err = e.w.WriteString(v)
			}
			prev = v
		}
	}
}

// writeBinaryMap writes m with its keys sorted, each key a sym (they are
// user, group, app or client ids) and each value by write.
func writeBinaryMap[V any](e *binWriter, m map[string]V, write func(V)) {
	e.count(len(m), m == nil)
	for _, k := range sortedKeys(m) {
		e.sym(k)
		write(m[k])
	}
}

func writeBinarySlice[T any](e *binWriter, items []T, write func(*T)) {
	e.count(len(items), items == nil)
	for i := range items {
		write(&items[i])
	}
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

func (e *binWriter) user(u *okta.User) {
	e.sym(u.ID)
	e.sym(u.Status)
	e.time(u.Created)
	e.time(u.Activated)
	e.time(u.StatusChanged)
	e.time(u.LastLogin)
	e.time(u.LastUpdated)
	e.time(u.PasswordChanged)
	e.sym(u.TypeID)
	e.profile(u.Profile)
}

func (e *binWriter) factor(f *okta.Factor) {
	e.str(f.ID)
	e.sym(f.UserID)
	e.sym(f.FactorType)
	e.sym(f.Provider)
	e.sym(f.VendorName)
	e.sym(f.Status)
	e.time(f.Created)
	e.time(f.LastUpdated)
	e.profile(f.Profile)
}

func (e *binWriter) group(g *okta.Group) {
	e.sym(g.ID)
	e.str(g.Name)
	e.str(g.Description)
	e.sym(g.Type)
	e.time(g.Created)
	e.time(g.LastUpdated)
	e.time(g.LastMembershipUpdated)
}

func (e *binWriter) app(a *okta.App) {
	e.sym(a.ID)
	e.sym(a.Name)
	e.str(a.Label)
	e.sym(a.Status)
	e.sym(a.SignOnMode)
	e.time(a.Created)
	e.time(a.LastUpdated)
	e.bool(a.OAuth != nil)
	if o := a.OAuth; o != nil {
		e.sym(o.ClientID)
		e.str(o.ClientSecret)
		e.sym(o.TokenEndpointAuthMethod)
		e.sym(o.ApplicationType)
		e.strList(o.RedirectURIs)
		e.strList(o.PostLogoutRedirectURIs)
		e.symList(o.GrantTypes)
		e.symList(o.ResponseTypes)
		e.bool(o.PKCERequired)
		writeBinarySlice(e, o.JWKS, func(k *okta.JWK) {
			for _, s := range []string{k.KID, k.KTY, k.Alg, k.Use, k.N, k.E, k.Crv, k.X, k.Y} {
				e.str(s)
			}
		})
	}
}

func (e *binWriter) appUser(a *okta.AppUser) {
	e.sym(a.AppID)
	e.sym(a.UserID)
	e.sym(a.Scope)
	e.sym(a.Status)
	e.sym(a.SyncState)
}

func (e *binWriter) appGroup(a *okta.AppGroup) {
	e.sym(a.AppID)
	e.sym(a.GroupID)
	e.varint(int64(a.Priority))
}

func (e *binWriter) grant(g *okta.Grant) {
	e.str(g.ID)
	e.sym(g.AppID)
	e.sym(g.ClientID)
	e.sym(g.ScopeID)
	e.sym(g.Issuer)
	e.sym(g.Status)
	e.sym(g.Source)
	e.time(g.Created)
}

func (e *binWriter) role(r *okta.Role) {
	e.sym(r.ID)
	e.sym(r.Type)
	e.sym(r.Label)
	e.sym(r.Status)
	e.sym(r.AssignmentType)
	e.sym(r.AssigneeID)
	e.time(r.Created)
	e.time(r.LastUpdated)
}

// encodeBinary writes c to w in the version 3 stream, fields in Compact's order.
func (c *Compact) encodeBinary(w io.Writer) error {
	e := &binWriter{w: bufio.NewWriterSize(w, 256<<10), syms: map[string]uint64{}}
	e.bytes([]byte(binaryMagic))
	e.varint(int64(c.Version))
	e.str(c.OrgID)
	e.time(c.TakenAt)
	e.time(c.Cursor)
	e.strList(c.Seen)
	writeBinarySlice(e, c.Users, e.user)
	writeBinaryMap(e, c.Factors, func(fs []okta.Factor) { writeBinarySlice(e, fs, e.factor) })
	writeBinarySlice(e, c.Groups, e.group)
	writeBinaryMap(e, c.Members, e.symList)
	writeBinarySlice(e, c.Apps, e.app)
	writeBinaryMap(e, c.AppUsers, func(us []okta.AppUser) { writeBinarySlice(e, us, e.appUser) })
	writeBinaryMap(e, c.AppGroups, func(gs []okta.AppGroup) { writeBinarySlice(e, gs, e.appGroup) })
	writeBinaryMap(e, c.AppGrants, func(gs []okta.Grant) { writeBinarySlice(e, gs, e.grant) })
	roles := func(rs []okta.Role) { writeBinarySlice(e, rs, e.role) }
	writeBinaryMap(e, c.ClientRoles, roles)
	writeBinaryMap(e, c.UserRoles, roles)
	writeBinaryMap(e, c.GroupRoles, roles)
	if e.err != nil {
		return e.err
	}
	return e.w.Flush()
}

// binReader reads a version 3 stream. The first error sticks: every later
// read returns a zero value, and the caller checks err once per record.
type binReader struct {
	r          *bufio.Reader
	err        error
	syms       []string
	lastMillis int64 // as binWriter's
}

var errBinaryCorrupt = errors.New("corrupt snapshot stream")

func (d *binReader) fail(err error) {
	if d.err == nil {
		if errors.Is(err, io.EOF) {
			err = io.ErrUnexpectedEOF
		}
		d.err = err
	}
}

func (d *binReader) uvarint() uint64 {
	if d.err != nil {
		return 0
	}
	v, err := binary.ReadUvarint(d.r)
	if err != nil {
		d.fail(err)
	}
	return v
}

func (d *binReader) varint() int64 {
	if d.err != nil {
		return 0
	}
	v, err := binary.ReadVarint(d.r)
	if err != nil {
		d.fail(err)
	}
	return v
}

func (d *binReader) str() string {
	return d.bytesOf(d.uvarint())
}

// bytesOf reads a string of n bytes.
func (d *binReader) bytesOf(n uint64) string {
	if d.err != nil || n == 0 {
		return ""
	}
	if n > maxBinaryString {
		d.fail(fmt.Errorf("%w: a string of %d bytes", errBinaryCorrupt, n))
		return ""
	}
	b := make([]byte, n)
	if _, err := io.ReadFull(d.r, b); err != nil {
		d.fail(err)
		return ""
	}
	return string(b)
}

func (d *binReader) sym() string {
	n := d.uvarint()
	if d.err != nil {
		return ""
	}
	if n == 0 {
		s := d.str()
		d.syms = append(d.syms, s)
		return s
	}
	if n > uint64(len(d.syms)) {
		d.fail(fmt.Errorf("%w: string #%d of %d", errBinaryCorrupt, n, len(d.syms)))
		return ""
	}
	return d.syms[n-1]
}

func (d *binReader) bool() bool {
	switch d.uvarint() {
	case 0:
		return false
	case 1:
		return true
	default:
		d.fail(fmt.Errorf("%w: a boolean neither 0 nor 1", errBinaryCorrupt))
		return false
	}
}

func (d *binReader) time() time.Time {
	switch kind := d.uvarint(); kind {
	case timeZero:
		return time.Time{}
	case timeMillis:
		d.lastMillis += d.varint()
		return time.UnixMilli(d.lastMillis).UTC()
	case timeNanos:
		sec := d.varint()
		nsec := d.uvarint()
		if nsec >= uint64(time.Second) {
			d.fail(fmt.Errorf("%w: %d nanoseconds", errBinaryCorrupt, nsec))
			return time.Time{}
		}
		return time.Unix(sec, int64(nsec)).UTC()
	default:
		d.fail(fmt.Errorf("%w: an instant of kind %d", errBinaryCorrupt, kind))
		return time.Time{}
	}
}

// count reads what binWriter.count wrote: the length, and whether the value
// was nil.
func (d *binReader) count() (n int, isNil bool) {
	v := d.uvarint()
	if d.err != nil || v == 0 {
		return 0, true
	}
	if v-1 > 1<<40 {
		d.fail(fmt.Errorf("%w: a count of %d", errBinaryCorrupt, v-1))
		return 0, true
	}
	return int(v - 1), false
}

func readBinarySlice[T any](d *binReader, read func(*T)) []T {
	n, isNil := d.count()
	if isNil {
		return nil
	}
	out := make([]T, 0, min(n, maxPrealloc))
	for range n {
		var v T
		read(&v)
		if d.err != nil {
			return nil
		}
		out = append(out, v)
	}
	return out
}

func readBinaryMap[V any](d *binReader, read func() V) map[string]V {
	n, isNil := d.count()
	if isNil {
		return nil
	}
	out := make(map[string]V, min(n, maxPrealloc))
	for range n {
		k := d.sym()
		v := read()
		if d.err != nil {
			return nil
		}
		out[k] = v
	}
	return out
}

func (d *binReader) symList() []string {
	return readBinarySlice(d, func(s *string) { *s = d.sym() })
}

func (d *binReader) strList() []string {
	return readBinarySlice(d, func(s *string) { *s = d.str() })
}

func (d *binReader) profile() map[string]string {
	n, isNil := d.count()
	if isNil {
		return nil
	}
	out := make(map[string]string, min(n, maxPrealloc))
	prev := ""
	for i := range n {
		k := d.sym()
		switch v := d.uvarint(); {
		case v == 0 && i == 0:
			d.fail(fmt.Errorf("%w: a profile's first value refers to a previous one", errBinaryCorrupt))
		case v > 0:
			prev = d.bytesOf(v - 1)
		}
		if d.err != nil {
			return nil
		}
		out[k] = prev
	}
	return out
}

func (d *binReader) user(u *okta.User) {
	u.ID, u.Status = d.sym(), d.sym()
	u.Created, u.Activated, u.StatusChanged = d.time(), d.time(), d.time()
	u.LastLogin, u.LastUpdated, u.PasswordChanged = d.time(), d.time(), d.time()
	u.TypeID = d.sym()
	u.Profile = d.profile()
}

func (d *binReader) factor(f *okta.Factor) {
	f.ID, f.UserID = d.str(), d.sym()
	f.FactorType, f.Provider, f.VendorName, f.Status = d.sym(), d.sym(), d.sym(), d.sym()
	f.Created, f.LastUpdated = d.time(), d.time()
	f.Profile = d.profile()
}

func (d *binReader) group(g *okta.Group) {
	g.ID, g.Name, g.Description, g.Type = d.sym(), d.str(), d.str(), d.sym()
	g.Created, g.LastUpdated, g.LastMembershipUpdated = d.time(), d.time(), d.time()
}

func (d *binReader) app(a *okta.App) {
	a.ID, a.Name, a.Label, a.Status, a.SignOnMode = d.sym(), d.sym(), d.str(), d.sym(), d.sym()
	a.Created, a.LastUpdated = d.time(), d.time()
	if !d.bool() {
		return
	}
	o := &okta.OAuthClient{}
	o.ClientID, o.ClientSecret, o.TokenEndpointAuthMethod, o.ApplicationType = d.sym(), d.str(), d.sym(), d.sym()
	o.RedirectURIs, o.PostLogoutRedirectURIs = d.strList(), d.strList()
	o.GrantTypes, o.ResponseTypes = d.symList(), d.symList()
	o.PKCERequired = d.bool()
	o.JWKS = readBinarySlice(d, func(k *okta.JWK) {
		for _, f := range []*string{&k.KID, &k.KTY, &k.Alg, &k.Use, &k.N, &k.E, &k.Crv, &k.X, &k.Y} {
			*f = d.str()
		}
	})
	a.OAuth = o
}

func (d *binReader) appUser(a *okta.AppUser) {
	a.AppID, a.UserID, a.Scope, a.Status, a.SyncState = d.sym(), d.sym(), d.sym(), d.sym(), d.sym()
}

func (d *binReader) appGroup(a *okta.AppGroup) {
	a.AppID, a.GroupID = d.sym(), d.sym()
	p := d.varint()
	if p != int64(int(p)) {
		d.fail(fmt.Errorf("%w: priority %d", errBinaryCorrupt, p))
	}
	a.Priority = int(p)
}

func (d *binReader) grant(g *okta.Grant) {
	g.ID, g.AppID, g.ClientID, g.ScopeID = d.str(), d.sym(), d.sym(), d.sym()
	g.Issuer, g.Status, g.Source = d.sym(), d.sym(), d.sym()
	g.Created = d.time()
}

func (d *binReader) role(r *okta.Role) {
	r.ID, r.Type, r.Label, r.Status, r.AssignmentType, r.AssigneeID = d.sym(), d.sym(), d.sym(), d.sym(), d.sym(), d.sym()
	r.Created, r.LastUpdated = d.time(), d.time()
}

// decodeCompactBinary reads what encodeBinary wrote, after the magic.
func decodeCompactBinary(r *bufio.Reader) (*Compact, error) {
	d := &binReader{r: r}
	var c Compact
	v := d.varint()
	if v != int64(int(v)) {
		return nil, fmt.Errorf("%w: version %d", errBinaryCorrupt, v)
	}
	c.Version = int(v)
	if c.Version > CompactVersion {
		return &c, nil // refused by DecodeCompact: its layout is not this one's
	}
	c.OrgID = d.str()
	c.TakenAt, c.Cursor = d.time(), d.time()
	c.Seen = d.strList()
	c.Users = readBinarySlice(d, d.user)
	c.Factors = readBinaryMap(d, func() []okta.Factor { return readBinarySlice(d, d.factor) })
	c.Groups = readBinarySlice(d, d.group)
	c.Members = readBinaryMap(d, d.symList)
	c.Apps = readBinarySlice(d, d.app)
	c.AppUsers = readBinaryMap(d, func() []okta.AppUser { return readBinarySlice(d, d.appUser) })
	c.AppGroups = readBinaryMap(d, func() []okta.AppGroup { return readBinarySlice(d, d.appGroup) })
	c.AppGrants = readBinaryMap(d, func() []okta.Grant { return readBinarySlice(d, d.grant) })
	roles := func() []okta.Role { return readBinarySlice(d, d.role) }
	c.ClientRoles = readBinaryMap(d, roles)
	c.UserRoles = readBinaryMap(d, roles)
	c.GroupRoles = readBinaryMap(d, roles)
	if d.err != nil {
		return nil, d.err
	}
	if _, err := r.ReadByte(); err != io.EOF {
		return nil, fmt.Errorf("%w: bytes after the end", errBinaryCorrupt)
	}
	return &c, nil
}
