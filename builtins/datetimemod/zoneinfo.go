package datetimemod

import (
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"sort"
	"sync"
	"time"

	"go.starlark.net/starlark"
	"go.starlark.net/starlarkstruct"

	"github.com/procstar/procstar/runtime/pyerr"
)

// zoneNotFound is the Python type of an unknown key's error (a KeyError
// in CPython).
const zoneNotFound = "zoneinfo.ZoneInfoNotFoundError"

// ZoneinfoModule returns a new "zoneinfo" module: ZoneInfo and
// available_timezones, over the time zone database Go's time package
// reads (the system's; procstar embeds none).
func ZoneinfoModule() *starlarkstruct.Module {
	return &starlarkstruct.Module{Name: "zoneinfo", Members: starlark.StringDict{
		"ZoneInfo": &ctor{module: "zoneinfo", name: "ZoneInfo", call: newZoneInfo, attrs: zoneInfoClassAttr,
			names: []string{"clear_cache", "no_cache"}},
		"available_timezones": starlark.NewBuiltin("available_timezones", availableTimezones),
	}}
}

// ZoneInfo is zoneinfo.ZoneInfo: an IANA time zone, its TZif file read
// by Go's time package. Its offsets and names for a wall time follow
// CPython's zoneinfo exactly, fold included (PEP 495: see find and
// fromUTC), and so does dst(), from the file's types as CPython infers it.
type ZoneInfo struct {
	key       string
	loc       *time.Location
	fromCache bool
	// trans are the file's transitions (UTC seconds) and transDst the
	// dst() in seconds after each; beforeDst is before the first, or
	// throughout a file with neither transitions nor rule.
	trans     []int64
	transDst  []int
	beforeDst int
	// rule is whether the file's TZ rule takes over after its last
	// transition, with ruleStd its standard offset: a daylight period's
	// dst() is then its offset less ruleStd.
	rule    bool
	ruleStd int
	// fixed is the zone's only kind of period, if it has one: what a
	// time (no date) gets; CPython gives such a time None otherwise.
	fixed *zoneKind
}

// zoneKind is a kind of period of a zone: its name, offset and daylight
// flag.
type zoneKind struct {
	name string
	off  int // seconds east of UTC
	dst  bool
}

var (
	_ tzinfo            = (*ZoneInfo)(nil)
	_ starlark.HasAttrs = (*ZoneInfo)(nil)
)

func (z *ZoneInfo) Type() string          { return "zoneinfo.ZoneInfo" }
func (z *ZoneInfo) Freeze()               {}
func (z *ZoneInfo) Truth() starlark.Bool  { return starlark.True }
func (z *ZoneInfo) Hash() (uint32, error) { return starlark.String(z.key).Hash() }
func (z *ZoneInfo) String() string        { return "zoneinfo.ZoneInfo(key=" + pyerr.QuoteStr(z.key) + ")" }

// PyStr is str(zone): its key.
func (z *ZoneInfo) PyStr() string { return z.key }

// zones is ZoneInfo's cache, so that ZoneInfo(k) is ZoneInfo(k). CPython
// keeps the zones in use and the last 8; a script uses few, so this keeps
// all until clear_cache.
var zones struct {
	sync.Mutex
	byKey map[string]*ZoneInfo
}

// loadZone is ZoneInfo(key) (cached) or ZoneInfo.no_cache(key), with
// CPython's errors.
func loadZone(key starlark.Value, cached bool) (*ZoneInfo, error) {
	if _, err := key.Hash(); err != nil && cached {
		// CPython looks the key up in its cache first.
		return nil, pyerr.New(pyerr.TypeError, "unhashable type: '%s'", typeName(key))
	}
	k, err := zoneKey(key)
	if err != nil {
		return nil, err
	}
	if !cached {
		return openZone(k, false)
	}
	zones.Lock()
	defer zones.Unlock()
	if z := zones.byKey[k]; z != nil {
		return z, nil
	}
	z, err := openZone(k, true)
	if err != nil {
		return nil, err
	}
	if zones.byKey == nil {
		zones.byKey = map[string]*ZoneInfo{}
	}
	zones.byKey[k] = z
	return z, nil
}

// zoneKey is _validate_tzfile_path's check of a key: a normalized
// relative path within the zone directory.
func zoneKey(key starlark.Value) (string, error) {
	var k, shown string
	switch v := key.(type) {
	case starlark.String:
		k, shown = string(v), string(v)
	case starlark.Bytes:
		k, shown = string(v), pyerr.QuoteBytes(string(v))
	default:
		return "", pyerr.New(pyerr.TypeError, "expected str, bytes or os.PathLike object, not %s", typeName(key))
	}
	if len(k) > 0 && k[0] == '/' {
		return "", pyerr.New(pyerr.ValueError, "ZoneInfo keys may not be absolute paths, got: %s", shown)
	}
	// path.Clean is posixpath.normpath for a relative path.
	clean := path.Clean(k)
	if len(clean) != len(k) {
		return "", pyerr.New(pyerr.ValueError, "ZoneInfo keys must be normalized relative paths, got: %s", shown)
	}
	if r := path.Clean("_/" + clean); len(r) < 2 || r[:2] != "_/" {
		return "", pyerr.New(pyerr.ValueError, "ZoneInfo keys must refer to subdirectories of TZPATH, got: %s", shown)
	}
	if _, ok := key.(starlark.Bytes); ok {
		// CPython joins the bytes key to a str directory.
		return "", pyerr.New(pyerr.TypeError, "Can't mix strings and bytes in path components")
	}
	return k, nil
}

// openZone loads key from the first zone directory with a file of that
// name, as CPython's find_tzfile (so "Local", which time.LoadLocation
// knows, is no zone, nor a directory); a file that is not TZif data is
// CPython's ValueError (as the directory's zone.tab).
func openZone(key string, cached bool) (*ZoneInfo, error) {
	var data []byte
	for _, dir := range zoneDirs() {
		p := filepath.Join(dir, key)
		if fi, err := os.Stat(p); err == nil && fi.Mode().IsRegular() {
			data, _ = os.ReadFile(p)
			break
		}
	}
	if data == nil {
		return nil, pyerr.New(zoneNotFound, "%s", pyerr.QuoteStr("No time zone found with key "+key))
	}
	if len(data) < 4 || string(data[:4]) != "TZif" {
		return nil, pyerr.New(pyerr.ValueError, "Invalid TZif file: magic not found")
	}
	file, ok := parseTZif(data)
	loc, err := time.LoadLocationFromTZData(key, data)
	if !ok || err != nil {
		return nil, pyerr.New(pyerr.ValueError, "Invalid TZif file: %s", key)
	}
	z := &ZoneInfo{key: key, loc: loc, fromCache: cached, trans: file.trans, rule: file.rule}
	dst := file.dstOffsets()
	for _, t := range file.idx {
		z.transDst = append(z.transDst, dst[t])
	}
	// CPython's _tti_before is the first standard type, else the first
	// transition's; without transitions nor rule, the last type lasts.
	z.beforeDst = dst[len(dst)-1]
	if len(file.idx) > 0 {
		z.beforeDst = dst[file.idx[0]]
		for t, d := range file.isDST {
			if !d {
				z.beforeDst = dst[t]
				break
			}
		}
	}
	// After the transitions: a fixed zone if there is one type and no
	// change ahead; the rule's standard offset from its periods (its
	// first two years have a standard one).
	after := time.Unix(0, 0).In(loc)
	if n := len(z.trans); n > 0 {
		after = time.Unix(z.trans[n-1], 0).In(loc)
	}
	if _, end := after.ZoneBounds(); end.IsZero() && len(file.off) == 1 {
		k := kindAt(after)
		z.fixed = &k
	}
	for t, i := after, 0; z.rule && i < 8 && !t.IsZero(); t, i = zoneEnd(t), i+1 {
		if k := kindAt(t); !k.dst {
			z.ruleStd = k.off
			break
		}
	}
	return z, nil
}

// zoneEnd is the end of t's period as t.ZoneBounds gives it, but after t:
// in a zone's rule years Go ends a leap year's last period a day early
// (at its 366th day); the next UTC year is a boundary within one period,
// as Go's others there, which are harmless where nothing changes.
func zoneEnd(t time.Time) time.Time {
	_, end := t.ZoneBounds()
	if !end.IsZero() && !end.After(t) {
		return time.Date(t.UTC().Year()+1, 1, 1, 0, 0, 0, 0, time.UTC).In(t.Location())
	}
	return end
}

func kindAt(t time.Time) zoneKind {
	name, off := t.Zone()
	return zoneKind{name, off, t.IsDST()}
}

// wallAt is where transition t falls in wall time with fold: zoneinfo
// places it at the later of the two wall times for fold 0 and the earlier
// for fold 1, so that fold 0 reads a repeated wall time in the period
// before the transition, a skipped one too, and fold 1 both after it.
func wallAt(t time.Time, fold int) int64 {
	_, after := t.Zone()
	_, before := t.Add(-time.Second).Zone()
	if (fold == 0) == (before > after) {
		return t.Unix() + int64(before)
	}
	return t.Unix() + int64(after)
}

// find is an instant in the period of wall time w (seconds since the
// epoch, as if UTC) with fold: the one after the last transition whose
// wallAt is at or before w, as CPython's bisection over the transitions
// finds it.
func (z *ZoneInfo) find(w int64, fold int) time.Time {
	_, off := time.Unix(w, 0).In(z.loc).Zone()
	t := time.Unix(w-int64(off), 0).In(z.loc) // near: within a period
	for {
		start, _ := t.ZoneBounds()
		if start.IsZero() || wallAt(start, fold) <= w {
			break
		}
		t = start.Add(-time.Second)
	}
	for {
		end := zoneEnd(t)
		if end.IsZero() || wallAt(end, fold) > w {
			break
		}
		t = end
	}
	return t
}

// dstAt is dst() in seconds of the period of instant t, of kind k.
func (z *ZoneInfo) dstAt(t time.Time, k zoneKind) int {
	sec, n := t.Unix(), len(z.trans)
	if z.rule && (n == 0 || sec >= z.trans[n-1]) {
		if k.dst {
			return k.off - z.ruleStd
		}
		return 0
	}
	if i := sort.Search(n, func(i int) bool { return z.trans[i] > sec }) - 1; i >= 0 {
		return z.transDst[i]
	}
	return z.beforeDst
}

// fromUTC is the kind of period of POSIX second sec, and its fold: 1 when
// its wall time comes round again after a transition that set clocks
// back, as zoneinfo's fromutc says.
func (z *ZoneInfo) fromUTC(sec int64) (zoneKind, int) {
	t := time.Unix(sec, 0).In(z.loc)
	k := kindAt(t)
	start, _ := t.ZoneBounds()
	if start.IsZero() {
		return k, 0
	}
	if _, before := start.Add(-time.Second).Zone(); int64(before-k.off) > sec-start.Unix() {
		return k, 1
	}
	return k, 0
}

// at is the kind of period of dt's wall time and its dst() in seconds,
// or for a time (dt nil) the zone's only kind; ok is false where
// CPython's answers are None.
func (z *ZoneInfo) at(dt *Datetime) (k zoneKind, dst int, ok bool) {
	if dt == nil {
		if z.fixed == nil {
			return zoneKind{}, 0, false
		}
		return *z.fixed, 0, true
	}
	t := z.find(floorDiv64(dt.micros()-epochMicros, 1000000), dt.fold)
	k = kindAt(t)
	return k, z.dstAt(t, k), true
}

func (z *ZoneInfo) utcoffset(dt *Datetime) (int64, bool) {
	k, _, ok := z.at(dt)
	return int64(k.off) * 1000000, ok
}

func (z *ZoneInfo) dst(dt *Datetime) starlark.Value {
	if _, dst, ok := z.at(dt); ok {
		return microsOf(int64(dst) * 1000000)
	}
	return starlark.None
}

func (z *ZoneInfo) tzname(dt *Datetime) starlark.Value {
	if k, _, ok := z.at(dt); ok {
		return starlark.String(k.name)
	}
	return starlark.None
}

func (z *ZoneInfo) fromutc(us int64) (Datetime, error) {
	k, fold := z.fromUTC(floorDiv64(us-epochMicros, 1000000))
	dt, err := datetimeOf(us+int64(k.off)*1000000, z)
	dt.fold = fold
	return dt, err
}

func (z *ZoneInfo) AttrNames() []string {
	return []string{"clear_cache", "dst", "fromutc", "key", "no_cache", "tzname", "utcoffset"}
}

func (z *ZoneInfo) Attr(name string) (starlark.Value, error) {
	switch name {
	case "key":
		return starlark.String(z.key), nil
	case "utcoffset", "dst", "tzname", "fromutc":
		return method(name, z, func(_ *starlark.Thread, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			if len(args) != 1 || len(kwargs) != 0 {
				return nil, pyerr.New(pyerr.TypeError, "ZoneInfo.%s() takes exactly one argument (%d given)", name, len(args)+len(kwargs))
			}
			return z.call(name, args[0])
		}), nil
	}
	return zoneInfoClassAttr(name)
}

// call is utcoffset(dt), dst(dt), tzname(dt) or fromutc(dt), with
// CPython's errors for what is not a datetime.
func (z *ZoneInfo) call(name string, arg starlark.Value) (starlark.Value, error) {
	dt, isDT := arg.(Datetime)
	if name == "fromutc" {
		switch {
		case !isDT:
			return nil, pyerr.New(pyerr.TypeError, "fromutc: argument must be a datetime")
		case dt.tz != z:
			return nil, pyerr.New(pyerr.ValueError, "fromutc: dt.tzinfo is not self")
		}
		return z.fromutc(dt.micros())
	}
	var p *Datetime
	switch arg.(type) {
	case Datetime:
		p = &dt
	case starlark.NoneType:
	case Date:
		return nil, pyerr.New("AttributeError", "'datetime.date' object has no attribute 'hour'")
	default:
		return nil, pyerr.New("AttributeError", "'%s' object has no attribute 'toordinal'", typeName(arg))
	}
	switch name {
	case "dst":
		return z.dst(p), nil
	case "tzname":
		return z.tzname(p), nil
	}
	if off, ok := z.utcoffset(p); ok {
		return microsOf(off), nil
	}
	return starlark.None, nil
}

func zoneInfoClassAttr(name string) (starlark.Value, error) {
	switch name {
	case "no_cache":
		return starlark.NewBuiltin(name, func(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			var key starlark.Value
			if err := starlark.UnpackArgs(name, args, kwargs, "key", &key); err != nil {
				return nil, pyerr.New(pyerr.TypeError, "%s", err)
			}
			return loadZone(key, false)
		}), nil
	case "clear_cache":
		return starlark.NewBuiltin(name, func(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			if len(args) > 0 {
				return nil, pyerr.New(pyerr.TypeError, "function takes no positional arguments")
			}
			var only starlark.Value = starlark.None
			if err := starlark.UnpackArgs(name, nil, kwargs, "only_keys?", &only); err != nil {
				return nil, pyerr.New(pyerr.TypeError, "%s", err)
			}
			return starlark.None, clearCache(only)
		}), nil
	}
	return nil, nil
}

// clearCache is ZoneInfo.clear_cache(only_keys=): later calls load the
// keys afresh.
func clearCache(only starlark.Value) error {
	zones.Lock()
	defer zones.Unlock()
	if only == starlark.None {
		zones.byKey = nil
		return nil
	}
	it := starlark.Iterate(only)
	if it == nil {
		return pyerr.New(pyerr.TypeError, "'%s' object is not iterable", typeName(only))
	}
	defer it.Done()
	var k starlark.Value
	for it.Next(&k) {
		if s, ok := k.(starlark.String); ok {
			delete(zones.byKey, string(s))
		}
	}
	return nil
}

// newZoneInfo is ZoneInfo(key).
func newZoneInfo(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var key starlark.Value
	if err := starlark.UnpackArgs("ZoneInfo", args, kwargs, "key", &key); err != nil {
		return nil, pyerr.New(pyerr.TypeError, "%s", err)
	}
	return loadZone(key, true)
}

// zoneDirs are the directories time.LoadLocation reads zones from, in
// its order: $ZONEINFO, then the Unix system's.
func zoneDirs() []string {
	dirs := []string{"/usr/share/zoneinfo/", "/usr/share/lib/zoneinfo/", "/usr/lib/locale/TZ/", "/etc/zoneinfo"}
	if env := os.Getenv("ZONEINFO"); env != "" {
		dirs = append([]string{env}, dirs...)
	}
	return dirs
}

// availableTimezones is zoneinfo.available_timezones(): the keys of the
// TZif files under the zone directories, as CPython walks its TZPATH
// (right/, posix/ and posixrules left out).
func availableTimezones(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if err := noArgs(b.Name(), args, kwargs); err != nil {
		return nil, err
	}
	keys := starlark.NewSet(0)
	for _, root := range zoneDirs() {
		if fi, err := os.Stat(root); err != nil || !fi.IsDir() {
			continue
		}
		root = filepath.Clean(root)
		filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				return nil // unreadable: skipped, as os.walk does
			}
			key, _ := filepath.Rel(root, p)
			switch {
			case d.IsDir() && (key == "right" || key == "posix"):
				return filepath.SkipDir
			case d.IsDir() || key == "posixrules":
				return nil
			}
			if isTZif(p) {
				keys.Insert(starlark.String(filepath.ToSlash(key)))
			}
			return nil
		})
	}
	return keys, nil
}

// isTZif is whether file p (a link followed) starts as TZif data does.
func isTZif(p string) bool {
	f, err := os.Open(p)
	if err != nil {
		return false
	}
	defer f.Close()
	var magic [4]byte
	_, err = io.ReadFull(f, magic[:])
	return err == nil && string(magic[:]) == "TZif"
}
