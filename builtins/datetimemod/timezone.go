package datetimemod

import (
	"fmt"

	"go.starlark.net/starlark"

	"github.com/procstar/procstar/runtime/pyerr"
)

// tzinfo is what a datetime's or time's tzinfo can be: a fixed offset
// (*Timezone) or an IANA zone (*ZoneInfo). dt is the datetime asking, or
// nil for a time, which has no date (CPython passes None).
type tzinfo interface {
	starlark.Value
	// utcoffset is the offset in microseconds; ok is false for None.
	utcoffset(dt *Datetime) (us int64, ok bool)
	// dst is a timedelta or None, tzname a str or None.
	dst(dt *Datetime) starlark.Value
	tzname(dt *Datetime) starlark.Value
	// fromutc is the wall time, with its fold, of UTC instant us
	// (microseconds since 0001-01-01), carrying this tzinfo.
	fromutc(us int64) (Datetime, error)
}

// utcoffsetOf is tz's utcoffset, false for a naive value (tz nil).
func utcoffsetOf(tz tzinfo, dt *Datetime) (int64, bool) {
	if tz == nil {
		return 0, false
	}
	return tz.utcoffset(dt)
}

// Timezone is datetime.timezone: a fixed offset from UTC, strictly within
// a day, with an optional name.
type Timezone struct {
	offset  Timedelta
	name    string
	hasName bool
}

var utc = &Timezone{}

var (
	_ starlark.HasAttrs   = (*Timezone)(nil)
	_ starlark.Comparable = (*Timezone)(nil)
	_ tzinfo              = (*Timezone)(nil)
)

func (z *Timezone) Type() string          { return "datetime.timezone" }
func (z *Timezone) Freeze()               {}
func (z *Timezone) Truth() starlark.Bool  { return starlark.True }
func (z *Timezone) Hash() (uint32, error) { return z.offset.Hash() }

func (z *Timezone) String() string {
	if *z == *utc {
		return "datetime.timezone.utc"
	}
	if z.hasName {
		return fmt.Sprintf("datetime.timezone(%s, %s)", z.offset.String(), pyerr.QuoteStr(z.name))
	}
	return fmt.Sprintf("datetime.timezone(%s)", z.offset.String())
}

// PyStr is str(tz): its name.
func (z *Timezone) PyStr() string { return z.zoneName() }

func (z *Timezone) utcoffset(*Datetime) (int64, bool) { return z.offset.total().Int64(), true }
func (z *Timezone) dst(*Datetime) starlark.Value      { return starlark.None }
func (z *Timezone) tzname(*Datetime) starlark.Value   { return starlark.String(z.zoneName()) }
func (z *Timezone) fromutc(us int64) (Datetime, error) {
	return datetimeOf(us+z.offset.total().Int64(), z)
}

// zoneName is tzname(): the name given, else UTC±HH:MM.
func (z *Timezone) zoneName() string {
	if z.hasName {
		return z.name
	}
	if z.offset == (Timedelta{}) {
		return "UTC"
	}
	return "UTC" + formatOffset(z.offset, ":")
}

func (z *Timezone) CompareSameType(op syntax_Token, y starlark.Value, depth int) (bool, error) {
	return compareEq(op, z.Type(), z.offset == y.(*Timezone).offset)
}

// formatOffset is ±HH<sep>MM[<sep>SS[.ffffff]], as isoformat and %z write an
// offset.
func formatOffset(off Timedelta, sep string) string {
	sign := "+"
	t := off
	if off.days < 0 {
		sign = "-"
		t, _ = fromMicros(neg(off.total()))
	}
	h, m, s := t.secs/3600, t.secs/60%60, t.secs%60
	out := fmt.Sprintf("%s%02d%s%02d", sign, h, sep, m)
	if s != 0 || t.us != 0 {
		out += fmt.Sprintf("%s%02d", sep, s)
		if t.us != 0 {
			out += fmt.Sprintf(".%06d", t.us)
		}
	}
	return out
}

func (z *Timezone) AttrNames() []string {
	return []string{"dst", "fromutc", "max", "min", "tzname", "utc", "utcoffset"}
}

func (z *Timezone) Attr(name string) (starlark.Value, error) {
	switch name {
	case "utcoffset", "dst", "tzname", "fromutc":
		return method(name, z, func(_ *starlark.Thread, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			if len(args) != 1 || len(kwargs) != 0 {
				return nil, pyerr.New(pyerr.TypeError, "timezone.%s() takes exactly one argument (%d given)", name, len(args)+len(kwargs))
			}
			return z.call(name, args[0])
		}), nil
	}
	return timezoneClassAttr(name)
}

// call is utcoffset(dt), dst(dt), tzname(dt) or fromutc(dt). The offset
// is fixed, but CPython still takes only a datetime or None (a datetime
// whose tzinfo is this one for fromutc).
func (z *Timezone) call(name string, arg starlark.Value) (starlark.Value, error) {
	dt, isDT := arg.(Datetime)
	if name == "fromutc" {
		switch {
		case !isDT:
			return nil, pyerr.New(pyerr.TypeError, "fromutc: argument must be a datetime")
		case dt.tz != tzinfo(z):
			return nil, pyerr.New(pyerr.ValueError, "fromutc: dt.tzinfo is not self")
		}
		return z.fromutc(dt.micros())
	}
	if _, isNone := arg.(starlark.NoneType); !isDT && !isNone {
		return nil, pyerr.New(pyerr.TypeError, "%s(dt) argument must be a datetime instance or None, not %s", name, typeName(arg))
	}
	switch name {
	case "dst":
		return starlark.None, nil
	case "tzname":
		return starlark.String(z.zoneName()), nil
	}
	return z.offset, nil
}

func timezoneClassAttr(name string) (starlark.Value, error) {
	switch name {
	case "utc":
		return utc, nil
	case "min":
		return &Timezone{offset: microsOf(-(usDay - 60000000))}, nil
	case "max":
		return &Timezone{offset: microsOf(usDay - 60000000)}, nil
	}
	return nil, nil
}

// newTimezone is timezone(offset, name=None).
func newTimezone(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var offset, name starlark.Value
	if len(args)+len(kwargs) > 2 {
		return nil, pyerr.New(pyerr.TypeError, "timezone() takes at most 2 arguments (%d given)", len(args)+len(kwargs))
	}
	if err := starlark.UnpackArgs("timezone", args, kwargs, "offset", &offset, "name?", &name); err != nil {
		return nil, pyerr.New(pyerr.TypeError, "%s", err)
	}
	off, ok := offset.(Timedelta)
	if !ok {
		return nil, pyerr.New(pyerr.TypeError, "timezone() argument 1 must be datetime.timedelta, not %s", argTypeName(offset))
	}
	z := &Timezone{offset: off}
	if name != nil { // CPython's name is a str: None is a TypeError too
		s, ok := name.(starlark.String)
		if !ok {
			return nil, pyerr.New(pyerr.TypeError, "timezone() argument 2 must be str, not %s", argTypeName(name))
		}
		z.name, z.hasName = string(s), true
	}
	if t := off.total(); t.CmpAbs(bigInt(usDay)) >= 0 {
		return nil, pyerr.New(pyerr.ValueError, "offset must be a timedelta strictly between -timedelta(hours=24) and timedelta(hours=24), not %s.", off.String())
	}
	return z, nil
}
