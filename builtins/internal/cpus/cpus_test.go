package cpus

import "testing"

func TestCount(t *testing.T) {
	for list, want := range map[string]int{
		"0": 1, "0-1": 2, "0-3,8-11": 8, "0,2,4": 3, "0-63": 64,
		"": 0, "x": 0, "3-1": 0, "0-": 0,
	} {
		if got := count(list); got != want {
			t.Errorf("count(%q) = %d, want %d", list, got, want)
		}
	}
	if Online() < 1 {
		t.Errorf("Online() = %d", Online())
	}
}
