// Package cpus counts the CPUs as CPython's os.cpu_count() does: the
// processors online in the machine, whatever the process's CPU affinity
// (Python's docs send those who want the usable ones to
// len(os.sched_getaffinity(0))).
package cpus

import (
	"os"
	"runtime"
	"strconv"
	"strings"
)

// Online is the number of processors online, as sysconf(_SC_NPROCESSORS_ONLN)
// reads it from /sys/devices/system/cpu/online ("0-3,8-11"); where that
// cannot be read, the CPUs this process may use.
func Online() int {
	b, err := os.ReadFile("/sys/devices/system/cpu/online")
	if err != nil {
		return runtime.NumCPU()
	}
	if n := count(strings.TrimSpace(string(b))); n > 0 {
		return n
	}
	return runtime.NumCPU()
}

// count counts the CPUs of a kernel CPU list ("0-3,8,10-11"); 0 if it
// does not parse.
func count(list string) int {
	n := 0
	for _, part := range strings.Split(list, ",") {
		lo, hi, isRange := strings.Cut(part, "-")
		a, err := strconv.Atoi(lo)
		if err != nil {
			return 0
		}
		b := a
		if isRange {
			if b, err = strconv.Atoi(hi); err != nil || b < a {
				return 0
			}
		}
		n += b - a + 1
	}
	return n
}
