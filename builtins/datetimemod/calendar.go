package datetimemod

import (
	"math/big"

	"go.starlark.net/starlark"

	"github.com/procstar/procstar/runtime/pyerr"
)

// The proleptic Gregorian calendar as _pydatetime computes it: day 1 is
// 0001-01-01.

const (
	minYear = 1
	maxYear = 9999
	maxOrd  = 3652059 // 9999-12-31
	usDay   = 86400 * 1000000
	// maxDays bounds a timedelta's days.
	maxDays = 999999999
)

var (
	daysInMonthTab   = [13]int{-1, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31}
	daysBeforeMonthT = [13]int{-1, 0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334}
	dayAbbr          = [7]string{"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"}
	monthAbbr        = [13]string{"", "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"}
)

func isLeap(y int) bool { return y%4 == 0 && (y%100 != 0 || y%400 == 0) }

func daysBeforeYear(y int) int {
	y--
	return y*365 + y/4 - y/100 + y/400
}

func daysInMonth(y, m int) int {
	if m == 2 && isLeap(y) {
		return 29
	}
	return daysInMonthTab[m]
}

func daysBeforeMonth(y, m int) int {
	n := daysBeforeMonthT[m]
	if m > 2 && isLeap(y) {
		n++
	}
	return n
}

func ymd2ord(y, m, d int) int { return daysBeforeYear(y) + daysBeforeMonth(y, m) + d }

// ord2ymd is _ord2ymd.
func ord2ymd(n int) (y, m, d int) {
	const di400y, di100y, di4y = 146097, 36524, 1461
	n--
	n400, n := n/di400y, n%di400y
	y = n400*400 + 1
	n100, n := n/di100y, n%di100y
	n4, n := n/di4y, n%di4y
	n1, n := n/365, n%365
	y += n100*100 + n4*4 + n1
	if n1 == 4 || n100 == 4 {
		return y - 1, 12, 31
	}
	leap := n1 == 3 && (n4 != 24 || n100 == 3)
	m = (n + 50) >> 5
	preceding := daysBeforeMonthT[m]
	if m > 2 && leap {
		preceding++
	}
	if preceding > n {
		m--
		preceding -= daysInMonthTab[m]
		if m == 2 && leap {
			preceding--
		}
	}
	return y, m, n - preceding + 1
}

// isoWeek1Monday is the ordinal of the Monday of ISO week 1 of year y.
func isoWeek1Monday(y int) int {
	first := ymd2ord(y, 1, 1)
	wd := (first + 6) % 7
	monday := first - wd
	if wd > 3 {
		monday += 7
	}
	return monday
}

// isocalendar is the ISO year, week and weekday of ordinal o.
func isocalendar(y, o int) (int, int, int) {
	week1 := isoWeek1Monday(y)
	week, day := floorDivMod(o-week1, 7)
	if week < 0 {
		y--
		week1 = isoWeek1Monday(y)
		week, day = floorDivMod(o-week1, 7)
	} else if week >= 52 && o >= isoWeek1Monday(y+1) {
		y++
		week = 0
	}
	return y, week + 1, day + 1
}

// floorDivMod is Python's divmod of ints: the quotient rounded down.
func floorDivMod[T int | int64](a, b T) (T, T) {
	q, r := a/b, a%b
	if r != 0 && (r < 0) != (b < 0) {
		q--
		r += b
	}
	return q, r
}

// checkDate is _check_date_fields' errors.
func checkDate(y, m, d int) error {
	if y < minYear || y > maxYear {
		return pyerr.New(pyerr.ValueError, "year %d is out of range", y)
	}
	if m < 1 || m > 12 {
		return pyerr.New(pyerr.ValueError, "month must be in 1..12")
	}
	if d < 1 || d > daysInMonth(y, m) {
		return pyerr.New(pyerr.ValueError, "day is out of range for month")
	}
	return nil
}

func checkTime(h, mi, s, us, fold int) error {
	switch {
	case h < 0 || h > 23:
		return pyerr.New(pyerr.ValueError, "hour must be in 0..23")
	case mi < 0 || mi > 59:
		return pyerr.New(pyerr.ValueError, "minute must be in 0..59")
	case s < 0 || s > 59:
		return pyerr.New(pyerr.ValueError, "second must be in 0..59")
	case us < 0 || us > 999999:
		return pyerr.New(pyerr.ValueError, "microsecond must be in 0..999999")
	case fold != 0 && fold != 1:
		return pyerr.New(pyerr.ValueError, "fold must be either 0 or 1")
	}
	return nil
}

// intArg is an int field argument (a bool is an int; a float is refused
// as by CPython's __index__).
func intArg(name string, v starlark.Value) (int, error) {
	switch v := v.(type) {
	case starlark.Int:
		n, ok := v.Int64()
		if !ok || n > 1<<40 || n < -(1<<40) {
			return 0, pyerr.New("OverflowError", "Python int too large to convert to C int")
		}
		return int(n), nil
	case starlark.Bool:
		if v {
			return 1, nil
		}
		return 0, nil
	case starlark.Float:
		return 0, pyerr.New(pyerr.TypeError, "'float' object cannot be interpreted as an integer")
	}
	return 0, pyerr.New(pyerr.TypeError, "'%s' object cannot be interpreted as an integer", typeName(v))
}

// roundHalfEven is r rounded to an integer, ties to even.
func roundHalfEven(r *big.Rat) *big.Int {
	num, den := r.Num(), r.Denom()
	q, m := new(big.Int).DivMod(num, den, new(big.Int)) // floor for den > 0
	twice := new(big.Int).Lsh(m, 1)
	switch c := twice.Cmp(den); {
	case c > 0, c == 0 && q.Bit(0) == 1:
		q.Add(q, big.NewInt(1))
	}
	return q
}
