// Package timemod is procstar's "time" module: sleep, time, monotonic and
// perf_counter.
//
// sleep blocks until the duration elapses or the calling thread's
// procenv.Env.Ctx is cancelled, whichever comes first.
package timemod

import (
	"context"
	"errors"
	"fmt"
	"math"
	"strings"
	"time"

	"go.starlark.net/starlark"
	"go.starlark.net/starlarkstruct"
	"golang.org/x/sys/unix"

	"github.com/procstar/procstar/runtime/node"
	"github.com/procstar/procstar/runtime/procenv"
	"github.com/procstar/procstar/runtime/pyerr"
)

// Module returns a new "time" module.
func Module() *starlarkstruct.Module {
	return &starlarkstruct.Module{
		Name: "time",
		Members: starlark.StringDict{
			"sleep":        starlark.NewBuiltin("sleep", sleep),
			"time":         starlark.NewBuiltin("time", now),
			"monotonic":    starlark.NewBuiltin("monotonic", monotonic),
			"perf_counter": starlark.NewBuiltin("perf_counter", monotonic),
			"time_ns":      starlark.NewBuiltin("time_ns", nowNS),
			"monotonic_ns": starlark.NewBuiltin("monotonic_ns", monotonicNS),
			"strftime":     starlark.NewBuiltin("strftime", strftime),
			"gmtime":       starlark.NewBuiltin("gmtime", structTime(true)),
			"localtime":    starlark.NewBuiltin("localtime", structTime(false)),
		},
	}
}

// number unpacks an int or a float argument as a float64.
type number float64

func (n *number) Unpack(v starlark.Value) error {
	switch v := v.(type) {
	case starlark.Int, starlark.Float:
		f, _ := starlark.AsFloat(v)
		*n = number(f)
		return nil
	}
	return errors.New("got " + v.Type() + ", want float or int")
}

// cancelError is returned by a sleep interrupted by the Env's context. It
// reads "KeyboardInterrupt" and matches both pyerr.Cancelled and the
// context's error with errors.Is.
type cancelError struct{ Cause error }

func (e *cancelError) Error() string   { return pyerr.Cancelled.Error() }
func (e *cancelError) Unwrap() []error { return []error{pyerr.Cancelled, e.Cause} }

func sleep(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var secs number
	if err := starlark.UnpackPositionalArgs(b.Name(), args, kwargs, 1, &secs); err != nil {
		return nil, pyerr.New(pyerr.TypeError, "%s", err.Error())
	}
	s := float64(secs)
	switch {
	case math.IsNaN(s):
		return nil, pyerr.New(pyerr.ValueError, "Invalid value NaN (not a number)")
	case s < 0:
		return nil, pyerr.New(pyerr.ValueError, "sleep length must be non-negative")
	case s*1e9 >= math.MaxInt64:
		return nil, pyerr.New("OverflowError", "timestamp too large to convert to C _PyTime_t")
	}
	ctx := procenv.Get(thread).Ctx
	if ctx == nil {
		ctx = context.Background()
	}
	if err := ctx.Err(); err != nil {
		return nil, &cancelError{Cause: err}
	}
	d := time.Duration(s * 1e9)
	if d <= 0 {
		return starlark.None, nil
	}
	t := time.NewTimer(d)
	defer t.Stop()
	defer node.Waiting(thread, "time.sleep")()
	select {
	case <-t.C:
		return starlark.None, nil
	case <-ctx.Done():
		return nil, &cancelError{Cause: ctx.Err()}
	}
}

func now(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if err := starlark.UnpackPositionalArgs(b.Name(), args, kwargs, 0); err != nil {
		return nil, pyerr.New(pyerr.TypeError, "%s", err.Error())
	}
	return starlark.Float(float64(time.Now().UnixNano()) / 1e9), nil
}

// monotonic reads CLOCK_MONOTONIC, like CPython's time.monotonic and
// time.perf_counter on Linux, so values are comparable across processes.
func monotonic(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if err := starlark.UnpackPositionalArgs(b.Name(), args, kwargs, 0); err != nil {
		return nil, pyerr.New(pyerr.TypeError, "%s", err.Error())
	}
	var ts unix.Timespec
	if err := unix.ClockGettime(unix.CLOCK_MONOTONIC, &ts); err != nil {
		return nil, pyerr.New(pyerr.OSError, "%s", err.Error())
	}
	return starlark.Float(float64(ts.Sec) + float64(ts.Nsec)/1e9), nil
}

// Strftime is Python's time.strftime for the common directives.
func Strftime(f string, t time.Time) string {
	var b strings.Builder
	for i := 0; i < len(f); i++ {
		if f[i] != '%' || i+1 == len(f) {
			b.WriteByte(f[i])
			continue
		}
		i++
		switch f[i] {
		case 'Y':
			fmt.Fprintf(&b, "%04d", t.Year())
		case 'y':
			fmt.Fprintf(&b, "%02d", t.Year()%100)
		case 'm':
			fmt.Fprintf(&b, "%02d", int(t.Month()))
		case 'd':
			fmt.Fprintf(&b, "%02d", t.Day())
		case 'H':
			fmt.Fprintf(&b, "%02d", t.Hour())
		case 'I':
			fmt.Fprintf(&b, "%02d", (t.Hour()+11)%12+1)
		case 'M':
			fmt.Fprintf(&b, "%02d", t.Minute())
		case 'S':
			fmt.Fprintf(&b, "%02d", t.Second())
		case 'f':
			fmt.Fprintf(&b, "%06d", t.Nanosecond()/1000)
		case 'j':
			fmt.Fprintf(&b, "%03d", t.YearDay())
		case 'p':
			b.WriteString(t.Format("PM"))
		case 'a':
			b.WriteString(t.Format("Mon"))
		case 'A':
			b.WriteString(t.Format("Monday"))
		case 'b':
			b.WriteString(t.Format("Jan"))
		case 'B':
			b.WriteString(t.Format("January"))
		case 'z':
			b.WriteString(t.Format("-0700"))
		case 'Z':
			b.WriteString(t.Format("MST"))
		case '%':
			b.WriteByte('%')
		default:
			b.WriteByte('%')
			b.WriteByte(f[i])
		}
	}
	return b.String()
}

func nowNS(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if err := starlark.UnpackPositionalArgs(b.Name(), args, kwargs, 0); err != nil {
		return nil, pyerr.New(pyerr.TypeError, "%s", err.Error())
	}
	return starlark.MakeInt64(time.Now().UnixNano()), nil
}

func monotonicNS(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if err := starlark.UnpackPositionalArgs(b.Name(), args, kwargs, 0); err != nil {
		return nil, pyerr.New(pyerr.TypeError, "%s", err.Error())
	}
	var ts unix.Timespec
	unix.ClockGettime(unix.CLOCK_MONOTONIC, &ts)
	return starlark.MakeInt64(ts.Nano()), nil
}

// timeArg is a time argument: seconds since the epoch, or now for None.
func timeArg(v starlark.Value) (time.Time, error) {
	if v == nil || v == starlark.None {
		return time.Now(), nil
	}
	var n number
	if err := n.Unpack(v); err != nil {
		return time.Time{}, pyerr.New(pyerr.TypeError, "%s", err.Error())
	}
	sec := math.Floor(float64(n))
	return time.Unix(int64(sec), int64((float64(n)-sec)*1e9)), nil
}

// structTime is time.gmtime (utc) and time.localtime: a struct_time with
// Python's fields (tm_wday 0 is Monday, tm_yday from 1).
func structTime(utc bool) func(*starlark.Thread, *starlark.Builtin, starlark.Tuple, []starlark.Tuple) (starlark.Value, error) {
	return func(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
		var secs starlark.Value = starlark.None
		if err := starlark.UnpackPositionalArgs(b.Name(), args, kwargs, 0, &secs); err != nil {
			return nil, pyerr.New(pyerr.TypeError, "%s", err.Error())
		}
		t, err := timeArg(secs)
		if err != nil {
			return nil, err
		}
		if utc {
			t = t.UTC()
		}
		isdst := 0
		if t.IsDST() {
			isdst = 1
		}
		zone, off := t.Zone()
		i := starlark.MakeInt
		return starlarkstruct.FromStringDict(starlark.String("time.struct_time"), starlark.StringDict{
			"tm_year": i(t.Year()), "tm_mon": i(int(t.Month())), "tm_mday": i(t.Day()),
			"tm_hour": i(t.Hour()), "tm_min": i(t.Minute()), "tm_sec": i(t.Second()),
			"tm_wday": i((int(t.Weekday()) + 6) % 7), "tm_yday": i(t.YearDay()), "tm_isdst": i(isdst),
			"tm_zone": starlark.String(zone), "tm_gmtoff": i(off),
			"_secs": starlark.MakeInt64(t.Unix()), "_utc": starlark.Bool(utc),
		}), nil
	}
}

// strftime is time.strftime(format, t=None): t a struct_time of gmtime or
// localtime (now when absent).
func strftime(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var f string
	var tv starlark.Value = starlark.None
	if err := starlark.UnpackPositionalArgs(b.Name(), args, kwargs, 1, &f, &tv); err != nil {
		return nil, pyerr.New(pyerr.TypeError, "%s", err.Error())
	}
	t := time.Now()
	if tv != starlark.None {
		st, ok := tv.(*starlarkstruct.Struct)
		var secs, utc starlark.Value
		if ok {
			secs, _ = st.Attr("_secs")
			utc, _ = st.Attr("_utc")
		}
		n, isInt := secs.(starlark.Int)
		if !isInt {
			return nil, pyerr.New(pyerr.TypeError, "Tuple or struct_time argument required")
		}
		s, _ := n.Int64()
		t = time.Unix(s, 0)
		if utc == starlark.True {
			t = t.UTC()
		}
	}
	return starlark.String(Strftime(f, t)), nil
}
