package arena

import (
	"testing"

	"golang.org/x/sys/unix"
)

// TestFitSize: the arena is sized to a quarter of an address-space limit,
// never below MinSize, and left as asked without a limit.
func TestFitSize(t *testing.T) {
	for _, c := range []struct {
		limit uint64
		want  int64
	}{
		{unix.RLIM_INFINITY, DefaultSize},
		{1 << 50, DefaultSize},
		{4 << 30, 1 << 30},
		{1 << 30, 256 << 20},
		{32 << 20, MinSize},
	} {
		if got := fitSize(DefaultSize, c.limit); got != c.want {
			t.Errorf("limit %d: %d, want %d", c.limit, got, c.want)
		}
	}
}
