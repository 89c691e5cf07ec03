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
		// Filled in place: a local the codec's fields point into would be
		// allocated on the heap for every record.
		var zero T
		out = append(out, zero)
		read(&out[len(out)-1])
		if d.err != nil {
			return nil
		}
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

// The fields each direction walks: binWriter writes the value a pointer
// holds, binReader stores what it reads there.
func (e *binWriter) strField(p *string)                { e.str(*p) }
func (e *binWriter) symField(p *string)                { e.sym(*p) }
func (e *binWriter) timeField(p *time.Time)            { e.time(*p) }
func (e *binWriter) intField(p *int)                   { e.varint(int64(*p)) }
func (e *binWriter) boolField(p *bool)                 { e.bool(*p) }
func (e *binWriter) strsField(p *[]string)             { e.strList(*p) }
func (e *binWriter) symsField(p *[]string)             { e.symList(*p) }
func (e *binWriter) profileField(p *map[string]string) { e.profile(*p) }
func (e *binWriter) optional(present bool) bool        { e.bool(present); return present }

func (d *binReader) strField(p *string)                { *p = d.str() }
func (d *binReader) symField(p *string)                { *p = d.sym() }
func (d *binReader) timeField(p *time.Time)            { *p = d.time() }
func (d *binReader) boolField(p *bool)                 { *p = d.bool() }
func (d *binReader) strsField(p *[]string)             { *p = d.strList() }
func (d *binReader) symsField(p *[]string)             { *p = d.symList() }
func (d *binReader) profileField(p *map[string]string) { *p = d.profile() }
func (d *binReader) optional(bool) bool                { return d.bool() }

func (d *binReader) intField(p *int) {
	v := d.varint()
	if v != int64(int(v)) {
		d.fail(fmt.Errorf("%w: %d does not fit an int", errBinaryCorrupt, v))
	}
	*p = int(v)
}

// fieldCodec walks a record's fields in the stream's order, writing them
// (binWriter) or filling them (binReader): each layout below is written
// once, for both directions.
type fieldCodec interface {
	strField(*string) // a string that seldom recurs
	symField(*string) // a string that recurs (binWriter.sym)
	timeField(*time.Time)
	intField(*int)
	boolField(*bool)
	strsField(*[]string)
	symsField(*[]string)
	profileField(*map[string]string)
	// optional says whether an optional record follows: the writer writes
	// present and returns it, the reader returns what it reads.
	optional(present bool) bool
}

// codecSlice walks a slice (nil and empty kept apart), each item by fields.
func codecSlice[T any](c fieldCodec, items *[]T, fields func(fieldCodec, *T)) {
	switch c := c.(type) {
	case *binWriter:
		writeBinarySlice(c, *items, func(v *T) { fields(c, v) })
	case *binReader:
		*items = readBinarySlice(c, func(v *T) { fields(c, v) })
	}
}

// codecMap walks a map keyed by ids (syms, in key order), each value by
// fields.
func codecMap[V any](c fieldCodec, m *map[string]V, fields func(fieldCodec, *V)) {
	switch c := c.(type) {
	case *binWriter:
		writeBinaryMap(c, *m, func(v V) { fields(c, &v) })
	case *binReader:
		*m = readBinaryMap(c, func() V {
			var v V
			fields(c, &v)
			return v
		})
	}
}

func userFields(c fieldCodec, u *okta.User) {
	c.symField(&u.ID)
	c.symField(&u.Status)
	c.timeField(&u.Created)
	c.timeField(&u.Activated)
	c.timeField(&u.StatusChanged)
	c.timeField(&u.LastLogin)
	c.timeField(&u.LastUpdated)
	c.timeField(&u.PasswordChanged)
	c.symField(&u.TypeID)
	c.profileField(&u.Profile)
}

func factorFields(c fieldCodec, f *okta.Factor) {
	c.strField(&f.ID)
	c.symField(&f.UserID)
	c.symField(&f.FactorType)
	c.symField(&f.Provider)
	c.symField(&f.VendorName)
	c.symField(&f.Status)
	c.timeField(&f.Created)
	c.timeField(&f.LastUpdated)
	c.profileField(&f.Profile)
}

func groupFields(c fieldCodec, g *okta.Group) {
	c.symField(&g.ID)
	c.strField(&g.Name)
	c.strField(&g.Description)
	c.symField(&g.Type)
	c.timeField(&g.Created)
	c.timeField(&g.LastUpdated)
	c.timeField(&g.LastMembershipUpdated)
}

func appFields(c fieldCodec, a *okta.App) {
	c.symField(&a.ID)
	c.symField(&a.Name)
	c.strField(&a.Label)
	c.symField(&a.Status)
	c.symField(&a.SignOnMode)
	c.timeField(&a.Created)
	c.timeField(&a.LastUpdated)
	if !c.optional(a.OAuth != nil) {
		return
	}
	if a.OAuth == nil {
		a.OAuth = &okta.OAuthClient{}
	}
	o := a.OAuth
	c.symField(&o.ClientID)
	c.strField(&o.ClientSecret)
	c.symField(&o.TokenEndpointAuthMethod)
	c.symField(&o.ApplicationType)
	c.strsField(&o.RedirectURIs)
	c.strsField(&o.PostLogoutRedirectURIs)
	c.symsField(&o.GrantTypes)
	c.symsField(&o.ResponseTypes)
	c.boolField(&o.PKCERequired)
	codecSlice(c, &o.JWKS, func(c fieldCodec, k *okta.JWK) {
		for _, f := range []*string{&k.KID, &k.KTY, &k.Alg, &k.Use, &k.N, &k.E, &k.Crv, &k.X, &k.Y} {
			c.strField(f)
		}
	})
}

func appUserFields(c fieldCodec, a *okta.AppUser) {
	c.symField(&a.AppID)
	c.symField(&a.UserID)
	c.symField(&a.Scope)
	c.symField(&a.Status)
	c.symField(&a.SyncState)
}

func appGroupFields(c fieldCodec, a *okta.AppGroup) {
	c.symField(&a.AppID)
	c.symField(&a.GroupID)
	c.intField(&a.Priority)
}

func grantFields(c fieldCodec, g *okta.Grant) {
	c.strField(&g.ID)
	c.symField(&g.AppID)
	c.symField(&g.ClientID)
	c.symField(&g.ScopeID)
	c.symField(&g.Issuer)
	c.symField(&g.Status)
	c.symField(&g.Source)
	c.timeField(&g.Created)
}

func roleFields(c fieldCodec, r *okta.Role) {
	c.symField(&r.ID)
	c.symField(&r.Type)
	c.symField(&r.Label)
	c.symField(&r.Status)
	c.symField(&r.AssignmentType)
	c.symField(&r.AssigneeID)
	c.timeField(&r.Created)
	c.timeField(&r.LastUpdated)
}

// listOf walks a list of records, each by fields: the values of the maps
// keyed by id.
func listOf[T any](fields func(fieldCodec, *T)) func(fieldCodec, *[]T) {
	return func(c fieldCodec, items *[]T) { codecSlice(c, items, fields) }
}

// compactFields walks everything after the version, in Compact's field order.
func compactFields(c fieldCodec, x *Compact) {
	c.strField(&x.OrgID)
	c.timeField(&x.TakenAt)
	c.timeField(&x.Cursor)
	c.strsField(&x.Seen)
	codecSlice(c, &x.Users, userFields)
	codecMap(c, &x.Factors, listOf(factorFields))
	codecSlice(c, &x.Groups, groupFields)
	codecMap(c, &x.Members, fieldCodec.symsField)
	codecSlice(c, &x.Apps, appFields)
	codecMap(c, &x.AppUsers, listOf(appUserFields))
	codecMap(c, &x.AppGroups, listOf(appGroupFields))
	codecMap(c, &x.AppGrants, listOf(grantFields))
	codecMap(c, &x.ClientRoles, listOf(roleFields))
	codecMap(c, &x.UserRoles, listOf(roleFields))
	codecMap(c, &x.GroupRoles, listOf(roleFields))
}

// encodeBinary writes c to w in the version 3 stream: the magic, the
// version, then compactFields.
func (c *Compact) encodeBinary(w io.Writer) error {
	e := &binWriter{w: bufio.NewWriterSize(w, 256<<10), syms: map[string]uint64{}}
	e.bytes([]byte(binaryMagic))
	e.varint(int64(c.Version))
	compactFields(e, c)
	if e.err != nil {
		return e.err
	}
	return e.w.Flush()
}

// decodeCompactBinary reads what encodeBinary wrote, after the magic.
func decodeCompactBinary(r *bufio.Reader) (*Compact, error) {
	d := &binReader{r: r}
	var c Compact
	d.intField(&c.Version)
	if d.err != nil {
		return nil, d.err
	}
	if c.Version > CompactVersion {
		return &c, nil // refused by DecodeCompact: its layout is not this one's
	}
	compactFields(d, &c)
	if d.err != nil {
		return nil, d.err
	}
	if _, err := r.ReadByte(); err != io.EOF {
		return nil, fmt.Errorf("%w: bytes after the end", errBinaryCorrupt)
	}
	return &c, nil
}
