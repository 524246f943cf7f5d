// Package datetimemod is procstar's "datetime" module: date, time,
// datetime, timedelta and timezone as CPython 3.12's (_pydatetime is the
// reference for algorithms and texts), and its "zoneinfo" module, whose
// ZoneInfo is the other tzinfo (IANA zones, from the system's database
// through Go's time package). A naive datetime is local time as the time
// module sees it (TZ, time.tzset). Values cross processes as Python
// pickles them.
package datetimemod

import (
	"fmt"

	"go.starlark.net/starlark"
	"go.starlark.net/starlarkstruct"

	"github.com/procstar/procstar/runtime/codec"
)

// Module returns a new "datetime" module.
func Module() *starlarkstruct.Module {
	return &starlarkstruct.Module{Name: "datetime", Members: starlark.StringDict{
		"MINYEAR": starlark.MakeInt(minYear),
		"MAXYEAR": starlark.MakeInt(maxYear),
		"UTC":     utc,
		"timedelta": &ctor{module: "datetime", name: "timedelta", call: newTimedelta, attrs: timedeltaClassAttr,
			names: []string{"max", "min", "resolution"}},
		"timezone": &ctor{module: "datetime", name: "timezone", call: newTimezone, attrs: timezoneClassAttr,
			names: []string{"max", "min", "utc"}},
		"date": &ctor{module: "datetime", name: "date", call: newDate, attrs: dateClassAttr,
			names: []string{"fromisocalendar", "fromisoformat", "fromordinal", "fromtimestamp", "max", "min", "resolution", "today"}},
		"time": &ctor{module: "datetime", name: "time", call: newTime, attrs: timeClassAttr,
			names: []string{"fromisoformat", "max", "min", "resolution"}},
		"datetime": &ctor{module: "datetime", name: "datetime", call: newDatetime, attrs: datetimeClassAttr,
			names: []string{"combine", "fromisocalendar", "fromisoformat", "fromordinal", "fromtimestamp", "max", "min", "now",
				"resolution", "strptime", "today", "utcfromtimestamp", "utcnow"}},
	}}
}

// codecType is the one codec type of the module's values; the state's
// first element says which.
const codecType = "datetime"

// CodecTypes are the package's values that cross processes as copies
// (registered by the runtime).
var CodecTypes = []codec.Type{{Name: codecType, Decode: decode}}

func ints(vs ...int) starlark.Tuple {
	t := make(starlark.Tuple, len(vs))
	for i, v := range vs {
		t[i] = starlark.MakeInt(v)
	}
	return t
}

// tzState is a tzinfo's state: None (naive), (offset µs, name or None)
// for a timezone, (key, from cache) for a ZoneInfo, which the receiver
// loads again as CPython unpickles one.
func tzState(tz tzinfo) starlark.Value {
	var z *Timezone
	switch tz := tz.(type) {
	case nil:
		return starlark.None
	case *ZoneInfo:
		return starlark.Tuple{starlark.String(tz.key), starlark.Bool(tz.fromCache)}
	case *Timezone:
		z = tz
	}
	var name starlark.Value = starlark.None
	if z.hasName {
		name = starlark.String(z.name)
	}
	return starlark.Tuple{starlark.MakeInt64(z.offset.total().Int64()), name}
}

func (t Timedelta) CodecState() (string, starlark.Value) {
	return codecType, starlark.Tuple{starlark.String("timedelta"), starlark.MakeInt64(t.days), starlark.MakeInt64(t.secs), starlark.MakeInt64(t.us)}
}
func (z *Timezone) CodecState() (string, starlark.Value) {
	return codecType, starlark.Tuple{starlark.String("timezone"), tzState(z)}
}
func (z *ZoneInfo) CodecState() (string, starlark.Value) {
	return codecType, starlark.Tuple{starlark.String("zoneinfo"), tzState(z)}
}
func (d Date) CodecState() (string, starlark.Value) {
	return codecType, append(starlark.Tuple{starlark.String("date")}, ints(d.y, d.m, d.d)...)
}
func (t Time) CodecState() (string, starlark.Value) {
	return codecType, append(append(starlark.Tuple{starlark.String("time")}, ints(t.h, t.mi, t.s, t.us, t.fold)...), tzState(t.tz))
}
func (dt Datetime) CodecState() (string, starlark.Value) {
	s := append(starlark.Tuple{starlark.String("datetime")}, ints(dt.y, dt.m, dt.d, dt.h, dt.mi, dt.s, dt.us, dt.fold)...)
	return codecType, append(s, tzState(dt.tz))
}

func decodeTZ(v starlark.Value) (tzinfo, error) {
	if v == starlark.None {
		return nil, nil
	}
	t, ok := v.(starlark.Tuple)
	if !ok || len(t) != 2 {
		return nil, fmt.Errorf("bad timezone state")
	}
	if key, ok := t[0].(starlark.String); ok {
		z, err := loadZone(key, t[1] == starlark.True)
		if err != nil {
			return nil, err
		}
		return z, nil
	}
	us, err := starlark.AsInt32(t[0])
	if err != nil {
		n, ok := t[0].(starlark.Int).Int64()
		if !ok {
			return nil, err
		}
		us = int(n)
	}
	z := &Timezone{offset: microsOf(int64(us))}
	if s, ok := t[1].(starlark.String); ok {
		z.name, z.hasName = string(s), true
	}
	if *z == *utc {
		return utc, nil
	}
	return z, nil
}

func decode(state starlark.Value) (starlark.Value, error) {
	t, ok := state.(starlark.Tuple)
	if !ok || len(t) < 2 {
		return nil, fmt.Errorf("bad datetime state")
	}
	kind, _ := starlark.AsString(t[0])
	n := make([]int64, 0, 8)
	for _, v := range t[1:] {
		if i, ok := v.(starlark.Int); ok {
			x, _ := i.Int64()
			n = append(n, x)
		}
	}
	switch kind {
	case "timedelta":
		if len(n) == 3 {
			return Timedelta{n[0], n[1], n[2]}, nil
		}
	case "timezone", "zoneinfo":
		z, err := decodeTZ(t[1])
		if err != nil {
			return nil, err
		}
		if z == nil {
			return nil, fmt.Errorf("bad timezone state")
		}
		return z, nil
	case "date":
		if len(n) == 3 {
			return Date{int(n[0]), int(n[1]), int(n[2])}, nil
		}
	case "time":
		if len(n) == 5 && len(t) == 7 {
			z, err := decodeTZ(t[6])
			return Time{int(n[0]), int(n[1]), int(n[2]), int(n[3]), int(n[4]), z}, err
		}
	case "datetime":
		if len(n) == 8 && len(t) == 10 {
			z, err := decodeTZ(t[9])
			return Datetime{Date{int(n[0]), int(n[1]), int(n[2])}, Time{int(n[3]), int(n[4]), int(n[5]), int(n[6]), int(n[7]), z}}, err
		}
	}
	return nil, fmt.Errorf("bad %s state", kind)
}
