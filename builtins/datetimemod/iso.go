package datetimemod

import (
	"strings"
	"unicode/utf8"
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
	if !ok || checkDate(y, m, d) != nil {
		return Date{}, "", false
	}
	return Date{y, m, d}, rest[2:], true
}

// parseISOTime is a whole time of day with its offset; a field out of
// range is the constructor's error (fieldErr), as CPython reports it.
func parseISOTime(s string) (Time, bool) {
	t, ok, _ := parseISOTimeErr(s)
	return t, ok
}

func parseISOTimeErr(s string) (Time, bool, error) {
	body, tz, ok := splitOffset(s)
	if !ok {
		return Time{}, false, nil
	}
	var t Time
	h, ok := digits(body, 2)
	if !ok {
		return Time{}, false, nil
	}
	t.h, body = h, body[2:]
	colon := len(body) > 0 && body[0] == ':'
	fields := []*int{&t.mi, &t.s}
	for _, f := range fields {
		if body == "" || body[0] == '.' || body[0] == ',' {
			break
		}
		if colon {
			if body[0] != ':' {
				return Time{}, false, nil
			}
			body = body[1:]
		}
		v, ok := digits(body, 2)
		if !ok {
			return Time{}, false, nil
		}
		*f, body = v, body[2:]
	}
	if body != "" {
		if body[0] != '.' && body[0] != ',' || len(body) < 2 {
			return Time{}, false, nil
		}
		frac := body[1:]
		for i := 0; i < len(frac); i++ {
			if frac[i] < '0' || frac[i] > '9' {
				return Time{}, false, nil
			}
		}
		us, _ := digits((frac + "000000")[:6], 6)
		t.us = us
	}
	if err := checkTime(t.h, t.mi, t.s, t.us, 0); err != nil {
		return Time{}, false, err
	}
	t.tz = tz
	return t, true, nil
}

// splitOffset splits a time's offset (Z, +HH:MM...) from it: a tzinfo
// interface, nil (not a nil *Timezone) when there is none.
func splitOffset(s string) (string, tzinfo, bool) {
	i := strings.IndexAny(s, "Z+-")
	if i < 0 {
		return s, nil, true
	}
	body, off := s[:i], s[i:]
	if off == "Z" {
		return body, utc, true
	}
	sign := int64(1)
	if off[0] == '-' {
		sign = -1
	}
	off = off[1:]
	t, ok := parseISOTime(off)
	if !ok || t.tz != nil || len(off) < 2 {
		return "", nil, false
	}
	us := sign * t.micros()
	if us >= usDay || us <= -usDay {
		return "", nil, false
	}
	if us == 0 {
		return body, utc, true
	}
	return body, &Timezone{offset: microsOf(us)}, true
}

// parseISODatetime is datetime.fromisoformat; err is a field's range
// error.
func parseISODatetime(s string) (Datetime, bool, error) {
	d, rest, ok := parseISODate(s)
	if !ok {
		return Datetime{}, false, nil
	}
	if rest == "" {
		return Datetime{Date: d}, true, nil
	}
	// Any one character separates the date from the time.
	_, size := utf8.DecodeRuneInString(rest)
	t, ok, err := parseISOTimeErr(rest[size:])
	if !ok {
		return Datetime{}, false, err
	}
	return Datetime{d, t}, true, nil
}
