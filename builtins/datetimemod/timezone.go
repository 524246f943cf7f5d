package datetimemod

import (
	"fmt"

	"go.starlark.net/starlark"

	"github.com/procstar/procstar/runtime/pyerr"
)

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
func (z *Timezone) PyStr() string { return z.tzname() }

func (z *Timezone) tzname() string {
	if z.hasName {
		return z.name
	}
	if z.offset == (Timedelta{}) {
		return "UTC"
	}
	return "UTC" + formatOffset(z.offset, ":")
}

func (z *Timezone) CompareSameType(op syntax_Token, y starlark.Value, depth int) (bool, error) {
	return compareEq(op, z.offset == y.(*Timezone).offset)
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
	return []string{"dst", "max", "min", "tzname", "utc", "utcoffset"}
}

func (z *Timezone) Attr(name string) (starlark.Value, error) {
	switch name {
	case "utcoffset":
		return method(name, z, func(_ *starlark.Thread, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			return z.offset, nil
		}), nil
	case "tzname":
		return method(name, z, func(_ *starlark.Thread, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			return starlark.String(z.tzname()), nil
		}), nil
	case "dst":
		return method(name, z, func(_ *starlark.Thread, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			return starlark.None, nil
		}), nil
	}
	return timezoneClassAttr(name)
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
	if err := starlark.UnpackArgs("timezone", args, kwargs, "offset", &offset, "name?", &name); err != nil {
		return nil, pyerr.New(pyerr.TypeError, "%s", err)
	}
	off, ok := offset.(Timedelta)
	if !ok {
		return nil, pyerr.New(pyerr.TypeError, "timezone() argument 1 must be datetime.timedelta, not %s", typeName(offset))
	}
	z := &Timezone{offset: off}
	if name != nil && name != starlark.None {
		s, ok := name.(starlark.String)
		if !ok {
			return nil, pyerr.New(pyerr.TypeError, "timezone() argument 2 must be str, not %s", typeName(name))
		}
		z.name, z.hasName = string(s), true
	}
	if t := off.total(); t.CmpAbs(bigInt(usDay)) >= 0 {
		return nil, pyerr.New(pyerr.ValueError, "offset must be a timedelta strictly between -timedelta(hours=24) and timedelta(hours=24), not %s.", off.String())
	}
	return z, nil
}
