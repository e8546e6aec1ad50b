//go:build !race

package mutator_test

// raceEnabled scales the longest property tests down under the race
// detector, which slows the mutator about tenfold.
const raceEnabled = false
