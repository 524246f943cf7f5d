package datetimemod

import (
	"strings"
	"unicode/utf8"

	"github.com/procstar/procstar/runtime/pyerr"
)

// ISO 8601 as Python 3.11's fromisoformat reads it: dates YYYY-MM-DD,
// YYYYMMDD, YYYY-Www[-D], YYYYWww[D]; times HH[:MM[:SS[.f...]]] or
// HH[MM[SS[.f...]]] (a comma for the point too; digits past six dropped);
// offsets Z or ±HH[:MM[:SS[.ffffff]]].

func digits(s string, n int) (int, bool) {
	if len(s) < n {
		return 0, false
	}
	v := 0
	for i := 0; i < n; i++ {
		c := s[i]
		if c < '0' || c > '9' {
			return 0, false
		}
		v = v*10 + int(c-'0')
	}
	return v, true
}

// parseISODate is the date at the start of s and what follows it.
func parseISODate(s string) (Date, string, bool) {
	y, ok := digits(s, 4)
	if !ok || len(s) < 7 {
		return Date{}, "", false
	}
	rest := s[4:]
	dash := rest[0] == '-'
	if dash {
		rest = rest[1:]
	}
	if rest[0] == 'W' {
		w, ok := digits(rest[1:], 2)
		if !ok {
			return Date{}, "", false
		}
		rest = rest[3:]
		wd := 1
		if dash && len(rest) >= 2 && rest[0] == '-' {
			if wd, ok = digits(rest[1:], 1); !ok {
				return Date{}, "", false
			}
			rest = rest[2:]
		} else if !dash && len(rest) >= 1 && rest[0] >= '0' && rest[0] <= '9' {
			wd = int(rest[0] - '0')
			rest = rest[1:]
		}
		d, err := fromISOCalendar(y, w, wd)
		return d, rest, err == nil
	}
	m, ok := digits(rest, 2)
	if !ok {
		return Date{}, "", false
	}
	rest = rest[2:]
	if dash {
		if rest == "" || rest[0] != '-' {
			return Date{}, "", false
		}
		rest = rest[1:]
	}
	d, ok := digits(rest, 2)
	if !ok {
		return Date{}, "", false
	}
	return Date{y, m, d}, rest[2:], true
}

// parseISOTimeErr is a whole time of day with its offset; ok is false
// for a string of another form, err a field out of range (fieldErr) or an
// offset of a day or more, as CPython reports them.
func parseISOTimeErr(s string) (Time, bool, error) {
	t, ok, err := parseISOTimeRaw(s)
	if !ok || err != nil {
		return Time{}, ok, err
	}
	if err := checkTime(t.h, t.mi, t.s, t.us, 0); err != nil {
		return Time{}, false, err
	}
	return t, true, nil
}

// parseISOTimeRaw is parseISOTimeErr with the fields left unchecked: err is
// only an offset's, which CPython finds as it parses, before it makes the
// time or datetime and checks its fields.
func parseISOTimeRaw(s string) (Time, bool, error) {
	body, tz, ok, err := splitOffset(s)
	if !ok {
		return Time{}, false, nil
	}
	var t Time
	if t.h, t.mi, t.s, t.us, ok = parseClock(body); !ok {
		return Time{}, false, nil
	}
	t.tz = tz
	return t, true, err
}

// parseClock is HH[:MM[:SS[.fff...]]] (or without the colons), unchecked.
func parseClock(body string) (h, mi, sec, us int, ok bool) {
	h, ok = digits(body, 2)
	if !ok {
		return
	}
	body = body[2:]
	colon := len(body) > 0 && body[0] == ':'
	for _, f := range []*int{&mi, &sec} {
		if body == "" || body[0] == '.' || body[0] == ',' {
			break
		}
		if colon {
			if body[0] != ':' {
				return 0, 0, 0, 0, false
			}
			body = body[1:]
		}
		v, ok := digits(body, 2)
		if !ok {
			return 0, 0, 0, 0, false
		}
		*f, body = v, body[2:]
	}
	if body != "" {
		if body[0] != '.' && body[0] != ',' || len(body) < 2 {
			return 0, 0, 0, 0, false
		}
		frac := body[1:]
		for i := 0; i < len(frac); i++ {
			if frac[i] < '0' || frac[i] > '9' {
				return 0, 0, 0, 0, false
			}
		}
		us, _ = digits((frac + "000000")[:6], 6)
	}
	return h, mi, sec, us, true
}

// splitOffset splits a time's offset (Z, +HH:MM...) from it: a tzinfo
// interface, nil (not a nil *Timezone) when there is none. As in CPython
// its fields are not checked one by one (+23:60 is a day), and err is
// timezone's for an offset of a day or more.
func splitOffset(s string) (string, tzinfo, bool, error) {
	i := strings.IndexAny(s, "Z+-")
	if i < 0 {
		return s, nil, true, nil
	}
	body, off := s[:i], s[i:]
	if off == "Z" {
		return body, utc, true, nil
	}
	sign := int64(1)
	if off[0] == '-' {
		sign = -1
	}
	off = off[1:]
	if len(off) < 2 || strings.ContainsAny(off, "Z+-") {
		return "", nil, false, nil
	}
	h, mi, sec, us, ok := parseClock(off)
	if !ok {
		return "", nil, false, nil
	}
	total := sign * (((int64(h)*60+int64(mi))*60+int64(sec))*1000000 + int64(us))
	if total >= usDay || total <= -usDay {
		return body, nil, true, pyerr.New(pyerr.ValueError, "offset must be a timedelta strictly between -timedelta(hours=24) and timedelta(hours=24), not %s.", microsOf(total).String())
	}
	if total == 0 {
		return body, utc, true, nil
	}
	return body, &Timezone{offset: microsOf(total)}, true, nil
}

// isoDateEnd is _find_isoformat_datetime_separator: the length of the
// date at the start of s (at least 7 long), by its form.
func isoDateEnd(s string) int {
	isDigit := func(i int) bool { return i < len(s) && s[i] >= '0' && s[i] <= '9' }
	switch {
	case len(s) == 7:
		return 7
	case s[4] == '-' && s[5] == 'W':
		// YYYY-Www or YYYY-Www-D; a digit at 10 means the hyphen at 8
		// was the separator.
		if len(s) > 8 && s[8] == '-' && !isDigit(10) {
			return 10
		}
		return 8
	case s[4] == '-':
		return 10 // YYYY-MM-DD
	case s[4] == 'W':
		// YYYYWww or YYYYWwwD, then the time's digits perhaps with a
		// digit for separator: an even end of the digits is YYYYWww.
		i := 7
		for isDigit(i) {
			i++
		}
		if i < 9 {
			return i
		}
		if i%2 == 0 {
			return 7
		}
		return 8
	}
	return 8 // YYYYMMDD
}

// parseISODatetime is datetime.fromisoformat; err is a field's range
// error.
func parseISODatetime(s string) (Datetime, bool, error) {
	// Where the date ends is CPython's guess from its form, which the
	// date must then fill: in "2022W52520" it is "2022W52" (T20 follows,
	// with the separator "5"), not "2022W525".
	if len(s) < 7 {
		return Datetime{}, false, nil
	}
	end := isoDateEnd(s)
	d, rest, ok := parseISODate(s[:min(end, len(s))])
	if !ok || rest != "" {
		return Datetime{}, false, nil
	}
	rest = s[min(end, len(s)):]
	if rest == "" {
		return Datetime{Date: d}, true, checkDate(d.y, d.m, d.d)
	}
	// Any one character separates the date from the time.
	_, size := utf8.DecodeRuneInString(rest)
	t, ok, err := parseISOTimeRaw(rest[size:])
	if !ok || err != nil {
		return Datetime{}, false, err
	}
	// A string of the right form makes the datetime, whose constructor
	// checks the date's fields before the time's.
	if err := checkDate(d.y, d.m, d.d); err != nil {
		return Datetime{}, false, err
	}
	if err := checkTime(t.h, t.mi, t.s, t.us, 0); err != nil {
		return Datetime{}, false, err
	}
	return Datetime{d, t}, true, nil
}
