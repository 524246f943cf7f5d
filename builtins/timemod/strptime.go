package timemod

import (
	"fmt"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"go.starlark.net/starlark"

	"github.com/procstar/procstar/internal/lazy"
	"github.com/procstar/procstar/runtime/pyerr"
	"github.com/procstar/procstar/runtime/pyformat"
)

// time.strptime: CPython's _strptime in the C locale. The format becomes
// a regular expression (whitespace matching any whitespace, case ignored),
// matched at the start of the string; the fields found then make the date
// as _strptime does (defaults 1900-01-01, %j and %U/%W/%V with a weekday
// fixing the day of the year, the weekday computed last).

var (
	cWeekdays = []string{"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"}
	cMonths   = []string{"january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december"}
	// strptimeGroups are the directives' expressions, made at first use
	// (not in init: every process would pay for them at start).
	strptimeGroups = lazy.Value[map[byte]string]{New: func() map[byte]string {
		return map[byte]string{
			'd': `3[0-1]|[1-2]\d|0[1-9]|[1-9]| [1-9]`,
			'f': `[0-9]{1,6}`,
			'H': `2[0-3]|[0-1]\d|\d`,
			'I': `1[0-2]|0[1-9]|[1-9]`,
			'G': `\d\d\d\d`,
			'j': `36[0-6]|3[0-5]\d|[1-2]\d\d|0[1-9]\d|00[1-9]|[1-9]\d|0[1-9]|[1-9]`,
			'm': `1[0-2]|0[1-9]|[1-9]`,
			'M': `[0-5]\d|\d`,
			'S': `6[0-1]|[0-5]\d|\d`,
			'U': `5[0-3]|[0-4]\d|\d`,
			'W': `5[0-3]|[0-4]\d|\d`,
			'w': `[0-6]`,
			'u': `[1-7]`,
			'V': `5[0-3]|0[1-9]|[1-4]\d|\d`,
			'y': `\d\d`,
			'Y': `\d\d\d\d`,
			'z': `[+-]\d\d:?[0-5]\d(:?[0-5]\d(\.\d{1,6})?)?|(?-i:Z)`,
			'A': alternatives(cWeekdays),
			'a': alternatives(abbrev(cWeekdays)),
			'B': alternatives(cMonths),
			'b': alternatives(abbrev(cMonths)),
			'p': `am|pm`,
		}
	}}
)

// strptimeComposite is the C locale's %c, %x and %X.
func strptimeComposite(d byte) (string, bool) {
	switch d {
	case 'c':
		return "%a %b %d %H:%M:%S %Y", true
	case 'x':
		return "%m/%d/%y", true
	case 'X':
		return "%H:%M:%S", true
	}
	return "", false
}

func abbrev(names []string) []string {
	out := make([]string, len(names))
	for i, n := range names {
		out[i] = n[:3]
	}
	return out
}

// alternatives is _strptime's __seqToRE: the longest first.
func alternatives(names []string) string {
	s := append([]string(nil), names...)
	sort.SliceStable(s, func(i, j int) bool { return len(s[i]) > len(s[j]) })
	for i := range s {
		s[i] = regexp.QuoteMeta(s[i])
	}
	return strings.Join(s, "|")
}

// strptimeRegexp is the format's expression; the error is _strptime's
// ValueError for a bad directive or a stray %. zones is %Z's names.
func strptimeRegexp(format string, zones []string) (*regexp.Regexp, error) {
	var b strings.Builder
	b.WriteString(`^(?i:`)
	seen := map[byte]bool{}
	var build func(f string) error
	build = func(f string) error {
		for i := 0; i < len(f); i++ {
			c := f[i]
			switch {
			case c == '%':
				if i+1 == len(f) {
					return pyerr.New(pyerr.ValueError, "stray %% in format '%s'", format)
				}
				i++
				d := f[i]
				if comp, ok := strptimeComposite(d); ok {
					if err := build(comp); err != nil {
						return err
					}
					continue
				}
				var re string
				switch d {
				case '%':
					b.WriteString("%")
					continue
				case 'Z':
					re = alternatives(zones)
				default:
					var ok bool
					if re, ok = strptimeGroups.Get()[d]; !ok {
						bad := string(d)
						// CPython escapes the format's regex characters
						// (and whitespace) first: "%." finds "%\".
						if strings.IndexByte(`\.^$*+?(){}[]| `+"\t\n\r\f\v", d) >= 0 {
							bad = "%"
						}
						return pyerr.New(pyerr.ValueError, "'%s' is a bad directive in format '%s'", bad, format)
					}
				}
				if seen[d] {
					// A second group of one name: Python's re refuses it
					// (its message also gives positions in the expression).
					return pyerr.New("re.error", "redefinition of group name '%c'", d)
				}
				seen[d] = true
				fmt.Fprintf(&b, "(?P<%c>%s)", d, re)
			case isSpace(c):
				for i+1 < len(f) && isSpace(f[i+1]) {
					i++
				}
				b.WriteString(`\s+`)
			default:
				// A whole character, not its UTF-8 bytes one by one.
				_, size := utf8.DecodeRuneInString(f[i:])
				b.WriteString(regexp.QuoteMeta(f[i : i+size]))
				i += size - 1
			}
		}
		return nil
	}
	if err := build(format); err != nil {
		return nil, err
	}
	b.WriteString(`)`)
	return regexp.Compile(b.String())
}

func isSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'
}

// strptimeCache holds compiled formats, as _strptime's (cleared at 100).
var strptimeCache struct {
	sync.Mutex
	m map[string]*regexp.Regexp
}

func cachedRegexp(format string, zones []string) (*regexp.Regexp, error) {
	key := format + "\x00" + strings.Join(zones, "\x00")
	strptimeCache.Lock()
	re := strptimeCache.m[key]
	strptimeCache.Unlock()
	if re != nil {
		return re, nil
	}
	re, err := strptimeRegexp(format, zones)
	if err != nil {
		return nil, err
	}
	strptimeCache.Lock()
	if strptimeCache.m == nil || len(strptimeCache.m) >= 100 {
		strptimeCache.m = map[string]*regexp.Regexp{}
	}
	strptimeCache.m[key] = re
	strptimeCache.Unlock()
	return re, nil
}

func strptime(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if err := noKwargs(b, kwargs); err != nil {
		return nil, err
	}
	if len(args) < 1 || len(args) > 2 {
		return nil, pyerr.New(pyerr.TypeError, "strptime expected at most 2 arguments, got %d", len(args))
	}
	format := starlark.Value(starlark.String("%a %b %d %H:%M:%S %Y"))
	if len(args) == 2 {
		format = args[1]
	}
	for i, v := range []starlark.Value{args[0], format} {
		if _, ok := v.(starlark.String); !ok {
			return nil, pyerr.New(pyerr.TypeError, "strptime() argument %d must be str, not <class '%s'>", i, typeName(v))
		}
	}
	return strptimeTm(string(args[0].(starlark.String)), string(format.(starlark.String)))
}

// strptimeTm is _strptime._strptime_time.
func strptimeTm(data, format string) (*StructTime, error) {
	tz := currentZone()
	zones := []string{"utc", "gmt", strings.ToLower(tz.tzname[0])}
	if tz.daylight {
		zones = append(zones, strings.ToLower(tz.tzname[1]))
	}
	re, err := cachedRegexp(format, zones)
	if err != nil {
		return nil, err
	}
	m := re.FindStringSubmatchIndex(data)
	if m == nil {
		return nil, pyerr.New(pyerr.ValueError, "time data %s does not match format %s", pyformat.QuoteStr(data), pyformat.QuoteStr(format))
	}
	if m[1] != len(data) {
		return nil, pyerr.New(pyerr.ValueError, "unconverted data remains: %s", data[m[1]:])
	}
	found := map[string]string{}
	var order []string
	for i, name := range re.SubexpNames() {
		if name != "" && m[2*i] >= 0 {
			found[name] = data[m[2*i]:m[2*i+1]]
			order = append(order, name)
		}
	}
	year, month, day, hour, minute, second := -1, 1, 1, 0, 0, 0
	isoYear, isoWeek, weekOfYear, weekday, julian := -1, -1, -1, -1, -1
	weekStartsMon := false
	isdst := -1
	gmtoff, hasGmtoff, gmtoffMicro := 0, false, 0
	atoi := func(s string) int { n, _ := strconv.Atoi(strings.TrimSpace(s)); return n }
	index := func(names []string, s string) int {
		for i, n := range names {
			if n == strings.ToLower(s) {
				return i
			}
		}
		return -1
	}
	for _, k := range order {
		v := found[k]
		switch k {
		case "y":
			year = atoi(v)
			if year <= 68 {
				year += 2000
			} else {
				year += 1900
			}
		case "Y":
			year = atoi(v)
		case "G":
			isoYear = atoi(v)
		case "m":
			month = atoi(v)
		case "B":
			month = index(cMonths, v) + 1
		case "b":
			month = index(abbrev(cMonths), v) + 1
		case "d":
			day = atoi(v)
		case "H":
			hour = atoi(v)
		case "I":
			hour = atoi(v)
			switch strings.ToLower(found["p"]) {
			case "", "am":
				if hour == 12 {
					hour = 0
				}
			case "pm":
				if hour != 12 {
					hour += 12
				}
			}
		case "M":
			minute = atoi(v)
		case "S":
			second = atoi(v)
		case "A":
			weekday = index(cWeekdays, v)
		case "a":
			weekday = index(abbrev(cWeekdays), v)
		case "w":
			weekday = (atoi(v) + 6) % 7
		case "u":
			weekday = atoi(v) - 1
		case "j":
			julian = atoi(v)
		case "U", "W":
			weekOfYear = atoi(v)
			weekStartsMon = k == "W"
		case "V":
			isoWeek = atoi(v)
		case "z":
			if v == "Z" {
				gmtoff, hasGmtoff = 0, true
				break
			}
			z := v
			if z[3] == ':' {
				z = z[:3] + z[4:]
				if len(z) > 5 {
					if z[5] != ':' {
						return nil, pyerr.New(pyerr.ValueError, "Inconsistent use of : in %s", v)
					}
					z = z[:5] + z[6:]
				}
			}
			secs := 0
			if len(z) > 5 {
				// int() of what the expression let through: "+0102:03"
				// reads ":0" as the seconds, as CPython does.
				s := z[5:min(7, len(z))]
				n, err := strconv.Atoi(s)
				if err != nil || s[0] == '+' || s[0] == '-' {
					return nil, pyerr.New(pyerr.ValueError, "invalid literal for int() with base 10: %s", pyformat.QuoteStr(s))
				}
				secs = n
			}
			gmtoff, hasGmtoff = atoi(z[1:3])*3600+atoi(z[3:5])*60+secs, true
			// The fraction after the seconds' point, in microseconds.
			if len(z) > 8 {
				gmtoffMicro = atoi((z[8:] + "000000")[:6])
			}
			if z[0] == '-' {
				gmtoff, gmtoffMicro = -gmtoff, -gmtoffMicro
			}
		case "Z":
			zone := strings.ToLower(v)
			switch {
			case zone == "utc" || zone == "gmt" || zone == strings.ToLower(tz.tzname[0]):
				if !(tz.tzname[0] == tz.tzname[1] && tz.daylight && zone != "utc" && zone != "gmt") {
					isdst = 0
				}
			case tz.daylight && zone == strings.ToLower(tz.tzname[1]):
				if tz.tzname[0] != tz.tzname[1] {
					isdst = 1
				}
			}
		}
	}
	if year < 0 && isoYear >= 0 {
		if isoWeek < 0 || weekday < 0 {
			return nil, pyerr.New(pyerr.ValueError, "ISO year directive '%%G' must be used with the ISO week directive '%%V' and a weekday directive ('%%A', '%%a', '%%w', or '%%u').")
		}
		if julian >= 0 {
			return nil, pyerr.New(pyerr.ValueError, "Day of the year directive '%%j' is not compatible with ISO year directive '%%G'. Use '%%Y' instead.")
		}
	} else if weekOfYear < 0 && isoWeek >= 0 {
		if weekday < 0 {
			return nil, pyerr.New(pyerr.ValueError, "ISO week directive '%%V' must be used with the ISO year directive '%%G' and a weekday directive ('%%A', '%%a', '%%w', or '%%u').")
		}
		return nil, pyerr.New(pyerr.ValueError, "ISO week directive '%%V' is incompatible with the year directive '%%Y'. Use the ISO year '%%G' instead.")
	}
	leapYearFix := false
	if year < 0 && month == 2 && day == 29 {
		year, leapYearFix = 1904, true
	} else if year < 0 {
		year = 1900
	}
	hasJulian := julian >= 0
	if !hasJulian && weekday >= 0 {
		if weekOfYear >= 0 {
			julian, hasJulian = julianFromUW(year, weekOfYear, weekday, weekStartsMon), true
		} else if isoYear >= 0 && isoWeek >= 0 {
			year, julian = julianFromV(isoYear, isoWeek, weekday+1)
			hasJulian = true
		}
		if hasJulian && julian <= 0 {
			year--
			julian += 365
			if isLeap(year) {
				julian++
			}
		}
	}
	if !hasJulian {
		if err := checkDate(year, month, day); err != nil {
			return nil, err
		}
		julian = yearDay(year, month, day)
	} else {
		if err := checkDate(year, 1, 1); err != nil {
			return nil, err
		}
		t := time.Date(year, 1, julian, 0, 0, 0, 0, time.UTC)
		if t.Year() < 1 || t.Year() > 9999 {
			return nil, pyerr.New("OverflowError", "date value out of range")
		}
		year, month, day = t.Year(), int(t.Month()), t.Day()
	}
	if weekday < 0 {
		weekday = (int(time.Date(year, time.Month(month), day, 0, 0, 0, 0, time.UTC).Weekday()) + 6) % 7
	}
	if leapYearFix {
		year = 1900
	}
	st := &StructTime{fields: [9]int{year, month, day, hour, minute, second, weekday, julian, isdst}}
	if f, ok := found["f"]; ok {
		st.micro = atoi((f + "000000")[:6])
	}
	if z, ok := found["Z"]; ok {
		st.zone = z
	} else {
		st.noZone = true
	}
	if hasGmtoff {
		st.gmtoff, st.gmtoffMicro = gmtoff, gmtoffMicro
	} else {
		st.noGmtoff = true
	}
	return st, nil
}

// julianFromUW is _strptime's _calc_julian_from_U_or_W.
func julianFromUW(year, weekOfYear, dayOfWeek int, weekStartsMon bool) int {
	first := (int(time.Date(year, 1, 1, 0, 0, 0, 0, time.UTC).Weekday()) + 6) % 7
	if !weekStartsMon {
		first = (first + 1) % 7
		dayOfWeek = (dayOfWeek + 1) % 7
	}
	week0 := (7 - first) % 7
	if weekOfYear == 0 {
		return 1 + dayOfWeek - first
	}
	return 1 + week0 + 7*(weekOfYear-1) + dayOfWeek
}

// julianFromV is _strptime's _calc_julian_from_V.
func julianFromV(isoYear, isoWeek, isoWeekday int) (int, int) {
	jan4 := int(time.Date(isoYear, 1, 4, 0, 0, 0, 0, time.UTC).Weekday())
	if jan4 == 0 {
		jan4 = 7
	}
	ordinal := isoWeek*7 + isoWeekday - (jan4 + 3)
	if ordinal < 1 {
		isoYear--
		ordinal += 365
		if isLeap(isoYear) {
			ordinal++
		}
	}
	return isoYear, ordinal
}

func isLeap(y int) bool { return y%4 == 0 && (y%100 != 0 || y%400 == 0) }

func yearDay(year, month, day int) int {
	return time.Date(year, time.Month(month), day, 0, 0, 0, 0, time.UTC).YearDay()
}

// checkDate is datetime.date's check of its arguments.
func checkDate(year, month, day int) error {
	if year < 1 || year > 9999 {
		return pyerr.New(pyerr.ValueError, "year %d is out of range", year)
	}
	if month < 1 || month > 12 {
		return pyerr.New(pyerr.ValueError, "month must be in 1..12")
	}
	days := time.Date(year, time.Month(month)+1, 0, 0, 0, 0, 0, time.UTC).Day()
	if day < 1 || day > days {
		return pyerr.New(pyerr.ValueError, "day is out of range for month")
	}
	return nil
}

// Parsed is strptime's result as datetime.strptime takes it: the fields
// of the struct_time, the microseconds of %f, the UTC offset of %z (in
// seconds, and the microseconds of its fraction, of the same sign) and
// the zone name of %Z where they were given.
type Parsed struct {
	Fields      [9]int
	Micro       int
	Offset      int
	OffsetMicro int
	HasOffset   bool
	Zone        string
	HasZone     bool
}

// Strptime is _strptime._strptime: data parsed with format as
// time.strptime parses it, with the fraction it drops.
func Strptime(data, format string) (Parsed, error) {
	st, err := strptimeTm(data, format)
	if err != nil {
		return Parsed{}, err
	}
	return Parsed{Fields: st.fields, Micro: st.micro, Offset: st.gmtoff, OffsetMicro: st.gmtoffMicro, HasOffset: !st.noGmtoff, Zone: st.zone, HasZone: !st.noZone}, nil
}

// StrftimeFields is time.strftime(f, t) of the struct_time with these
// fields (tm_zone empty), for datetime's strftime.
func StrftimeFields(f string, fields [9]int) string {
	return strftimeTm(f, &StructTime{fields: fields})
}

// NewStructTime is the struct_time of these fields (no tm_zone, no
// tm_gmtoff), as datetime's timetuple() makes it.
func NewStructTime(fields [9]int) *StructTime {
	return &StructTime{fields: fields, noZone: true, noGmtoff: true}
}
