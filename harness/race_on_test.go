//go:build race

package harness_test

// raceEnabled reports a build with the race detector (see race_off_test.go).
const raceEnabled = true
