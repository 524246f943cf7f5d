package datetimemod

import (
	"cmp"
	"fmt"
	"math"
	"math/big"
	"strings"
	"syscall"
	"time"
	"unicode/utf8"

	"go.starlark.net/starlark"
	"go.starlark.net/syntax"

	"github.com/procstar/procstar/builtins/internal/oserr"
	"github.com/procstar/procstar/builtins/timemod"
	"github.com/procstar/procstar/runtime/pyerr"
)

// Date is datetime.date.
type Date struct{ y, m, d int }

// Time is datetime.time: a time of day, naive or with a tzinfo.
type Time struct {
	h, mi, s, us, fold int
	tz                 tzinfo // nil: naive
}

// Datetime is datetime.datetime.
type Datetime struct {
	Date
	Time
}

var (
	_ starlark.HasBinary  = Date{}
	_ starlark.Comparable = Date{}
	_ starlark.HasAttrs   = Date{}
	_ starlark.HasBinary  = Datetime{}
	_ starlark.Comparable = Datetime{}
	_ starlark.HasAttrs   = Datetime{}
	_ starlark.Comparable = Time{}
	_ starlark.HasAttrs   = Time{}
)

func (d Date) ord() int { return ymd2ord(d.y, d.m, d.d) }

func dateOf(o int) (Date, error) {
	if o < 1 || o > maxOrd {
		return Date{}, pyerr.New("OverflowError", "date value out of range")
	}
	y, m, dd := ord2ymd(o)
	return Date{y, m, dd}, nil
}

func (d Date) Type() string          { return "datetime.date" }
func (d Date) Freeze()               {}
func (d Date) Truth() starlark.Bool  { return starlark.True }
func (d Date) Hash() (uint32, error) { return uint32(d.ord()), nil }
func (d Date) String() string        { return fmt.Sprintf("datetime.date(%d, %d, %d)", d.y, d.m, d.d) }
func (d Date) PyStr() string         { return d.isoformat() }
func (d Date) isoformat() string     { return fmt.Sprintf("%04d-%02d-%02d", d.y, d.m, d.d) }

func (d Date) CompareSameType(op syntax.Token, y starlark.Value, depth int) (bool, error) {
	return cmpInts(op, d.ord()-y.(Date).ord()), nil
}

func (d Date) weekday() int { return (d.ord() + 6) % 7 }

// fields is the struct_time of the date at midnight (tm_isdst -1).
func (d Date) fields(h, mi, s, dst int) [9]int {
	return [9]int{d.y, d.m, d.d, h, mi, s, d.weekday(), daysBeforeMonth(d.y, d.m) + d.d, dst}
}

func (d Date) ctime(h, mi, s int) string {
	return fmt.Sprintf("%s %s %2d %02d:%02d:%02d %04d", dayAbbr[d.weekday()], monthAbbr[d.m], d.d, h, mi, s, d.y)
}

func (d Date) Binary(op syntax.Token, y starlark.Value, side starlark.Side) (starlark.Value, error) {
	switch y := y.(type) {
	case Timedelta:
		if op == syntax.PLUS || op == syntax.MINUS && side == starlark.Left {
			days := y.days
			if op == syntax.MINUS {
				n, _ := fromMicros(neg(y.total()))
				days = n.days
			}
			return dateOf(d.ord() + int(days))
		}
	case Date:
		if op == syntax.MINUS {
			diff := d.ord() - y.ord()
			if side == starlark.Right {
				diff = -diff
			}
			return microsOf(int64(diff) * usDay), nil
		}
	}
	return nil, nil
}

func (d Date) AttrNames() []string {
	return []string{"ctime", "day", "isocalendar", "isoformat", "isoweekday", "month", "replace", "strftime", "timetuple", "toordinal", "weekday", "year"}
}

func (d Date) Attr(name string) (starlark.Value, error) {
	if v, ok := d.dateAttr(name, d); ok {
		return v, nil
	}
	switch name {
	case "isoformat":
		return method(name, d, func(_ *starlark.Thread, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			return starlark.String(d.isoformat()), noArgs("date."+name, args, kwargs)
		}), nil
	case "ctime":
		return method(name, d, func(_ *starlark.Thread, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			return starlark.String(d.ctime(0, 0, 0)), noArgs("date."+name, args, kwargs)
		}), nil
	case "timetuple":
		return method(name, d, func(_ *starlark.Thread, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			return structTime(d.fields(0, 0, 0, -1)), noArgs("date."+name, args, kwargs)
		}), nil
	case "strftime":
		return method(name, d, func(_ *starlark.Thread, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			f, err := formatArg(args, kwargs)
			if err != nil {
				return nil, err
			}
			return starlark.String(strftime(f, d.fields(0, 0, 0, -1), 0, nil, nil)), nil
		}), nil
	case "replace":
		return method(name, d, func(_ *starlark.Thread, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			dt, err := replace(Datetime{Date: d}, args, kwargs, false)
			return dt.Date, err
		}), nil
	}
	return dateClassAttr(name)
}

// dateAttr is the attributes date and datetime share.
func (d Date) dateAttr(name string, recv starlark.Value) (starlark.Value, bool) {
	switch name {
	case "year":
		return starlark.MakeInt(d.y), true
	case "month":
		return starlark.MakeInt(d.m), true
	case "day":
		return starlark.MakeInt(d.d), true
	case "weekday", "isoweekday", "toordinal":
		return method(name, recv, func(_ *starlark.Thread, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			n := d.weekday()
			switch name {
			case "isoweekday":
				n++
			case "toordinal":
				n = d.ord()
			}
			return starlark.MakeInt(n), noArgs(qualified(recv, name), args, kwargs)
		}), true
	case "isocalendar":
		return method(name, recv, func(_ *starlark.Thread, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			y, w, wd := isocalendar(d.y, d.ord())
			return starlark.Tuple{starlark.MakeInt(y), starlark.MakeInt(w), starlark.MakeInt(wd)}, noArgs(qualified(recv, name), args, kwargs)
		}), true
	}
	return nil, false
}

func dateClassAttr(name string) (starlark.Value, error) {
	switch name {
	case "min":
		return Date{1, 1, 1}, nil
	case "max":
		return Date{9999, 12, 31}, nil
	case "resolution":
		return Timedelta{days: 1}, nil
	case "today":
		return starlark.NewBuiltin("today", func(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			return nowLocal().Date, noArgs("date.today", args, kwargs)
		}), nil
	case "fromtimestamp":
		return starlark.NewBuiltin(name, func(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			var ts starlark.Value
			if err := starlark.UnpackPositionalArgs(name, args, kwargs, 1, &ts); err != nil {
				return nil, pyerr.New(pyerr.TypeError, "%s", err)
			}
			dt, err := timestampOf(ts, nil, false, true)
			return dt.Date, err
		}), nil
	case "fromordinal":
		return starlark.NewBuiltin(name, func(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			var o int
			if err := starlark.UnpackPositionalArgs(name, args, kwargs, 1, &o); err != nil {
				return nil, pyerr.New(pyerr.TypeError, "%s", err)
			}
			if o < 1 {
				return nil, pyerr.New(pyerr.ValueError, "ordinal must be >= 1")
			}
			if o > maxOrd {
				return nil, pyerr.New(pyerr.ValueError, "year 10000 is out of range")
			}
			return dateOf(o)
		}), nil
	case "fromisocalendar":
		return starlark.NewBuiltin(name, func(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			// CPython's "iii:fromisocalendar": keywords year, week, day,
			// each a C int, one beyond it a ValueError.
			names := []string{"year", "week", "day"}
			vals := make([]starlark.Value, 3)
			if err := starlark.UnpackArgs(name, args, kwargs, "year?", &vals[0], "week?", &vals[1], "day?", &vals[2]); err != nil {
				return nil, pyerr.New(pyerr.TypeError, "%s", err)
			}
			var ns [3]int
			for i, v := range vals {
				if v == nil {
					return nil, pyerr.New(pyerr.TypeError, "fromisocalendar() missing required argument '%s' (pos %d)", names[i], i+1)
				}
				if n, ok := v.(starlark.Int); ok {
					if i, ok := n.Int64(); !ok || i > math.MaxInt32 || i < math.MinInt32 {
						return nil, pyerr.New(pyerr.ValueError, "ISO calendar component out of range")
					}
				}
				n, err := intArg(names[i], v)
				if err != nil {
					return nil, err
				}
				ns[i] = n
			}
			return fromISOCalendar(ns[0], ns[1], ns[2])
		}), nil
	case "fromisoformat":
		return starlark.NewBuiltin(name, func(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			s, err := isoArg(name, args, kwargs)
			if err != nil {
				return nil, err
			}
			d, rest, ok := parseISODate(s)
			if !ok || rest != "" {
				return nil, pyerr.New(pyerr.ValueError, "Invalid isoformat string: %s", pyerr.QuoteStr(s))
			}
			return d, checkDate(d.y, d.m, d.d)
		}), nil
	}
	return nil, nil
}

func fromISOCalendar(y, w, wd int) (Date, error) {
	if y < minYear || y > maxYear {
		return Date{}, pyerr.New(pyerr.ValueError, "Year is out of range: %d", y)
	}
	if w <= 0 || w >= 53 {
		outOfRange := true
		if w == 53 {
			first := (ymd2ord(y, 1, 1) + 6) % 7
			if first == 3 || first == 2 && isLeap(y) {
				outOfRange = false
			}
		}
		if outOfRange {
			return Date{}, pyerr.New(pyerr.ValueError, "Invalid week: %d", w)
		}
	}
	if wd <= 0 || wd > 7 {
		return Date{}, pyerr.New(pyerr.ValueError, "Invalid day: %d (range is [1, 7])", wd)
	}
	o := isoWeek1Monday(y) + (w-1)*7 + wd - 1
	if o > maxOrd { // the last days of 9999's last ISO week
		return Date{}, pyerr.New(pyerr.ValueError, "year %d is out of range", maxYear+1)
	}
	return dateOf(o)
}

func newDate(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var y, m, d starlark.Value
	if err := starlark.UnpackArgs("date", args, kwargs, "year", &y, "month", &m, "day", &d); err != nil {
		return nil, pyerr.New(pyerr.TypeError, "%s", err)
	}
	var f [3]int
	for i, v := range []starlark.Value{y, m, d} {
		n, err := intArg("", v)
		if err != nil {
			return nil, err
		}
		f[i] = n
	}
	if err := checkDate(f[0], f[1], f[2]); err != nil {
		return nil, err
	}
	return Date{f[0], f[1], f[2]}, nil
}

// ---- time ----

func (t Time) Type() string         { return "datetime.time" }
func (t Time) Freeze()              {}
func (t Time) Truth() starlark.Bool { return starlark.True }
func (t Time) Hash() (uint32, error) {
	return uint32(t.micros() - t.offsetMicros()), nil
}
func (t Time) micros() int64 {
	return int64(t.h*3600+t.mi*60+t.s)*1000000 + int64(t.us)
}

// offsetMicros is the time's utcoffset, 0 for None (a naive time, or
// one in a zone whose offset depends on the date).
func (t Time) offsetMicros() int64 {
	off, _ := utcoffsetOf(t.tz, nil)
	return off
}

func (t Time) String() string {
	return fmt.Sprintf("datetime.time(%d, %d", t.h, t.mi) + t.reprTail(false)
}

// reprTail is the repr of a time or datetime after its minute: the
// seconds and microseconds unless zero, tzinfo and fold if set, fold
// first for a datetime (CPython's time and datetime differ there).
func (t Time) reprTail(foldFirst bool) string {
	s := ""
	if t.s != 0 || t.us != 0 {
		s += fmt.Sprintf(", %d", t.s)
	}
	if t.us != 0 {
		s += fmt.Sprintf(", %d", t.us)
	}
	fold, tz := "", ""
	if t.fold != 0 {
		fold = ", fold=1"
	}
	if t.tz != nil {
		tz = ", tzinfo=" + t.tz.String()
	}
	if foldFirst {
		return s + fold + tz + ")"
	}
	return s + tz + fold + ")"
}

func (t Time) PyStr() string {
	s, _ := t.isoformat("auto", nil)
	return s
}

// isoformat is HH:MM:SS[.ffffff][±HH:MM] as timespec asks; dt is the
// datetime whose time it is (nil for a time), for its zone's offset.
func (t Time) isoformat(spec string, dt *Datetime) (string, error) {
	var s string
	switch spec {
	case "auto":
		s = fmt.Sprintf("%02d:%02d:%02d", t.h, t.mi, t.s)
		if t.us != 0 {
			s += fmt.Sprintf(".%06d", t.us)
		}
	case "hours":
		s = fmt.Sprintf("%02d", t.h)
	case "minutes":
		s = fmt.Sprintf("%02d:%02d", t.h, t.mi)
	case "seconds":
		s = fmt.Sprintf("%02d:%02d:%02d", t.h, t.mi, t.s)
	case "milliseconds":
		s = fmt.Sprintf("%02d:%02d:%02d.%03d", t.h, t.mi, t.s, t.us/1000)
	case "microseconds":
		s = fmt.Sprintf("%02d:%02d:%02d.%06d", t.h, t.mi, t.s, t.us)
	default:
		return "", pyerr.New(pyerr.ValueError, "Unknown timespec value")
	}
	if off, ok := utcoffsetOf(t.tz, dt); ok {
		s += formatOffset(microsOf(off), ":")
	}
	return s, nil
}

// CompareSameType is CPython's time comparison: wall times under one
// tzinfo or equal offsets, else through the offsets.
func (t Time) CompareSameType(op syntax.Token, y starlark.Value, depth int) (bool, error) {
	o := y.(Time)
	a, b := t.micros(), o.micros()
	if t.tz == nil || t.tz != o.tz {
		off1, ok1 := utcoffsetOf(t.tz, nil)
		off2, ok2 := utcoffsetOf(o.tz, nil)
		if ok1 != ok2 {
			if op == syntax.EQL || op == syntax.NEQ {
				return op == syntax.NEQ, nil
			}
			return false, pyerr.New(pyerr.TypeError, "can't compare offset-naive and offset-aware times")
		}
		a, b = a-off1, b-off2
	}
	return cmpInts(op, cmp.Compare(a, b)), nil
}

func (t Time) AttrNames() []string {
	return []string{"dst", "fold", "hour", "isoformat", "microsecond", "minute", "replace", "second", "strftime", "tzinfo", "tzname", "utcoffset"}
}

func (t Time) Attr(name string) (starlark.Value, error) {
	if v, ok := t.timeAttr(name, t); ok {
		return v, nil
	}
	switch name {
	case "isoformat":
		return method(name, t, func(_ *starlark.Thread, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			spec := "auto"
			if err := starlark.UnpackArgs(name, args, kwargs, "timespec?", &spec); err != nil {
				return nil, pyerr.New(pyerr.TypeError, "%s", err)
			}
			s, err := t.isoformat(spec, nil)
			return starlark.String(s), err
		}), nil
	case "strftime":
		return method(name, t, func(_ *starlark.Thread, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			f, err := formatArg(args, kwargs)
			if err != nil {
				return nil, err
			}
			fields := [9]int{1900, 1, 1, t.h, t.mi, t.s, 0, 1, -1}
			return starlark.String(strftime(f, fields, t.us, t.tz, nil)), nil
		}), nil
	case "replace":
		return method(name, t, func(_ *starlark.Thread, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			dt, err := replace(Datetime{Date: Date{1, 1, 1}, Time: t}, args, kwargs, true)
			return dt.Time, err
		}), nil
	}
	return timeClassAttr(name)
}

// timeAttr is the attributes time and datetime share.
func (t Time) timeAttr(name string, recv starlark.Value) (starlark.Value, bool) {
	switch name {
	case "hour":
		return starlark.MakeInt(t.h), true
	case "minute":
		return starlark.MakeInt(t.mi), true
	case "second":
		return starlark.MakeInt(t.s), true
	case "microsecond":
		return starlark.MakeInt(t.us), true
	case "fold":
		return starlark.MakeInt(t.fold), true
	case "tzinfo":
		if t.tz == nil {
			return starlark.None, true
		}
		return t.tz, true
	case "utcoffset", "tzname", "dst":
		return method(name, recv, func(_ *starlark.Thread, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			if err := noArgs(qualified(recv, name), args, kwargs); err != nil || t.tz == nil {
				return starlark.None, err
			}
			var dt *Datetime // a time's tzinfo is asked about None
			if d, ok := recv.(Datetime); ok {
				dt = &d
			}
			switch name {
			case "tzname":
				return t.tz.tzname(dt), nil
			case "dst":
				return t.tz.dst(dt), nil
			}
			if off, ok := t.tz.utcoffset(dt); ok {
				return microsOf(off), nil
			}
			return starlark.None, nil
		}), true
	}
	return nil, false
}

func timeClassAttr(name string) (starlark.Value, error) {
	switch name {
	case "min":
		return Time{}, nil
	case "max":
		return Time{h: 23, mi: 59, s: 59, us: 999999}, nil
	case "resolution":
		return Timedelta{us: 1}, nil
	case "fromisoformat":
		return starlark.NewBuiltin(name, func(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			s, err := isoArg(name, args, kwargs)
			if err != nil {
				return nil, err
			}
			t, ok, err := parseISOTimeErr(strings.TrimPrefix(s, "T"))
			if err != nil {
				return nil, err
			}
			if !ok {
				return nil, pyerr.New(pyerr.ValueError, "Invalid isoformat string: %s", pyerr.QuoteStr(s))
			}
			return t, nil
		}), nil
	}
	return nil, nil
}

func newTime(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	dt, err := fromFields("time", args, kwargs, false)
	return dt.Time, err
}

// ---- datetime ----

func (dt Datetime) Type() string         { return "datetime.datetime" }
func (dt Datetime) Freeze()              {}
func (dt Datetime) Truth() starlark.Bool { return starlark.True }

// Hash is of the UTC instant, at fold 0 as CPython's: equal datetimes
// (which ignore fold) hash alike.
func (dt Datetime) Hash() (uint32, error) {
	dt.fold = 0
	u := dt.utcMicros()
	return uint32(u) ^ uint32(u>>32), nil
}

// micros is the datetime's wall time in microseconds since 0001-01-01.
func (dt Datetime) micros() int64 {
	return int64(dt.ord()-1)*usDay + dt.Time.micros()
}

// offset is the datetime's utcoffset, false for None.
func (dt Datetime) offset() (int64, bool) { return utcoffsetOf(dt.tz, &dt) }

// utcMicros is micros less the offset (for a naive one, micros).
func (dt Datetime) utcMicros() int64 {
	off, _ := dt.offset()
	return dt.micros() - off
}

// foldMatters is whether the offset changes with fold: a wall time
// repeated or skipped by its zone, which PEP 495 makes unequal to any
// datetime of another zone.
func (dt Datetime) foldMatters() bool {
	off, ok := dt.offset()
	dt.fold = 1 - dt.fold
	flip, flipOK := dt.offset()
	return ok != flipOK || off != flip
}

func datetimeOf(us int64, tz tzinfo) (Datetime, error) {
	days, rem := floorDivMod(us, usDay)
	d, err := dateOf(int(days) + 1)
	if err != nil {
		return Datetime{}, err
	}
	s := rem / 1000000
	return Datetime{d, Time{h: int(s / 3600), mi: int(s / 60 % 60), s: int(s % 60), us: int(rem % 1000000), tz: tz}}, nil
}

func (dt Datetime) String() string {
	return fmt.Sprintf("datetime.datetime(%d, %d, %d, %d, %d", dt.y, dt.m, dt.d, dt.h, dt.mi) + dt.reprTail(true)
}

func (dt Datetime) PyStr() string {
	s, _ := dt.isoformat(" ", "auto")
	return s
}

func (dt Datetime) isoformat(sep, spec string) (string, error) {
	t, err := dt.Time.isoformat(spec, &dt)
	return dt.Date.isoformat() + sep + t, err
}

// CompareSameType is CPython's datetime comparison: wall times under one
// tzinfo object or equal offsets, else the UTC instants; an == across
// zones is false for a wall time its zone repeats or skips (PEP 495).
func (dt Datetime) CompareSameType(op syntax.Token, y starlark.Value, depth int) (bool, error) {
	o := y.(Datetime)
	a, b := dt.micros(), o.micros()
	if dt.tz != nil && dt.tz == o.tz {
		return cmpInts(op, cmp.Compare(a, b)), nil
	}
	off1, ok1 := dt.offset()
	off2, ok2 := o.offset()
	if ok1 != ok2 {
		if op == syntax.EQL || op == syntax.NEQ {
			return op == syntax.NEQ, nil
		}
		return false, pyerr.New(pyerr.TypeError, "can't compare offset-naive and offset-aware datetimes")
	}
	c := cmp.Compare(a-off1, b-off2)
	if c == 0 && ok1 && (op == syntax.EQL || op == syntax.NEQ) && (dt.foldMatters() || o.foldMatters()) {
		c = 1
	}
	return cmpInts(op, c), nil
}

func (dt Datetime) Binary(op syntax.Token, y starlark.Value, side starlark.Side) (starlark.Value, error) {
	switch y := y.(type) {
	case Timedelta:
		if op == syntax.PLUS || op == syntax.MINUS && side == starlark.Left {
			d := y.total()
			if op == syntax.MINUS {
				d = neg(d)
			}
			sum := new(big.Int).Add(big.NewInt(dt.micros()), d)
			if !sum.IsInt64() {
				return nil, pyerr.New("OverflowError", "date value out of range")
			}
			r, err := datetimeOf(sum.Int64(), dt.tz)
			if err != nil {
				return nil, pyerr.New("OverflowError", "date value out of range")
			}
			return r, nil
		}
	case Datetime:
		if op == syntax.MINUS {
			a, b := dt, y
			if side == starlark.Right {
				a, b = b, a
			}
			// One tzinfo object: wall times, as CPython subtracts them.
			var offDiff int64
			if a.tz != b.tz {
				off1, ok1 := a.offset()
				off2, ok2 := b.offset()
				if ok1 != ok2 {
					return nil, pyerr.New(pyerr.TypeError, "can't subtract offset-naive and offset-aware datetimes")
				}
				offDiff = off1 - off2
			}
			return microsOf(a.micros() - b.micros() - offDiff), nil
		}
	}
	return nil, nil
}

func (dt Datetime) AttrNames() []string {
	return []string{"astimezone", "ctime", "date", "day", "dst", "fold", "hour", "isocalendar", "isoformat", "isoweekday",
		"microsecond", "minute", "month", "replace", "second", "strftime", "time", "timestamp", "timetuple", "timetz",
		"toordinal", "tzinfo", "tzname", "utcoffset", "utctimetuple", "weekday", "year"}
}

func (dt Datetime) Attr(name string) (starlark.Value, error) {
	if v, ok := dt.dateAttr(name, dt); ok {
		return v, nil
	}
	if v, ok := dt.timeAttr(name, dt); ok {
		return v, nil
	}
	switch name {
	case "date", "time", "timetz", "timestamp", "ctime", "timetuple", "utctimetuple":
		return method(name, dt, func(_ *starlark.Thread, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			if err := noArgs("datetime."+name, args, kwargs); err != nil {
				return nil, err
			}
			switch name {
			case "date":
				return dt.Date, nil
			case "time":
				t := dt.Time
				t.tz = nil
				return t, nil
			case "timetz":
				return dt.Time, nil
			case "ctime":
				return starlark.String(dt.ctime(dt.h, dt.mi, dt.s)), nil
			case "timetuple":
				return structTime(dt.fields(dt.h, dt.mi, dt.s, dt.dstFlag())), nil
			case "utctimetuple":
				u, err := datetimeOf(dt.utcMicros(), nil)
				if err != nil {
					return nil, err
				}
				return structTime(u.fields(u.h, u.mi, u.s, 0)), nil
			}
			ts, err := dt.timestamp()
			return starlark.Float(ts), err
		}), nil
	case "isoformat":
		return method(name, dt, func(_ *starlark.Thread, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			var sepv starlark.Value = starlark.String("T")
			spec := "auto"
			if err := starlark.UnpackArgs(name, args, kwargs, "sep?", &sepv, "timespec?", &spec); err != nil {
				return nil, pyerr.New(pyerr.TypeError, "%s", err)
			}
			// CPython parses sep as one character ("C"), whatever its
			// position.
			sep, ok := sepv.(starlark.String)
			if !ok || utf8.RuneCountInString(string(sep)) != 1 {
				return nil, pyerr.New(pyerr.TypeError, "isoformat() argument 1 must be a unicode character, not %s", argTypeName(sepv))
			}
			s, err := dt.isoformat(string(sep), spec)
			return starlark.String(s), err
		}), nil
	case "strftime":
		return method(name, dt, func(_ *starlark.Thread, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			f, err := formatArg(args, kwargs)
			if err != nil {
				return nil, err
			}
			return starlark.String(strftime(f, dt.fields(dt.h, dt.mi, dt.s, dt.dstFlag()), dt.us, dt.tz, &dt)), nil
		}), nil
	case "replace":
		return method(name, dt, func(_ *starlark.Thread, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			return replace(dt, args, kwargs, true)
		}), nil
	case "astimezone":
		return method(name, dt, func(_ *starlark.Thread, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			var tz starlark.Value = starlark.None
			if err := starlark.UnpackArgs(name, args, kwargs, "tz?", &tz); err != nil {
				return nil, pyerr.New(pyerr.TypeError, "%s", err)
			}
			return dt.astimezone(tz)
		}), nil
	}
	return datetimeClassAttr(name)
}

// dstFlag is timetuple's tm_isdst: -1 unless the tzinfo's dst() is a
// timedelta, then whether it is non-zero.
func (dt Datetime) dstFlag() int {
	if dt.tz == nil {
		return -1
	}
	d, ok := dt.tz.dst(&dt).(Timedelta)
	switch {
	case !ok:
		return -1
	case d == Timedelta{}:
		return 0
	}
	return 1
}

// timestamp is POSIX time: a naive datetime is local time, whose date
// must be at least a day from the ends of the calendar (CPython's error).
func (dt Datetime) timestamp() (float64, error) {
	if off, ok := dt.offset(); ok {
		return float64(dt.micros()-off-epochMicros) / 1e6, nil
	}
	sec, err := localToSecondsFold(dt, dt.fold)
	return float64(sec) + float64(dt.us)/1e6, err
}

// localToSecondsFold is the POSIX second of naive dt's local wall time, by
// CPython's local_to_seconds for either fold (PEP 495: a naive datetime's
// fold picks between the two instants of a repeated hour, the earlier for
// fold 0; a wall time in a gap is read with the offset from before the
// transition for fold 0, from after it for fold 1). Go's time.Date
// guarantees neither. Its error is CPython's: each local time it looks at
// (up to a day before the wall time for fold 0, after it for fold 1) must
// have a year in 1..9999.
func localToSecondsFold(dt Datetime, fold int) (int64, error) {
	loc := timemod.Local()
	var err error
	local := func(u int64) int64 { // wall seconds at POSIX second u
		tu := time.Unix(u, 0).In(loc)
		if y := tu.Year(); (y < minYear || y > maxYear) && err == nil {
			err = pyerr.New(pyerr.ValueError, "year %d is out of range", y)
		}
		_, off := tu.Zone()
		return u + int64(off)
	}
	const maxFold = 24 * 3600
	t := time.Date(dt.y, time.Month(dt.m), dt.d, dt.h, dt.mi, dt.s, 0, time.UTC).Unix()
	a := local(t) - t
	u1 := t - a
	t1 := local(u1)
	var b int64
	if t1 == t {
		// One solution; an earlier one wins for fold 0, a later for 1.
		u2 := u1 - maxFold
		if fold == 1 {
			u2 = u1 + maxFold
		}
		if b = local(u2) - u2; a == b {
			return u1, err
		}
	} else {
		b = t1 - u1
	}
	u2 := t - b
	switch {
	case local(u2) == t:
		return u2, err
	case t1 == t:
		return u1, err
	case fold == 1:
		return min(u1, u2), err
	}
	return max(u1, u2), err // in the gap
}

// epochMicros is 1970-01-01 in micros since 0001-01-01.
const epochMicros = int64(719162) * usDay

// localZoneAt is the local zone at POSIX second sec, as the fixed offset
// timezone astimezone() gives (with the zone's abbreviation).
func localZoneAt(sec int64) *Timezone {
	name, off := time.Unix(sec, 0).In(timemod.Local()).Zone()
	return &Timezone{offset: microsOf(int64(off) * 1000000), name: name, hasName: true}
}

// astimezone is CPython's: a no-op to the datetime's own tzinfo object,
// else through UTC and the target's fromutc (None: the local zone).
func (dt Datetime) astimezone(tz starlark.Value) (starlark.Value, error) {
	z, err := tzArg(tz)
	if err != nil {
		return nil, err
	}
	if z != nil && z == dt.tz {
		return dt, nil
	}
	var u int64 // UTC micros
	if off, ok := dt.offset(); ok {
		u = dt.micros() - off
	} else {
		// CPython reads a naive dt with the local offset of the instant
		// local_to_seconds finds for its fold: in a gap that is not that
		// instant. It also finds the instant of the other fold, and fails
		// where that does.
		sec, err := localToSecondsFold(dt, dt.fold)
		if err == nil {
			_, err = localToSecondsFold(dt, 1-dt.fold)
		}
		if err != nil {
			return nil, err
		}
		_, off := time.Unix(sec, 0).In(timemod.Local()).Zone()
		u = dt.micros() - int64(off)*1000000
	}
	if z == nil {
		z = localZoneAt(floorDiv64(u-epochMicros, 1000000))
	}
	return z.fromutc(u)
}

func floorDiv64(a, b int64) int64 { q, _ := floorDivMod(a, b); return q }

func datetimeClassAttr(name string) (starlark.Value, error) {
	switch name {
	case "min":
		return Datetime{Date: Date{1, 1, 1}}, nil
	case "max":
		return Datetime{Date{9999, 12, 31}, Time{h: 23, mi: 59, s: 59, us: 999999}}, nil
	case "resolution":
		return Timedelta{us: 1}, nil
	case "now", "utcnow", "today":
		return starlark.NewBuiltin(name, func(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			var tz starlark.Value = starlark.None
			if name == "now" {
				if err := starlark.UnpackArgs(name, args, kwargs, "tz?", &tz); err != nil {
					return nil, pyerr.New(pyerr.TypeError, "%s", err)
				}
			} else if err := noArgs("datetime."+name, args, kwargs); err != nil {
				return nil, err
			}
			now := time.Now()
			return fromTimestamp(starlark.Float(float64(now.UnixMicro())/1e6), tz, name == "utcnow")
		}), nil
	case "fromtimestamp", "utcfromtimestamp":
		return starlark.NewBuiltin(name, func(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			var ts starlark.Value
			var tz starlark.Value = starlark.None
			if name == "fromtimestamp" {
				if err := starlark.UnpackArgs(name, args, kwargs, "timestamp", &ts, "tz?", &tz); err != nil {
					return nil, pyerr.New(pyerr.TypeError, "%s", err)
				}
			} else if err := starlark.UnpackPositionalArgs(name, args, kwargs, 1, &ts); err != nil {
				return nil, pyerr.New(pyerr.TypeError, "%s", err)
			}
			return fromTimestamp(ts, tz, name == "utcfromtimestamp")
		}), nil
	case "combine":
		return starlark.NewBuiltin(name, func(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			var d, t, tz starlark.Value
			if err := starlark.UnpackArgs(name, args, kwargs, "date", &d, "time", &t, "tzinfo?", &tz); err != nil {
				return nil, pyerr.New(pyerr.TypeError, "%s", err)
			}
			var dt Datetime
			switch d := d.(type) {
			case Date:
				dt.Date = d
			case Datetime:
				dt.Date = d.Date
			default:
				return nil, pyerr.New(pyerr.TypeError, "combine() argument 1 must be datetime.date, not %s", argTypeName(d))
			}
			tm, ok := t.(Time)
			if !ok {
				return nil, pyerr.New(pyerr.TypeError, "combine() argument 2 must be datetime.time, not %s", argTypeName(t))
			}
			dt.Time = tm
			if tz != nil {
				z, err := tzArg(tz)
				if err != nil {
					return nil, err
				}
				dt.tz = z
			}
			return dt, nil
		}), nil
	case "strptime":
		return starlark.NewBuiltin(name, func(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			var s, f starlark.Value
			if err := starlark.UnpackPositionalArgs(name, args, kwargs, 2, &s, &f); err != nil {
				return nil, pyerr.New(pyerr.TypeError, "%s", err)
			}
			for i, v := range []starlark.Value{s, f} {
				if _, ok := v.(starlark.String); !ok {
					return nil, pyerr.New(pyerr.TypeError, "strptime() argument %d must be str, not %s", i+1, argTypeName(v))
				}
			}
			p, err := timemod.Strptime(string(s.(starlark.String)), string(f.(starlark.String)))
			if err != nil {
				return nil, err
			}
			// _strptime_datetime: timezone(timedelta(seconds=gmtoff,
			// microseconds=fraction), name), then cls(*fields, tz), each
			// with its constructor's checks (+2400 is no offset, Feb 29
			// of the default year 1900 no date).
			fl := p.Fields
			dt := Datetime{Date{fl[0], fl[1], fl[2]}, Time{h: fl[3], mi: fl[4], s: fl[5], us: p.Micro}}
			if p.HasOffset {
				off := microsOf(int64(p.Offset)*1000000 + int64(p.OffsetMicro))
				if us := off.total().Int64(); us >= usDay || us <= -usDay {
					return nil, pyerr.New(pyerr.ValueError, "offset must be a timedelta strictly between -timedelta(hours=24) and timedelta(hours=24), not %s.", off.String())
				}
				dt.tz = &Timezone{offset: off, name: p.Zone, hasName: p.HasZone && p.Zone != ""}
			}
			if err := checkDate(dt.y, dt.m, dt.d); err != nil {
				return nil, err
			}
			return dt, nil
		}), nil
	}
	if v, err := dateClassAttr(name); v != nil || err != nil {
		if name == "fromisoformat" || name == "today" || name == "fromordinal" || name == "fromisocalendar" {
			// datetime's own versions.
			return datetimeFrom(name, v)
		}
		return v, err
	}
	return nil, nil
}

// datetimeFrom wraps date's constructor f as datetime's (midnight), or, for
// fromisoformat, parses a whole datetime.
func datetimeFrom(name string, f starlark.Value) (starlark.Value, error) {
	return starlark.NewBuiltin(name, func(th *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
		switch name {
		case "today":
			return nowLocal(), noArgs("datetime."+name, args, kwargs)
		case "fromisoformat":
			s, err := isoArg(name, args, kwargs)
			if err != nil {
				return nil, err
			}
			dt, ok, err := parseISODatetime(s)
			if err != nil {
				return nil, err
			}
			if !ok {
				return nil, pyerr.New(pyerr.ValueError, "Invalid isoformat string: %s", pyerr.QuoteStr(s))
			}
			return dt, nil
		}
		v, err := starlark.Call(th, f, args, kwargs)
		if err != nil {
			return nil, err
		}
		return Datetime{Date: v.(Date)}, nil
	}), nil
}

func nowLocal() Datetime {
	dt, _ := fromTimestamp(starlark.Float(float64(time.Now().UnixMicro())/1e6), starlark.None, false)
	return dt
}

// fromTimestamp is datetime.fromtimestamp(ts, tz) (utc: utcfromtimestamp):
// local wall time when tz is None, microseconds rounded half to even.
// Its errors are CPython's, in CPython's order: a timestamp outside a 64-bit
// time_t is an OverflowError, one whose year glibc's gmtime/localtime cannot
// hold an OSError (EOVERFLOW), and one whose year is outside 1..9999 a
// ValueError naming the year.
func fromTimestamp(ts starlark.Value, tz starlark.Value, utcWall bool) (Datetime, error) {
	return timestampOf(ts, tz, utcWall, false)
}

// timestampOf is fromTimestamp, or date.fromtimestamp(ts) when date is set:
// CPython's date floors a float timestamp to seconds and has no fold
// detection.
func timestampOf(ts starlark.Value, tz starlark.Value, utcWall, date bool) (Datetime, error) {
	var z tzinfo
	if tz != nil {
		var err error
		if z, err = tzArg(tz); err != nil {
			return Datetime{}, err
		}
	}
	var sec, frac int64
	switch v := ts.(type) {
	case starlark.Bool:
		if v {
			sec = 1
		}
	case starlark.Int:
		s, ok := v.Int64()
		if !ok {
			return Datetime{}, pyerr.New("OverflowError", "timestamp out of range for platform time_t")
		}
		sec = s
	case starlark.Float:
		f := float64(v)
		if math.IsNaN(f) {
			return Datetime{}, pyerr.New(pyerr.ValueError, "Invalid value NaN (not a number)")
		}
		// _PyTime_DoubleToDenominator with ROUND_HALF_EVEN.
		ip, fp := math.Modf(f)
		fp = math.RoundToEven(fp * 1e6)
		if fp >= 1e6 {
			ip, fp = ip+1, fp-1e6
		} else if fp < 0 {
			ip, fp = ip-1, fp+1e6
		}
		if date {
			ip, fp = math.Floor(f), 0
		}
		if !(ip >= -9223372036854775808.0 && ip < 9223372036854775808.0) {
			return Datetime{}, pyerr.New("OverflowError", "timestamp out of range for platform time_t")
		}
		sec, frac = int64(ip), int64(fp)
	default:
		return Datetime{}, pyerr.New(pyerr.TypeError, "'%s' object cannot be interpreted as an integer", typeName(ts))
	}
	// CPython converts with gmtime (a tz given, or utcfromtimestamp) or
	// localtime before it builds the datetime. Past 2**56 seconds the year
	// is far beyond a C int (and Go's time.Unix would wrap).
	loc := time.UTC
	if z == nil && !utcWall {
		loc = timemod.Local()
	}

	if sec > 1<<56 || sec < -(1<<56) {
		return Datetime{}, oserr.Errno(syscall.EOVERFLOW)
	}
	year := int64(time.Unix(sec, 0).In(loc).Year())
	if year-1900 < math.MinInt32 || year-1900 > math.MaxInt32 {
		return Datetime{}, oserr.Errno(syscall.EOVERFLOW)
	}
	if year < 1 || year > 9999 {
		return Datetime{}, pyerr.New(pyerr.ValueError, "year %d is out of range", year)
	}
	if z == nil && !utcWall && !date {
		// datetime's fold detection (not date's) converts the local
		// time a day earlier too, failing within a day of 0001-01-01.
		if y := time.Unix(sec-24*3600, 0).In(loc).Year(); y < 1 {
			return Datetime{}, pyerr.New(pyerr.ValueError, "year %d is out of range", y)
		}
	}
	us := sec*1000000 + frac
	switch {
	case z != nil:
		return z.fromutc(us + epochMicros)
	case utcWall:
		return datetimeOf(us+epochMicros, nil)
	}
	_, off := time.Unix(sec, 0).In(loc).Zone()
	dt, err := datetimeOf(us+epochMicros+int64(off)*1000000, nil)
	if err == nil {
		// CPython's fold detection (PEP 495): the second of two instants
		// that read as the same wall time has fold 1. The offset a day
		// earlier shows a transition that set the clock back by -trans
		// seconds; if sec+trans reads as the same wall time, sec is the
		// later of the two.
		offAt := func(u int64) int64 { _, o := time.Unix(u, 0).In(loc).Zone(); return int64(o) }
		if trans := int64(off) - offAt(sec-24*3600); trans < 0 && trans+offAt(sec+trans) == int64(off) {
			dt.fold = 1
		}
	}
	return dt, err
}

// tzArg is a tzinfo argument: a timezone, a ZoneInfo or None (nil).
func tzArg(v starlark.Value) (tzinfo, error) {
	switch v := v.(type) {
	case tzinfo:
		return v, nil
	case starlark.NoneType:
		return nil, nil
	}
	return nil, pyerr.New(pyerr.TypeError, "tzinfo argument must be None or of a tzinfo subclass, not type '%s'", typeName(v))
}

// fromFields is datetime(year, month, day, hour=0, minute=0, second=0,
// microsecond=0, tzinfo=None, *, fold=0), or time(...) from hour on.
func fromFields(fn string, args starlark.Tuple, kwargs []starlark.Tuple, withDate bool) (Datetime, error) {
	names := []string{"hour?", "minute?", "second?", "microsecond?", "tzinfo?", "fold?"}
	if withDate {
		names = append([]string{"year", "month", "day"}, names...)
	}
	// fold is keyword-only, as CPython's "|iiiiO$i" says.
	if n := len(args) + len(kwargs); n > len(names) {
		return Datetime{}, pyerr.New(pyerr.TypeError, "function takes at most %d arguments (%d given)", len(names), n)
	}
	if max := len(names) - 1; len(args) > max {
		return Datetime{}, pyerr.New(pyerr.TypeError, "function takes at most %d positional arguments (%d given)", max, len(args))
	}
	vals := make([]starlark.Value, len(names))
	pairs := make([]any, 0, 2*len(names))
	for i, n := range names {
		pairs = append(pairs, n, &vals[i])
	}
	if err := starlark.UnpackArgs(fn, args, kwargs, pairs...); err != nil {
		return Datetime{}, pyerr.New(pyerr.TypeError, "%s", err)
	}
	ints := make([]int, 0, 8)
	var tz starlark.Value
	for i, v := range vals {
		if strings.HasPrefix(names[i], "tzinfo") {
			tz = v
			continue
		}
		n := 0
		if v != nil {
			var err error
			if n, err = intArg(names[i], v); err != nil {
				return Datetime{}, err
			}
		}
		ints = append(ints, n)
	}
	var dt Datetime
	if withDate {
		if err := checkDate(ints[0], ints[1], ints[2]); err != nil {
			return Datetime{}, err
		}
		dt.Date = Date{ints[0], ints[1], ints[2]}
		ints = ints[3:]
	}
	if err := checkTime(ints[0], ints[1], ints[2], ints[3], ints[4]); err != nil {
		return Datetime{}, err
	}
	dt.Time = Time{h: ints[0], mi: ints[1], s: ints[2], us: ints[3], fold: ints[4]}
	if tz != nil {
		z, err := tzArg(tz)
		if err != nil {
			return Datetime{}, err
		}
		dt.tz = z
	}
	return dt, nil
}

func newDatetime(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	return fromFields("datetime", args, kwargs, true)
}

// replace is replace(**fields) of dt (withTime: the time fields too).
func replace(dt Datetime, args starlark.Tuple, kwargs []starlark.Tuple, withTime bool) (Datetime, error) {
	if len(args) > 0 {
		return Datetime{}, pyerr.New(pyerr.TypeError, "replace() takes keyword arguments only here")
	}
	vals := map[string]int{"year": dt.y, "month": dt.m, "day": dt.d, "hour": dt.h, "minute": dt.mi, "second": dt.s, "microsecond": dt.us, "fold": dt.fold}
	tz := dt.tz
	for _, kv := range kwargs {
		k := string(kv[0].(starlark.String))
		if k == "tzinfo" && withTime {
			z, err := tzArg(kv[1])
			if err != nil {
				return Datetime{}, err
			}
			tz = z
			continue
		}
		if _, ok := vals[k]; !ok || !withTime && k != "year" && k != "month" && k != "day" {
			return Datetime{}, pyerr.New(pyerr.TypeError, "'%s' is an invalid keyword argument for replace()", k)
		}
		n, err := intArg(k, kv[1])
		if err != nil {
			return Datetime{}, err
		}
		vals[k] = n
	}
	if err := checkDate(vals["year"], vals["month"], vals["day"]); err != nil {
		return Datetime{}, err
	}
	if err := checkTime(vals["hour"], vals["minute"], vals["second"], vals["microsecond"], vals["fold"]); err != nil {
		return Datetime{}, err
	}
	return Datetime{Date{vals["year"], vals["month"], vals["day"]},
		Time{h: vals["hour"], mi: vals["minute"], s: vals["second"], us: vals["microsecond"], fold: vals["fold"], tz: tz}}, nil
}

// strftime is _wrap_strftime: %f, %z and %Z here (of tz at dt, nil for a
// time), the rest by time.strftime on fields.
func strftime(f string, fields [9]int, us int, tz tzinfo, dt *Datetime) string {
	// CPython's wrap_strftime reads the format as a C string: it ends at
	// a NUL (where time.strftime refuses one).
	if i := strings.IndexByte(f, 0); i >= 0 {
		f = f[:i]
	}
	var b strings.Builder
	for i := 0; i < len(f); i++ {
		if f[i] != '%' || i+1 >= len(f) {
			b.WriteByte(f[i])
			continue
		}
		i++
		switch f[i] {
		case 'f':
			fmt.Fprintf(&b, "%06d", us)
		case 'z':
			if off, ok := utcoffsetOf(tz, dt); ok {
				b.WriteString(formatOffset(microsOf(off), ""))
			}
		case ':':
			// %:z (Python 3.12) is the offset with colons; %: before
			// anything else is left to the time module.
			if i+1 >= len(f) || f[i+1] != 'z' {
				b.WriteString("%:")
				break
			}
			i++
			if off, ok := utcoffsetOf(tz, dt); ok {
				b.WriteString(formatOffset(microsOf(off), ":"))
			}
		case 'Z':
			if tz == nil {
				break
			}
			if name, ok := tz.tzname(dt).(starlark.String); ok {
				b.WriteString(strings.ReplaceAll(string(name), "%", "%%"))
			}
		default:
			b.WriteByte('%')
			b.WriteByte(f[i])
		}
	}
	return timemod.StrftimeFields(b.String(), fields)
}

func structTime(fields [9]int) starlark.Value {
	return timemod.NewStructTime(fields)
}

func isoArg(name string, args starlark.Tuple, kwargs []starlark.Tuple) (string, error) {
	var v starlark.Value
	if err := starlark.UnpackPositionalArgs(name, args, kwargs, 1, &v); err != nil {
		return "", pyerr.New(pyerr.TypeError, "%s", err)
	}
	s, ok := v.(starlark.String)
	if !ok {
		return "", pyerr.New(pyerr.TypeError, "fromisoformat: argument must be str")
	}
	return string(s), nil
}
