package timemod

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"syscall"
	"time"

	"go.starlark.net/starlark"
	"go.starlark.net/syntax"

	"github.com/procstar/procstar/builtins/internal/oserr"
	"github.com/procstar/procstar/runtime/codec"
	"github.com/procstar/procstar/runtime/pyerr"
)

// StructTime is Python's time.struct_time: a 9-tuple (tm_year, tm_mon,
// tm_mday, tm_hour, tm_min, tm_sec, tm_wday, tm_yday, tm_isdst) that also
// has those names as attributes, plus tm_zone and tm_gmtoff.
type StructTime struct {
	fields [9]int // Python's: tm_mon from 1, tm_wday 0 is Monday, tm_yday from 1
	zone   string
	gmtoff int
	// strptime's result has tm_zone None without %Z, tm_gmtoff None
	// without %z.
	noZone, noGmtoff bool
	micro            int // strptime's %f, which struct_time drops
	gmtoffMicro      int // strptime's fraction of a second of %z, dropped too
}

var (
	_ starlark.Indexable  = (*StructTime)(nil)
	_ starlark.Sliceable  = (*StructTime)(nil)
	_ starlark.Iterable   = (*StructTime)(nil)
	_ starlark.HasAttrs   = (*StructTime)(nil)
	_ starlark.Comparable = (*StructTime)(nil)
)

var fieldNames = [9]string{"tm_year", "tm_mon", "tm_mday", "tm_hour", "tm_min", "tm_sec", "tm_wday", "tm_yday", "tm_isdst"}

// newStructTime is the struct_time of t in t's location; gmtime's zone is
// "GMT", as glibc's gmtime sets it (Go says "UTC").
func newStructTime(t time.Time, utc bool) *StructTime {
	zone, off := t.Zone()
	isdst := 0
	if t.IsDST() {
		isdst = 1
	}
	if utc {
		zone = "GMT"
	}
	return &StructTime{
		fields: [9]int{t.Year(), int(t.Month()), t.Day(), t.Hour(), t.Minute(), t.Second(),
			(int(t.Weekday()) + 6) % 7, t.YearDay(), isdst},
		zone: zone, gmtoff: off,
	}
}

func (st *StructTime) tuple() starlark.Tuple {
	t := make(starlark.Tuple, 9)
	for i, v := range st.fields {
		t[i] = starlark.MakeInt(v)
	}
	return t
}

// String is Python's repr: time.struct_time(tm_year=2023, ...).
func (st *StructTime) String() string {
	var b strings.Builder
	b.WriteString("time.struct_time(")
	for i, v := range st.fields {
		if i > 0 {
			b.WriteString(", ")
		}
		fmt.Fprintf(&b, "%s=%d", fieldNames[i], v)
	}
	b.WriteByte(')')
	return b.String()
}

func (st *StructTime) Type() string          { return "time.struct_time" }
func (st *StructTime) Freeze()               {}
func (st *StructTime) Truth() starlark.Bool  { return starlark.True }
func (st *StructTime) Hash() (uint32, error) { return st.tuple().Hash() }
func (st *StructTime) Len() int              { return 9 }
func (st *StructTime) Index(i int) starlark.Value {
	return starlark.MakeInt(st.fields[i])
}
func (st *StructTime) Slice(start, end, step int) starlark.Value {
	return st.tuple().Slice(start, end, step)
}
func (st *StructTime) Iterate() starlark.Iterator { return st.tuple().Iterate() }

// TupleSubclass marks a Python tuple subclass: json encodes it as an array.
func (*StructTime) TupleSubclass() {}

// CompareSameType compares as tuples do, as Python's struct_time does.
func (st *StructTime) CompareSameType(op syntax.Token, y starlark.Value, depth int) (bool, error) {
	return starlark.CompareDepth(op, st.tuple(), y.(*StructTime).tuple(), depth)
}

func (st *StructTime) AttrNames() []string {
	return append(fieldNames[:], "n_fields", "n_sequence_fields", "n_unnamed_fields", "tm_gmtoff", "tm_zone")
}

func (st *StructTime) Attr(name string) (starlark.Value, error) {
	for i, n := range fieldNames {
		if n == name {
			return starlark.MakeInt(st.fields[i]), nil
		}
	}
	switch name {
	case "tm_zone":
		if st.noZone {
			return starlark.None, nil
		}
		return starlark.String(st.zone), nil
	case "tm_gmtoff":
		if st.noGmtoff {
			return starlark.None, nil
		}
		return starlark.MakeInt(st.gmtoff), nil
	case "n_fields":
		return starlark.MakeInt(11), nil
	case "n_sequence_fields":
		return starlark.MakeInt(9), nil
	case "n_unnamed_fields":
		return starlark.MakeInt(0), nil
	}
	return nil, nil
}

// secondsArg is CPython's _PyTime_ObjectToTime_t with ROUND_FLOOR: an int,
// or a float floored, within a 64-bit time_t.
func secondsArg(v starlark.Value) (int64, error) {
	switch v := v.(type) {
	case starlark.Int:
		n, ok := v.Int64()
		if !ok {
			return 0, pyerr.New("OverflowError", "timestamp out of range for platform time_t")
		}
		return n, nil
	case starlark.Bool:
		if v {
			return 1, nil
		}
		return 0, nil
	case starlark.Float:
		f := float64(v)
		if math.IsNaN(f) {
			return 0, pyerr.New(pyerr.ValueError, "Invalid value NaN (not a number)")
		}
		f = math.Floor(f)
		if !(f >= -9223372036854775808.0 && f < 9223372036854775808.0) {
			return 0, pyerr.New("OverflowError", "timestamp out of range for platform time_t")
		}
		return int64(f), nil
	}
	return 0, pyerr.New(pyerr.TypeError, "'%s' object cannot be interpreted as an integer", typeName(v))
}

func typeName(v starlark.Value) string {
	if _, ok := v.(starlark.String); ok {
		return "str"
	}
	return v.Type()
}

// structTime is time.gmtime (utc) and time.localtime: a struct_time of
// secs (now when absent or None). Like glibc's, it fails with EOVERFLOW
// when the year does not fit a C int as tm_year (year - 1900).
func structTime(utc bool) func(*starlark.Thread, *starlark.Builtin, starlark.Tuple, []starlark.Tuple) (starlark.Value, error) {
	return func(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
		if err := noKwargs(b, kwargs); err != nil {
			return nil, err
		}
		if len(args) > 1 {
			return nil, pyerr.New(pyerr.TypeError, "%s() takes at most 1 argument (%d given)", b.Name(), len(args))
		}
		t := time.Now()
		if len(args) == 1 && args[0] != starlark.None {
			secs, err := secondsArg(args[0])
			if err != nil {
				return nil, err
			}
			t = time.Unix(secs, 0)
		}
		t = t.In(localLoc())
		if utc {
			t = t.UTC()
		}
		if y := int64(t.Year()) - 1900; y < math.MinInt32 || y > math.MaxInt32 {
			return nil, oserr.Errno(syscall.EOVERFLOW)
		}
		return newStructTime(t, utc), nil
	}
}

func noKwargs(b *starlark.Builtin, kwargs []starlark.Tuple) error {
	if len(kwargs) > 0 {
		return pyerr.New(pyerr.TypeError, "%s() takes no keyword arguments", b.Name())
	}
	return nil
}

// tmArg is CPython's gettmarg and checktm: a struct_time or a 9-tuple of
// ints, range-checked, with 0 (or -1 in C's terms) for the month, the day
// and the day of the year read as the first.
func tmArg(fn string, v starlark.Value) (*StructTime, error) {
	st, err := tmFields(fn, v)
	if err != nil {
		return nil, err
	}
	return st, checkTm(st)
}

// tmFields is CPython's gettmarg: a copy of a struct_time, or the fields
// of a 9-tuple of ints.
func tmFields(fn string, v starlark.Value) (*StructTime, error) {
	// CPython's gettmarg: nine C ints, the year at least INT_MIN + 1900
	// (tm_year is the year less 1900).
	const yearMin = math.MinInt32 + 1900
	switch v := v.(type) {
	case *StructTime:
		c := *v
		if c.fields[0] < yearMin {
			return nil, pyerr.New("OverflowError", "year out of range")
		}
		return &c, nil
	case starlark.Tuple:
		if len(v) != 9 {
			return nil, pyerr.New(pyerr.TypeError, "%s(): illegal time tuple argument", fn)
		}
		st := &StructTime{}
		for i, x := range v {
			switch x := x.(type) {
			case starlark.Bool:
				if x {
					st.fields[i] = 1
				}
			case starlark.Int:
				n, err := starlark.AsInt32(x)
				if err != nil {
					if x.Sign() < 0 {
						return nil, pyerr.New("OverflowError", "signed integer is less than minimum")
					}
					return nil, pyerr.New("OverflowError", "signed integer is greater than maximum")
				}
				st.fields[i] = n
			default:
				return nil, pyerr.New(pyerr.TypeError, "'%s' object cannot be interpreted as an integer", typeName(x))
			}
		}
		if st.fields[0] < yearMin {
			return nil, pyerr.New("OverflowError", "year out of range")
		}
		// A plain tuple has no zone: glibc's %Z then shows the local
		// zone's name for tm_isdst, and %z the offset 0.
		st.zone = localZone(st.fields[8])
		return st, nil
	}
	return nil, pyerr.New(pyerr.TypeError, "Tuple or struct_time argument required")
}

// localZone is the local zone's name for standard (isdst 0) or daylight
// time (C's tzname), "" for isdst < 0.
func localZone(isdst int) string {
	if isdst < 0 {
		return ""
	}
	z := currentZone()
	if isdst > 0 {
		return z.tzname[1]
	}
	return z.tzname[0]
}

// checkTm is CPython's checktm with strftime's normalisation.
func checkTm(st *StructTime) error {
	f := &st.fields
	bad := func(what string) error { return pyerr.New(pyerr.ValueError, "%s out of range", what) }
	if f[1] == 0 {
		f[1] = 1
	} else if f[1] < 1 || f[1] > 12 {
		return bad("month")
	}
	if f[2] == 0 {
		f[2] = 1
	} else if f[2] < 0 || f[2] > 31 {
		return bad("day of month")
	}
	switch {
	case f[3] < 0 || f[3] > 23:
		return bad("hour")
	case f[4] < 0 || f[4] > 59:
		return bad("minute")
	case f[5] < 0 || f[5] > 61:
		return bad("seconds")
	}
	// C's tm_wday is (tm_wday + 1) % 7 with C's remainder, so -1 is Sunday
	// and below that is out of range.
	if (f[6]+1)%7 < 0 {
		return bad("day of week")
	}
	f[6] = ((f[6]+1)%7 + 6) % 7
	if f[7] == 0 {
		f[7] = 1
	} else if f[7] < 0 || f[7] > 366 {
		return bad("day of year")
	}
	if f[8] < -1 {
		f[8] = -1
	} else if f[8] > 1 {
		f[8] = 1
	}
	return nil
}

var (
	dayNames   = []string{"Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"}
	monthNames = []string{"January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"}
)

// Strftime is Python's time.strftime(f, localtime(t)) for logging's datefmt.
func Strftime(f string, t time.Time) string {
	return strftimeTm(f, newStructTime(t, false))
}

// strftimeTm is glibc's strftime in the C locale, which CPython's
// time.strftime calls: every conversion, the flags _ - 0 ^ #, a field
// width, the E and O modifiers; an unknown conversion is copied as written
// (Python's %f stays "%f").
func strftimeTm(f string, st *StructTime) string {
	var b strings.Builder
	for i := 0; i < len(f); i++ {
		if f[i] != '%' {
			b.WriteByte(f[i])
			continue
		}
		start := i
		i++
		var pad byte // 0, '_', '-', '0'
		upper, caret, swapCase := false, false, false
	flags:
		for ; i < len(f); i++ {
			switch f[i] {
			case '_', '-', '0':
				pad = f[i]
			case '^':
				upper, caret = true, true
			case '#':
				swapCase = true
			default:
				break flags
			}
		}
		width := -1
		for ; i < len(f) && f[i] >= '0' && f[i] <= '9'; i++ {
			if width < 0 {
				width = 0
			}
			if width < 1<<20 {
				width = width*10 + int(f[i]-'0')
			}
		}
		var modifier byte
		if i < len(f) && (f[i] == 'E' || f[i] == 'O') {
			modifier = f[i]
			i++
		}
		conv := byte(0)
		if i < len(f) {
			conv = f[i]
		} else {
			i-- // % at the end: copied as written
		}
		out, ok := conversion(conv, modifier, pad, width, st)
		lower := false
		switch conv {
		case 'a', 'A', 'b', 'B', 'h':
			upper = upper || swapCase
		case 'p':
			if swapCase {
				upper, lower = false, true
			}
		case 'P':
			lower = true
		case 'Z':
			if swapCase {
				upper, lower = false, true
			}
		}
		if conv == 'z' && st.fields[8] < 0 {
			continue // no offset, and no padding either
		}
		if !ok {
			// Copied as written, upper-cased by ^ all the same.
			out, lower, upper = f[start:i+1], false, caret
		}
		if lower {
			out = strings.ToLower(out)
		} else if upper {
			out = strings.ToUpper(out)
		}
		if width > len(out) {
			fill := " "
			if pad == '0' {
				fill = "0"
			}
			out = strings.Repeat(fill, width-len(out)) + out
		}
		b.WriteString(out)
	}
	return b.String()
}

// conversion is one glibc conversion of st; false for an unknown one (or a
// modifier the conversion does not take).
func conversion(conv, modifier, pad byte, width int, st *StructTime) (string, bool) {
	f := st.fields
	year, mon, mday, hour, min, sec, wday, yday := f[0], f[1], f[2], f[3], f[4], f[5], f[6], f[7]
	cwday := (wday + 1) % 7 // C's: 0 is Sunday
	cyday := yday - 1       // C's: from 0
	num := func(digits, v int) (string, bool) { return padNumber(digits, v, pad, width, '0'), true }
	spaced := func(digits, v int) (string, bool) { return padNumber(digits, v, pad, width, '_'), true }
	sub := func(format string) (string, bool) { return strftimeTm(format, st), true }
	// The modifiers glibc refuses for a conversion.
	if modifier == 'E' && strings.IndexByte("abdeghjklmwABDFGHIMSUVW", conv) >= 0 ||
		modifier == 'O' && strings.IndexByte("acxADFXY", conv) >= 0 {
		return "", false
	}
	switch conv {
	case 'a':
		return dayNames[wday][:3], true
	case 'A':
		return dayNames[wday], true
	case 'b', 'h':
		return monthNames[mon-1][:3], true
	case 'B':
		return monthNames[mon-1], true
	case 'c':
		return sub("%a %b %e %H:%M:%S %Y")
	case 'C':
		return num(1, floorDiv(year, 100))
	case 'd':
		return num(2, mday)
	case 'D', 'x':
		return sub("%m/%d/%y")
	case 'e':
		return spaced(2, mday)
	case 'F':
		return sub("%Y-%m-%d")
	case 'g':
		y, _ := isoWeek(year, cyday, cwday)
		return num(2, (y%100+100)%100)
	case 'G':
		y, _ := isoWeek(year, cyday, cwday)
		return num(1, y)
	case 'H':
		return num(2, hour)
	case 'I':
		return num(2, (hour+11)%12+1)
	case 'j':
		return num(3, yday)
	case 'k':
		return spaced(2, hour)
	case 'l':
		return spaced(2, (hour+11)%12+1)
	case 'm':
		return num(2, mon)
	case 'M':
		return num(2, min)
	case 'n':
		return "\n", true
	case 'p', 'P':
		if hour >= 12 {
			return "PM", true
		}
		return "AM", true
	case 'r':
		return sub("%I:%M:%S %p")
	case 'R':
		return sub("%H:%M")
	case 's':
		// mktime's: the fields read as local time.
		t := time.Date(year, time.Month(mon), mday, hour, min, sec, 0, localLoc())
		return strconv.FormatInt(t.Unix(), 10), true
	case 'S':
		return num(2, sec)
	case 't':
		return "\t", true
	case 'T', 'X':
		return sub("%H:%M:%S")
	case 'u':
		return num(1, wday+1)
	case 'U':
		return num(2, (cyday-cwday+7)/7)
	case 'V':
		_, days := isoWeek(year, cyday, cwday)
		return num(2, days/7+1)
	case 'w':
		return num(1, cwday)
	case 'W':
		return num(2, (cyday-(cwday-1+7)%7+7)/7)
	case 'y':
		return num(2, (year%100+100)%100)
	case 'Y':
		return num(1, year)
	case 'z':
		// glibc 2.36 applies the width to the sign and to the hhmm
		// number each ("%5z" is "    +00000").
		off, sign := st.gmtoff, "+"
		if off < 0 {
			off, sign = -off, "-"
		}
		if width > 1 {
			fill := " "
			if pad == '0' {
				fill = "0"
			}
			sign = strings.Repeat(fill, width-1) + sign
		}
		hhmm := off/3600*100 + off/60%60
		if pad == '-' && width > 0 {
			pad = '_'
		}
		return sign + padNumber(4, hhmm, pad, width, '0'), true
	case 'Z':
		return st.zone, true
	case '%':
		return "%", true
	}
	return "", false
}

// padNumber is glibc's DO_NUMBER: v in at least digits (or width) places,
// padded with zeros after the sign, with spaces before it ('_'), or not at
// all ('-'); defPad is the conversion's own padding.
func padNumber(digits, v int, pad byte, width int, defPad byte) string {
	if pad == 0 {
		pad = defPad
	}
	s := strconv.Itoa(v)
	if pad == '-' {
		return s
	}
	if width > digits {
		digits = width
	}
	if len(s) >= digits {
		return s
	}
	if pad == '_' {
		return strings.Repeat(" ", digits-len(s)) + s
	}
	if v < 0 {
		return "-" + strings.Repeat("0", digits-len(s)) + s[1:]
	}
	return strings.Repeat("0", digits-len(s)) + s
}

func floorDiv(a, b int) int {
	q := a / b
	if a%b != 0 && (a < 0) != (b < 0) {
		q--
	}
	return q
}

// isoWeek is glibc's ISO 8601 week-based year and the days since the start
// of its first week, from the C yday (from 0) and wday (0 is Sunday).
func isoWeek(year, yday, wday int) (int, int) {
	isoWeekDays := func(yday, wday int) int {
		const bigEnoughMultipleOf7 = (366/7 + 2) * 7
		return yday - (yday-wday+4+bigEnoughMultipleOf7)%7 + 4 - 1
	}
	leap := func(y int) int {
		if y%4 == 0 && (y%100 != 0 || y%400 == 0) {
			return 1
		}
		return 0
	}
	days := isoWeekDays(yday, wday)
	if days < 0 {
		year--
		days = isoWeekDays(yday+365+leap(year), wday)
	} else if d := isoWeekDays(yday-(365+leap(year)), wday); d >= 0 {
		year++
		days = d
	}
	return year, days
}

// asctime is time.asctime(t=None): "Mon Jan  1 00:00:00 2023".
func asctime(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var tv starlark.Value
	if err := starlark.UnpackPositionalArgs(b.Name(), args, kwargs, 0, &tv); err != nil {
		return nil, pyerr.New(pyerr.TypeError, "%s", err.Error())
	}
	st := newStructTime(time.Now().In(localLoc()), false)
	if tv != nil { // unlike ctime's, asctime's None is not "now"
		var err error
		if st, err = tmArg("asctime", tv); err != nil {
			return nil, err
		}
	}
	return starlark.String(ascTime(st)), nil
}

func ascTime(st *StructTime) string {
	f := st.fields
	return fmt.Sprintf("%s %s%3d %02d:%02d:%02d %d", dayNames[f[6]][:3], monthNames[f[1]-1][:3], f[2], f[3], f[4], f[5], f[0])
}

// ctime is time.ctime(secs=None): asctime(localtime(secs)).
func ctime(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	v, err := structTime(false)(thread, b, args, kwargs)
	if err != nil {
		return nil, err
	}
	return starlark.String(ascTime(v.(*StructTime))), nil
}

// mktime is time.mktime(t): the fields read as local time, in seconds
// since the epoch, as a float.
func mktime(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var tv starlark.Value
	if err := starlark.UnpackPositionalArgs(b.Name(), args, kwargs, 1, &tv); err != nil {
		return nil, pyerr.New(pyerr.TypeError, "%s", err.Error())
	}
	// C's mktime normalises what strftime refuses (month 13 is the next
	// January), as time.Date does.
	st, err := tmFields("mktime", tv)
	if err != nil {
		return nil, err
	}
	f := st.fields
	t := time.Date(f[0], time.Month(f[1]), f[2], f[3], f[4], f[5], 0, localLoc())
	secs := t.Unix()
	// A wall time in a gap (skipped when the clocks went forward) is read
	// with an offset from either side of it, as glibc's mktime does: the
	// summer time one for tm_isdst 1, the other for 0 and -1 (Dublin's,
	// whose winter is its summer time, is the one after the gap). Go's
	// time.Date promises neither.
	if w := time.Date(f[0], time.Month(f[1]), f[2], f[3], f[4], f[5], 0, time.UTC); t.Hour() != w.Hour() || t.Minute() != w.Minute() || t.Day() != w.Day() {
		wall := w.Unix()
		before := time.Unix(wall-24*3600, 0).In(localLoc())
		after := time.Unix(wall+24*3600, 0).In(localLoc())
		pick := before
		if dst := f[8] > 0; before.IsDST() != dst && after.IsDST() == dst {
			pick = after
		}
		_, off := pick.Zone()
		return starlark.Float(float64(wall - int64(off))), nil
	}
	// A tm_isdst of 0 or 1 that is not the zone's at that time reads the
	// fields in the other offset, as glibc's mktime does (an hour ahead
	// for summer time in a zone that has none).
	if z := currentZone(); f[8] >= 0 && (f[8] > 0) != t.IsDST() {
		_, off := t.Zone()
		switch {
		case z.daylight && f[8] > 0:
			secs += int64(off + z.altzone)
		case z.daylight:
			secs += int64(off + z.timezone)
		case f[8] > 0:
			secs -= 3600
		}
	}
	return starlark.Float(float64(secs)), nil
}

// CodecState implements codec.Typed: a struct_time crosses to another
// process as one, with its 9 fields, tm_zone and tm_gmtoff.
func (st *StructTime) CodecState() (string, starlark.Value) {
	var zone, gmtoff starlark.Value = starlark.String(st.zone), starlark.MakeInt(st.gmtoff)
	if st.noZone {
		zone = starlark.None
	}
	if st.noGmtoff {
		gmtoff = starlark.None
	}
	return structTimeType, append(st.tuple(), zone, gmtoff)
}

const structTimeType = "time.struct_time"

// CodecTypes are the package's values that cross processes as copies
// (registered by the runtime).
var CodecTypes = []codec.Type{{Name: structTimeType, Decode: decodeStructTime}}

func decodeStructTime(state starlark.Value) (starlark.Value, error) {
	t, ok := state.(starlark.Tuple)
	if !ok || len(t) != 11 {
		return nil, fmt.Errorf("bad state %s", state.Type())
	}
	st := &StructTime{}
	for i := range st.fields {
		n, err := starlark.AsInt32(t[i])
		if err != nil {
			return nil, err
		}
		st.fields[i] = n
	}
	if z, ok := t[9].(starlark.String); ok {
		st.zone = string(z)
	} else {
		st.noZone = true
	}
	if n, err := starlark.AsInt32(t[10]); err == nil {
		st.gmtoff = n
	} else {
		st.noGmtoff = true
	}
	return st, nil
}
