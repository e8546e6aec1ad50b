package harness_test

import (
	"math/rand/v2"
	"reflect"
	"testing"

	"github.com/structfuzz/structfuzz/codec"
	"github.com/structfuzz/structfuzz/harness"
	"github.com/structfuzz/structfuzz/internal/benchtree"
	"github.com/structfuzz/structfuzz/internal/plan"
	"github.com/structfuzz/structfuzz/internal/walk"
)

// tTree is the recursive benchmark tree shared with other packages.
type tTree = benchtree.Tree

// tSigned is a tree with a PostProcess hook that keeps a count right.
type tSigned struct {
	Tree tTree
	N    uint32
}

func (s *tSigned) PostProcess(*rand.Rand) { s.N = uint32(len(s.Tree.Body)) }

// treeValue builds a benchmark tree, the same for the same salt.
func treeValue(salt int) tTree { return *benchtree.Value(salt) }

// BenchmarkTree measures the pipeline on a recursive tree of unions of a
// couple of hundred nodes (about 2.5 KB encoded): chained mutations, with
// and without a PostProcess hook, and crossovers of two fixed trees, as
// libFuzzer calls them over its corpus.
func BenchmarkTree(b *testing.B) {
	x, _ := codec.Marshal(treeValue(0))
	y, _ := codec.Marshal(treeValue(7))
	maxSize := len(x) + len(x)/4
	b.Run("mutate", func(b *testing.B) {
		h := harness.New(func(*tTree) {}, harness.Options{})
		b.ReportAllocs()
		data := append([]byte(nil), x...)
		for i := 0; i < b.N; i++ {
			data = append(data[:0], h.Mutate(data, maxSize, uint64(i))...)
		}
	})
	b.Run("mutate-full", func(b *testing.B) {
		// Chained with the size cap at the start's size: an attempt
		// that grows the value is undone (the value soon shrinks below
		// the cap, though, and then most attempts fit).
		h := harness.New(func(*tTree) {}, harness.Options{})
		b.ReportAllocs()
		data := append([]byte(nil), x...)
		for i := 0; i < b.N; i++ {
			data = append(data[:0], h.Mutate(data, len(x), uint64(i))...)
		}
	})
	b.Run("mutate-corpus", func(b *testing.B) {
		// Each call starts from one of two corpus units, not from the
		// previous output.
		h := harness.New(func(*tTree) {}, harness.Options{})
		b.ReportAllocs()
		for i := 0; i < b.N; i++ {
			in := x
			if i%2 == 1 {
				in = y
			}
			h.Mutate(in, maxSize, uint64(i))
		}
	})
	b.Run("hooked", func(b *testing.B) {
		s, _ := codec.Marshal(tSigned{Tree: treeValue(0), N: 3})
		h := harness.New(func(*tSigned) {}, harness.Options{})
		b.ReportAllocs()
		data := append([]byte(nil), s...)
		for i := 0; i < b.N; i++ {
			data = append(data[:0], h.Mutate(data, len(s)+len(s)/4, uint64(i))...)
		}
	})
	b.Run("crossover", func(b *testing.B) {
		h := harness.New(func(*tTree) {}, harness.Options{})
		b.ReportAllocs()
		for i := 0; i < b.N; i++ {
			h.CrossOver(x, y, maxSize, uint64(i))
		}
	})
}

// BenchmarkTreeUnit measures what the decoded-unit cache weighs: a lenient
// decode of a corpus unit (a miss, and every unit before the cache), with
// the encoding Mutate needs, against the deep copy a hit hands to Mutate
// and to crossover's first parent.
func BenchmarkTreeUnit(b *testing.B) {
	x, _ := codec.Marshal(treeValue(0))
	var v tTree
	if err := codec.UnmarshalLenient(x, &v); err != nil {
		b.Fatal(err)
	}
	p, err := plan.For(reflect.TypeFor[tTree]())
	if err != nil {
		b.Fatal(err)
	}
	b.Run("lenient-decode", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			var w tTree
			if err := codec.UnmarshalLenient(x, &w); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("lenient-decode+encode", func(b *testing.B) {
		// A miss of the cache for Mutate: it needs the encoding too.
		b.ReportAllocs()
		var buf []byte
		for b.Loop() {
			var w tTree
			if err := codec.UnmarshalLenient(x, &w); err != nil {
				b.Fatal(err)
			}
			buf, _ = codec.Options{}.Append(buf[:0], &w)
		}
	})
	b.Run("clone", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, err := walk.Clone(codec.Options{}, p, reflect.ValueOf(&v).Elem()); err != nil {
				b.Fatal(err)
			}
		}
	})
}
