package timemod

import (
	"encoding/binary"
	"os"
	"strings"
	"sync/atomic"
	"time"

	"go.starlark.net/starlark"
	"go.starlark.net/starlarkstruct"

	"github.com/procstar/procstar/runtime/pyerr"
)

// The local time zone, read from TZ as glibc reads it (loadTZ) on first
// use and again by time.tzset(). Go's time.Local would do for zone names,
// but it reads a POSIX rule such as TZ=EST5 as UTC, and C's localtime (so
// CPython) does not.
var local atomic.Pointer[time.Location]

// Local is the local zone as time.tzset() last read it (logging's
// %(asctime)s shows local time in it, as CPython's does).
func Local() *time.Location { return localLoc() }

// localLoc is the zone localtime, mktime, ctime and strftime use.
func localLoc() *time.Location {
	if l := local.Load(); l != nil {
		return l
	}
	local.CompareAndSwap(nil, loadTZ())
	return local.Load()
}

// zone is the module's timezone, altzone, daylight and tzname.
type zone struct {
	timezone, altzone int
	daylight          bool
	tzname            [2]string
}

// currentZone is CPython's init_timezone where glibc is concerned: the
// zone's offset and name at the start of this year and half a year later
// (the southern hemisphere's summer is in January).
func currentZone() zone {
	const year = (365*24 + 6) * 3600
	loc := localLoc()
	t := time.Now().Unix() / year * year
	janName, janOff := time.Unix(t, 0).In(loc).Zone()
	julName, julOff := time.Unix(t+year/2, 0).In(loc).Zone()
	jan, jul := -janOff, -julOff
	if jan < jul {
		return zone{timezone: jul, altzone: jan, daylight: jan != jul, tzname: [2]string{julName, janName}}
	}
	return zone{timezone: jan, altzone: jul, daylight: jan != jul, tzname: [2]string{janName, julName}}
}

// setZoneMembers sets the module's timezone, altzone, daylight and tzname.
func setZoneMembers(m starlark.StringDict) {
	z := currentZone()
	m["timezone"] = starlark.MakeInt(z.timezone)
	m["altzone"] = starlark.MakeInt(z.altzone)
	m["daylight"] = starlark.MakeInt(map[bool]int{false: 0, true: 1}[z.daylight])
	m["tzname"] = starlark.Tuple{starlark.String(z.tzname[0]), starlark.String(z.tzname[1])}
}

// tzset is time.tzset(): the local zone read again from TZ (as os.environ
// sets it), and the module's zone attributes with it.
func tzset(m *starlarkstruct.Module) *starlark.Builtin {
	return starlark.NewBuiltin("tzset", func(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
		if err := starlark.UnpackPositionalArgs(b.Name(), args, kwargs, 0); err != nil {
			return nil, pyerr.New(pyerr.TypeError, "%s", err.Error())
		}
		local.Store(loadTZ())
		setZoneMembers(m.Members)
		return starlark.None, nil
	})
}

// loadTZ is the zone TZ names as glibc reads it: unset, /etc/localtime;
// empty, UTC; ":name" is name; an absolute path a zone file; else a zone
// of the database or a POSIX rule ("EST+5EDT,M3.2.0,M11.1.0"); UTC when
// none of these.
func loadTZ() *time.Location {
	tz, ok := os.LookupEnv("TZ")
	if !ok {
		if data, err := os.ReadFile("/etc/localtime"); err == nil {
			if l, err := time.LoadLocationFromTZData("Local", data); err == nil {
				return l
			}
		}
		return time.UTC
	}
	tz = strings.TrimPrefix(tz, ":")
	if tz == "" {
		return time.UTC
	}
	if strings.HasPrefix(tz, "/") {
		if data, err := os.ReadFile(tz); err == nil {
			if l, err := time.LoadLocationFromTZData(tz, data); err == nil {
				return l
			}
		}
		return time.UTC
	}
	if tz != "Local" {
		if l, err := time.LoadLocation(tz); err == nil {
			return l
		}
	}
	if l, err := time.LoadLocationFromTZData(tz, posixTZData(tz)); err == nil {
		return l
	}
	return time.UTC
}

// posixTZData is a zone file with no transitions and rule as its footer,
// which Go applies to all times: Go reads POSIX rules only there.
func posixTZData(rule string) []byte {
	name := rule
	if i := strings.IndexAny(rule, "+-0123456789,<"); i > 0 {
		name = rule[:i]
	}
	// One local time type (offset 0, the rule's first name), for the
	// times before the (absent) first transition; the rule covers the rest.
	block := func(version byte) []byte {
		var b []byte
		b = append(b, "TZif"...)
		b = append(b, version)
		b = append(b, make([]byte, 15)...)
		for _, n := range []uint32{0, 0, 0, 0, 1, uint32(len(name) + 1)} {
			b = binary.BigEndian.AppendUint32(b, n)
		}
		b = append(b, 0, 0, 0, 0, 0, 0) // utoff, isdst, desigidx
		b = append(b, name...)
		return append(b, 0)
	}
	data := append(block('2'), block('2')...)
	return append(append(append(data, '\n'), rule...), '\n')
}
