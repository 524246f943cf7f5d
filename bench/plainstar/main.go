// Command plainstar runs the KERNELS of a benchmark script (bench/cpu.star)
// in plain go.starlark.net: the FileOptions procstar compiles with
// (dialect.Options), but none of procstar's additions (no % rewrite, no
// predeclared builtins, no thread setup). It prints the "metric median_ms"
// lines the script prints under procstar, so bench/run_cpu.sh can set the
// interpreter's own time beside procstar's and CPython's.
//
// The script is run with __name__ == "__plainstar__" (its main() does not
// run: Starlark's % has no %.2f) and may load perf_counter from "time" and
// read sys.argv. KERNELS is a list of (name, function of no arguments).
//
// It sets the collector's target as procstar's command does (GOGC=400
// unless GOGC is set), so that the two differ only in the interpreter.
//
// Usage: plainstar FILE [REPS]   (default REPS 5)
package main

import (
	"fmt"
	"io"
	"os"
	"runtime/debug"
	"slices"
	"strconv"
	"time"

	"go.starlark.net/starlark"
	"go.starlark.net/starlarkstruct"

	"github.com/procstar/procstar/runtime/dialect"
)

func main() {
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(400) // as cmd/procstar's setup
	}
	if err := run(os.Stdout, os.Args[1:]); err != nil {
		fmt.Fprintln(os.Stderr, "plainstar:", err)
		os.Exit(1)
	}
}

func run(out io.Writer, args []string) error {
	if len(args) < 1 || len(args) > 2 {
		return fmt.Errorf("usage: plainstar FILE [REPS]")
	}
	reps := 5
	if len(args) == 2 {
		n, err := strconv.Atoi(args[1])
		if err != nil || n < 1 {
			return fmt.Errorf("REPS %q: want a positive integer", args[1])
		}
		reps = n
	}
	start := time.Now()
	timeMod := starlark.StringDict{
		"perf_counter": starlark.NewBuiltin("perf_counter", func(*starlark.Thread, *starlark.Builtin, starlark.Tuple, []starlark.Tuple) (starlark.Value, error) {
			return starlark.Float(time.Since(start).Seconds()), nil
		}),
	}
	thread := &starlark.Thread{
		Name: "plainstar",
		Load: func(_ *starlark.Thread, module string) (starlark.StringDict, error) {
			if module == "time" {
				return timeMod, nil
			}
			return nil, fmt.Errorf("no module %q", module)
		},
	}
	argv := starlark.NewList(nil)
	for _, a := range args {
		argv.Append(starlark.String(a))
	}
	pre := starlark.StringDict{
		"__name__": starlark.String("__plainstar__"),
		"sys":      &starlarkstruct.Module{Name: "sys", Members: starlark.StringDict{"argv": argv}},
	}
	globals, err := starlark.ExecFileOptions(dialect.Options, thread, args[0], nil, pre)
	if err != nil {
		return err
	}
	kernels, ok := globals["KERNELS"].(*starlark.List)
	if !ok {
		return fmt.Errorf("%s: no KERNELS list", args[0])
	}
	for i := range kernels.Len() {
		k, ok := kernels.Index(i).(starlark.Tuple)
		if !ok || len(k) != 2 {
			return fmt.Errorf("KERNELS[%d]: want a (name, function) tuple", i)
		}
		name, _ := starlark.AsString(k[0])
		times := make([]float64, reps)
		for r := range times {
			t0 := time.Now()
			if _, err := starlark.Call(thread, k[1], nil, nil); err != nil {
				return fmt.Errorf("%s: %w", name, err)
			}
			times[r] = float64(time.Since(t0).Nanoseconds()) / 1e6
		}
		slices.Sort(times)
		fmt.Fprintf(out, "%s %.2f\n", name, times[len(times)/2]) // the median, as cpu.star's
	}
	return nil
}
