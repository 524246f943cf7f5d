package timemod

import (
	"testing"
	"time"
)

// A POSIX rule in TZ (no zone file of that name) is read as glibc reads it.
func TestLoadTZPosixRule(t *testing.T) {
	t.Setenv("TZ", "XST+03XDT,M3.2.0,M11.1.0")
	loc := loadTZ()
	for _, c := range []struct {
		when time.Time
		name string
		off  int
	}{
		{time.Date(2024, 1, 15, 12, 0, 0, 0, time.UTC), "XST", -3 * 3600},
		{time.Date(2024, 7, 15, 12, 0, 0, 0, time.UTC), "XDT", -2 * 3600},
		{time.Date(1950, 7, 15, 12, 0, 0, 0, time.UTC), "XDT", -2 * 3600},
	} {
		if name, off := c.when.In(loc).Zone(); name != c.name || off != c.off {
			t.Errorf("%v: %s %d, want %s %d", c.when, name, off, c.name, c.off)
		}
	}
	t.Setenv("TZ", "")
	if loadTZ() != time.UTC {
		t.Error(`TZ="" is not UTC`)
	}
}

func TestStrptimeDefaults(t *testing.T) {
	st, err := strptimeTm("29 2", "%d %m")
	if err != nil {
		t.Fatal(err)
	}
	// Feb 29 without a year is computed in 1904 and shown as 1900.
	if st.fields != [9]int{1900, 2, 29, 0, 0, 0, 0, 60, -1} || !st.noZone || !st.noGmtoff {
		t.Errorf("got %v", st)
	}
	if _, err := strptimeTm("1", "%d%"); err == nil {
		t.Error("stray % accepted")
	}
}
