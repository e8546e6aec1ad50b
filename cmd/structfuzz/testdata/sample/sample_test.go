package sample

import "testing"

// TestReplay replays the crash files of the fuzzers as regression tests.
func TestReplay(t *testing.T) {
	target.Harness().Replay(t, "testdata/structfuzz/corpus", "testdata/structfuzz/crashers")
}
