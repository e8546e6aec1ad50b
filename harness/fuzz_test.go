package harness_test

import (
	"hash/crc32"
	"testing"

	"github.com/structfuzz/structfuzz/harness"
)

// FuzzBatch is the go test -fuzz adapter in use: seeds from testdata, and
// every input Go's fuzzer makes reaches the target as a valid,
// post-processed value.
func FuzzBatch(f *testing.F) {
	h := harness.New(func(b *hBatch) {
		if len(b.Packets) > 4 || len(b.Note) > 8 {
			panic("a constraint was broken")
		}
		for _, p := range b.Packets {
			if p.Op < 1 || p.Op > 4 || p.Sum != crc32.ChecksumIEEE(p.Payload) {
				panic("an invalid packet reached the target")
			}
		}
	}, harness.Options{})
	h.Fuzz(f, "testdata/seeds")
}
