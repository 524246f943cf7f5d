// Package timemod is procstar's "time" module: sleep, time, monotonic,
// perf_counter, their _ns variants, process_time, and struct_time with
// gmtime, localtime, strftime, strptime, asctime, ctime and mktime
// (structtime.go, strptime.go); timezone, altzone, daylight, tzname and
// tzset (tz.go).
//
// sleep blocks until the duration elapses or the calling thread's
// procenv.Env.Ctx is cancelled, whichever comes first.
package timemod

import (
	"context"
	"errors"
	"math"
	"strings"
	"time"

	"go.starlark.net/starlark"
	"go.starlark.net/starlarkstruct"
	"golang.org/x/sys/unix"

	"github.com/procstar/procstar/runtime/node"
	"github.com/procstar/procstar/runtime/procenv"
	"github.com/procstar/procstar/runtime/pyerr"
	"github.com/procstar/procstar/runtime/pysignal"
)

// Module returns a new "time" module.
func Module() *starlarkstruct.Module {
	m := &starlarkstruct.Module{
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
			"asctime":      starlark.NewBuiltin("asctime", asctime),
			"ctime":        starlark.NewBuiltin("ctime", ctime),
			"mktime":       starlark.NewBuiltin("mktime", mktime),

			"perf_counter_ns": starlark.NewBuiltin("perf_counter_ns", monotonicNS),
			"process_time":    starlark.NewBuiltin("process_time", processTime(false)),
			"process_time_ns": starlark.NewBuiltin("process_time_ns", processTime(true)),
			"strptime":        starlark.NewBuiltin("strptime", strptime),
		},
	}
	m.Members["tzset"] = tzset(m)
	setZoneMembers(m.Members)
	return m
}

// number unpacks an int or a float argument as a float64.
type number float64

func (n *number) Unpack(v starlark.Value) error {
	switch v := v.(type) {
	case starlark.Int, starlark.Float:
		f, _ := starlark.AsFloat(v)
		*n = number(f)
		return nil
	case starlark.Bool: // an int in Python: sleep(True) sleeps a second
		*n = 0
		if v {
			*n = 1
		}
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
	wait := node.StartWait(thread, "time.sleep")
	defer wait.Done()
	for {
		// A signal's handler runs here, as in Python's sleep, which then
		// sleeps the rest of its time (or raises what the handler raised).
		if err := pysignal.During(wait); err != nil {
			return nil, err
		}
		select {
		case <-t.C:
			return starlark.None, nil
		case <-ctx.Done():
			return nil, &cancelError{Cause: ctx.Err()}
		case <-pysignal.Wake():
		}
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

// strftime is time.strftime(format, t=None): t a struct_time or a 9-tuple
// (localtime() when absent).
func strftime(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if err := noKwargs(b, kwargs); err != nil {
		return nil, err
	}
	if len(args) < 1 || len(args) > 2 {
		return nil, pyerr.New(pyerr.TypeError, "strftime expected at most 2 arguments, got %d", len(args))
	}
	f, ok := args[0].(starlark.String)
	if !ok {
		return nil, pyerr.New(pyerr.TypeError, "strftime() argument 1 must be str, not %s", typeName(args[0]))
	}
	st := newStructTime(time.Now().In(localLoc()), false)
	if len(args) == 2 {
		var err error
		if st, err = tmArg("strftime", args[1]); err != nil {
			return nil, err
		}
	}
	if strings.IndexByte(string(f), 0) >= 0 {
		// CPython hands the format to C as a string.
		return nil, pyerr.New(pyerr.ValueError, "embedded null character")
	}
	return starlark.String(strftimeTm(string(f), st)), nil
}

// processTime is time.process_time (and process_time_ns): the process's
// CPU time.
func processTime(ns bool) func(*starlark.Thread, *starlark.Builtin, starlark.Tuple, []starlark.Tuple) (starlark.Value, error) {
	return func(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
		if err := starlark.UnpackPositionalArgs(b.Name(), args, kwargs, 0); err != nil {
			return nil, pyerr.New(pyerr.TypeError, "%s", err.Error())
		}
		var ts unix.Timespec
		if err := unix.ClockGettime(unix.CLOCK_PROCESS_CPUTIME_ID, &ts); err != nil {
			return nil, pyerr.New(pyerr.OSError, "%s", err.Error())
		}
		if ns {
			return starlark.MakeInt64(ts.Nano()), nil
		}
		return starlark.Float(float64(ts.Sec) + float64(ts.Nsec)/1e9), nil
	}
}
