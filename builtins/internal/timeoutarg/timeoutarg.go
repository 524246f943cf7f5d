// Package timeoutarg converts the timeout argument of the blocking calls
// of queues, pipes and synchronization objects (get, put, poll, acquire,
// wait, ...) as CPython does, once for all of them.
package timeoutarg

import (
	"math"
	"time"

	"go.starlark.net/starlark"

	"github.com/procstar/procstar/runtime/pyerr"
)

// Duration converts timeout v of call fn (named in its errors unless "")
// to a duration: None (or v nil) is forever (-1), a number not above 0 is
// 0 (do not wait), as CPython's SemLock and Queue take them. A bool is an
// int in Python: True waits a second, False not at all.
func Duration(fn string, v starlark.Value) (time.Duration, error) {
	if v == nil || v == starlark.None {
		return -1, nil
	}
	if b, ok := v.(starlark.Bool); ok {
		if b {
			return time.Second, nil
		}
		return 0, nil
	}
	if fn != "" {
		fn += ": "
	}
	f, ok := starlark.AsFloat(v)
	if !ok {
		return 0, pyerr.New(pyerr.TypeError, "%stimeout must be a number or None, not %s", fn, v.Type())
	}
	if math.IsNaN(f) {
		return 0, pyerr.New(pyerr.ValueError, "%stimeout must not be NaN", fn)
	}
	if f <= 0 {
		return 0, nil
	}
	if f >= float64(math.MaxInt64)/float64(time.Second) {
		return -1, nil // longer than anyone waits
	}
	d := time.Duration(f * float64(time.Second))
	if d == 0 {
		d = 1 // a positive timeout waits, however little
	}
	return d, nil
}
