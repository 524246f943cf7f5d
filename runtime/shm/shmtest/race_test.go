//go:build race

package shmtest

const raceEnabled = true
