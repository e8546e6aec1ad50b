//go:build !race

package harness_test

// raceEnabled reports a build with the race detector, under which
// sync.Pool drops items on purpose, so allocation counts of pooled paths
// mean nothing.
const raceEnabled = false
