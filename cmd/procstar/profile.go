package main

import (
	"fmt"
	"os"
	"runtime/pprof"
)

// profileEnv names a file for a CPU profile of the root process (children
// are not profiled): a developer's knob, used by bench/pgo.sh to refresh
// default.pgo, the profile that guides the compiler's optimizations.
const profileEnv = "PROCSTAR_CPUPROFILE"

// profiled runs f, under the CPU profiler if profileEnv is set.
func profiled(f func() int) int {
	path := os.Getenv(profileEnv)
	if path == "" {
		return f()
	}
	out, err := os.Create(path)
	if err != nil {
		fmt.Fprintf(os.Stderr, "procstar: %s: %v\n", profileEnv, err)
		return 2
	}
	if err := pprof.StartCPUProfile(out); err != nil {
		fmt.Fprintf(os.Stderr, "procstar: %s: %v\n", profileEnv, err)
		return 2
	}
	code := f()
	pprof.StopCPUProfile()
	if err := out.Close(); err != nil {
		fmt.Fprintf(os.Stderr, "procstar: %s: %v\n", profileEnv, err)
	}
	return code
}
