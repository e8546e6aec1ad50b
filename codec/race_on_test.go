//go:build race

package codec_test

// raceEnabled: under the race detector sync.Pool drops a share of what is
// put into it on purpose, so counts of allocations that pooling avoids do
// not hold.
const raceEnabled = true
