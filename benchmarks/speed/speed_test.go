package speed

import (
	"testing"

	"github.com/structfuzz/structfuzz/examples/chatapi"
	"github.com/structfuzz/structfuzz/examples/chunks"
	"github.com/structfuzz/structfuzz/examples/compress"
	"github.com/structfuzz/structfuzz/examples/config"
	"github.com/structfuzz/structfuzz/examples/doctree"
	"github.com/structfuzz/structfuzz/examples/enumchain/forward"
	"github.com/structfuzz/structfuzz/examples/graph"
	"github.com/structfuzz/structfuzz/examples/kvstore"
	"github.com/structfuzz/structfuzz/examples/orders"
)

// bench measures both sides on one example's target.
func bench[T any](b *testing.B, check func(*T)) {
	var panics int
	corpus := Corpus(Safe(check, &panics))
	b.Run("structfuzz", func(b *testing.B) {
		s := NewStructured(Safe(check, &panics), corpus)
		for b.Loop() {
			s.Exec()
		}
	})
	b.Run("raw", func(b *testing.B) {
		s := NewRaw(Safe(check, &panics), corpus)
		for b.Loop() {
			s.Exec()
		}
	})
}

func BenchmarkOrders(b *testing.B)    { bench(b, orders.Check) }
func BenchmarkDoctree(b *testing.B)   { bench(b, doctree.Check) }
func BenchmarkGraph(b *testing.B)     { bench(b, graph.Check) }
func BenchmarkCompress(b *testing.B)  { bench(b, compress.Check) }
func BenchmarkChunks(b *testing.B)    { bench(b, chunks.Check) }
func BenchmarkKVStore(b *testing.B)   { bench(b, kvstore.Check) }
func BenchmarkEnumChain(b *testing.B) { bench(b, forward.Check) }
func BenchmarkChatAPI(b *testing.B)   { bench(b, chatapi.Check) }
func BenchmarkConfig(b *testing.B)    { bench(b, config.Check) }

// Both sides must really run the target: a benchmark of a pipeline that
// rejects every input would measure nothing.
func TestBothSidesRunTheTarget(t *testing.T) {
	var structured, raw, panics int
	corpus := Corpus(Safe(orders.Check, &panics))
	s := NewStructured(Safe(func(o *orders.Order) { structured++; orders.Check(o) }, &panics), corpus)
	r := NewRaw(Safe(func(o *orders.Order) { raw++; orders.Check(o) }, &panics), corpus)
	for range 1000 {
		s.Exec()
		r.Exec()
	}
	if structured < 900 || raw != 1000 {
		t.Errorf("of 1000 executions the target ran %d times (structfuzz) and %d (raw); want nearly all and all", structured, raw)
	}
}

// Both sides must run on inputs of about the same size, or the benchmark
// compares the target on large inputs with the target on small ones.
func TestSidesRunOnLikeSizes(t *testing.T) {
	var panics int
	corpus := Corpus(Safe(doctree.Check, &panics))
	s := NewStructured(Safe(doctree.Check, &panics), corpus)
	r := NewRaw(Safe(doctree.Check, &panics), corpus)
	var structured, raw int
	const n = 2000
	for range n {
		s.Exec()
		r.Exec()
		structured += len(s.cur)
		raw += len(r.cur)
	}
	if structured == 0 || raw == 0 || structured > 2*raw || raw > 2*structured {
		t.Errorf("mean input sizes: structfuzz %d bytes, raw %d; want both non-zero and within a factor of 2", structured/n, raw/n)
	}
	t.Logf("mean input sizes: structfuzz %d bytes, raw %d", structured/n, raw/n)
}
