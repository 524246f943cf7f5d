//go:build !race

package main

import "testing"

// TestScriptsNoRace runs the golden scripts of testdata/norace, which the
// race detector's runtime disturbs (see each script).
func TestScriptsNoRace(t *testing.T) { runGolden(t, "../../testdata/norace") }

// raceEnabled: this test binary is built with the race detector.
const raceEnabled = false
