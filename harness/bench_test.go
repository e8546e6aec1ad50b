package harness_test

import (
	"math/rand/v2"
	"testing"
	"time"

	"github.com/structfuzz/structfuzz/codec"
	"github.com/structfuzz/structfuzz/harness"
)

type bHeader struct {
	Version uint8
	Flags   uint16
}

type bMsg struct {
	Hdr   bHeader
	Op    uint8   `fuzz:"min=1,max=8"`
	Name  string  `fuzz:"maxlen=16"`
	Args  []int32 `fuzz:"maxlen=8"`
	Reply *bHeader
}

// BenchmarkPipeline measures what libFuzzer's custom mutator costs per
// call on a small message, chained as libFuzzer chains mutations (each
// call mutates the previous call's output), and the decode a raw-bytes
// engine does instead.
func BenchmarkPipeline(b *testing.B) {
	h := harness.New(func(*bMsg) {}, harness.Options{})
	seed, _ := codec.Marshal(bMsg{Op: 1, Name: "x", Args: []int32{1, 2}})
	b.Run("mutate", func(b *testing.B) {
		b.ReportAllocs()
		data := append([]byte(nil), seed...)
		for i := 0; i < b.N; i++ {
			data = append(data[:0], h.Mutate(data, 128, uint64(i))...)
		}
	})
	b.Run("mutateTo", func(b *testing.B) {
		// libFuzzer's path: the result written into its own buffer.
		b.ReportAllocs()
		buf := make([]byte, 128)
		n := copy(buf, seed)
		for i := 0; i < b.N; i++ {
			if m := h.MutateTo(buf, buf[:n], uint64(i)); m > 0 {
				n = m
			}
		}
	})
	b.Run("mutate+run", func(b *testing.B) {
		b.ReportAllocs()
		data := append([]byte(nil), seed...)
		for i := 0; i < b.N; i++ {
			data = append(data[:0], h.Mutate(data, 128, uint64(i))...)
			h.Run(data)
		}
	})
	b.Run("raw-run", func(b *testing.B) {
		b.ReportAllocs()
		raw := harness.New(func(*bMsg) {}, harness.Options{RawBytes: true})
		for i := 0; i < b.N; i++ {
			raw.Run(seed)
		}
	})
}

// BenchmarkCrossOver measures the crossover pipeline on two small
// messages, as libFuzzer calls it for about half of its mutations.
func BenchmarkCrossOver(b *testing.B) {
	h := harness.New(func(*bMsg) {}, harness.Options{})
	x, _ := codec.Marshal(bMsg{Op: 1, Name: "alpha", Args: []int32{1, 2, 3}})
	y, _ := codec.Marshal(bMsg{Hdr: bHeader{Version: 2}, Op: 3, Name: "b", Reply: &bHeader{Flags: 7}})
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		h.CrossOver(x, y, 128, uint64(i))
	}
}

// bSigned has a PostProcess hook that keeps a checksum right, as real
// targets' hooks do.
type bSigned struct {
	Msg bMsg
	Sum uint32
}

func (s *bSigned) PostProcess(*rand.Rand) { s.Sum = uint32(len(s.Msg.Name))*31 + uint32(s.Msg.Op) }

// BenchmarkHooked measures the pipeline and Run on a type with a
// PostProcess hook, where Run checks that the hook's result still encodes,
// with and without the hook watchdog a libFuzzer binary runs.
func BenchmarkHooked(b *testing.B) {
	seed, _ := codec.Marshal(bSigned{Msg: bMsg{Op: 1, Name: "x", Args: []int32{1, 2}}})
	for _, tc := range []struct {
		name    string
		timeout time.Duration
	}{{"mutate", 0}, {"mutate+watchdog", 10 * time.Second}} {
		b.Run(tc.name, func(b *testing.B) {
			h := harness.New(func(*bSigned) {}, harness.Options{HookTimeout: tc.timeout})
			b.ReportAllocs()
			data := append([]byte(nil), seed...)
			for i := 0; i < b.N; i++ {
				data = append(data[:0], h.Mutate(data, 128, uint64(i))...)
			}
		})
	}
	b.Run("run", func(b *testing.B) {
		h := harness.New(func(*bSigned) {}, harness.Options{})
		b.ReportAllocs()
		for i := 0; i < b.N; i++ {
			h.Run(seed)
		}
	})
}

// BenchmarkLoop runs the custom-mutator pipeline the way libFuzzer's
// MutateAndTestOne does on a target that finds little coverage (the
// FuzzSafe sample): take a corpus unit, then five times mutate the current
// input, the custom mutator or the custom crossover with another corpus
// unit at even odds, and run it. Each op is one execution; raw is the same
// number of executions of raw bytes. The ratio of the two is what the
// custom mutator costs a libFuzzer binary per execution.
func BenchmarkLoop(b *testing.B) {
	corpus := [][]byte{}
	for _, m := range []bMsg{{}, {Op: 1, Name: "alpha", Args: []int32{1, 2, 3}}, {Hdr: bHeader{Version: 2}, Op: 3, Name: "b", Reply: &bHeader{Flags: 7}}} {
		enc, _ := codec.Marshal(m)
		corpus = append(corpus, enc)
	}
	run := func(b *testing.B, h *harness.Harness[bMsg], custom bool) {
		b.ReportAllocs()
		r := rand.New(rand.NewPCG(1, 2))
		buf := make([]byte, 4096)
		n := 0
		for i := 0; i < b.N; i++ {
			if i%5 == 0 {
				n = copy(buf, corpus[r.IntN(len(corpus))])
			}
			switch {
			case !custom:
				buf[r.IntN(n+1)%len(buf)] ^= byte(r.Uint32())
			case r.IntN(2) == 0:
				if m := h.MutateTo(buf, buf[:n], r.Uint64()); m > 0 {
					n = m
				}
			default:
				if m := h.CrossOverTo(buf, buf[:n], corpus[r.IntN(len(corpus))], r.Uint64()); m > 0 {
					n = m
				}
			}
			h.Run(buf[:n])
		}
	}
	b.Run("custom", func(b *testing.B) { run(b, harness.New(func(*bMsg) {}, harness.Options{}), true) })
	b.Run("typed-only", func(b *testing.B) { run(b, harness.New(func(*bMsg) {}, harness.Options{TypedOnly: true}), true) })
	b.Run("raw", func(b *testing.B) { run(b, harness.New(func(*bMsg) {}, harness.Options{RawBytes: true}), false) })
}
