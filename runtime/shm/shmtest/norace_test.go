//go:build !race

package shmtest

const raceEnabled = false
