package harness_test

import (
	"hash/crc32"
	"testing"

	"github.com/structfuzz/structfuzz/harness"
)

// checkBatch is the target of FuzzBatch and FuzzBatchSteps: it fails on
// any value that breaks hBatch's tags or misses its post-processing.
func checkBatch(b *hBatch) {
	if len(b.Packets) > 4 || len(b.Note) > 8 {
		panic("a constraint was broken")
	}
	for _, p := range b.Packets {
		if p.Op < 1 || p.Op > 4 || p.Sum != crc32.ChecksumIEEE(p.Payload) {
			panic("an invalid packet reached the target")
		}
	}
}

// FuzzBatch is the go test -fuzz adapter in use: seeds from testdata, and
// every input Go's fuzzer makes reaches the target as a valid,
// post-processed value.
func FuzzBatch(f *testing.F) {
	harness.New(checkBatch, harness.Options{}).Fuzz(f, "testdata/seeds")
}

// FuzzBatchSteps is FuzzBatch with structure-aware inputs
// (Options.TypedSteps): its seeds are a base value and step words.
func FuzzBatchSteps(f *testing.F) {
	harness.New(checkBatch, harness.Options{TypedSteps: true}).Fuzz(f, "testdata/seeds")
}
