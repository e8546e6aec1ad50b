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
	b.Run("structfuzz", func(b *testing.B) {
		s := NewStructured(Safe(check, &panics))
		for b.Loop() {
			s.Exec()
		}
	})
	b.Run("raw", func(b *testing.B) {
		s := NewRaw(Safe(check, &panics))
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
	s := NewStructured(Safe(func(o *orders.Order) { structured++; orders.Check(o) }, &panics))
	r := NewRaw(Safe(func(o *orders.Order) { raw++; orders.Check(o) }, &panics))
	for range 1000 {
		s.Exec()
		r.Exec()
	}
	if structured < 900 || raw != 1000 {
		t.Errorf("of 1000 executions the target ran %d times (structfuzz) and %d (raw); want nearly all and all", structured, raw)
	}
}
