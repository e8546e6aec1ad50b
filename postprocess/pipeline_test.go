package postprocess_test

import (
	"errors"
	"hash/crc32"
	"io"
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"

	"github.com/structfuzz/structfuzz/codec"
	"github.com/structfuzz/structfuzz/crossover"
	"github.com/structfuzz/structfuzz/mutator"
	"github.com/structfuzz/structfuzz/postprocess"
)

// pipeFrame carries a checksum and a length that PostProcess repairs.
type pipeFrame struct {
	Kind    uint8
	Payload []byte `fuzz:"maxlen=64"`
	Len     uint16
	Sum     uint32
}

func (f *pipeFrame) PostProcess(r *rand.Rand) {
	f.Len = uint16(len(f.Payload))
	f.Sum = crc32.ChecksumIEEE(f.Payload)
}

type pipeStream struct {
	Frames []pipeFrame `fuzz:"maxlen=8"`
	Last   *pipeFrame
}

func (s *pipeStream) check(t *testing.T, step int, what string) {
	t.Helper()
	if !s.consistent() {
		t.Fatalf("step %d, after %s and post-processing: a frame's Len or Sum is wrong: %+v", step, what, s)
	}
}

// The pipeline every engine follows: lenient decode, mutate or cross,
// post-process, encode. After each step the invariants PostProcess keeps
// must hold, whatever the mutation or crossover did.
func TestPipelineKeepsChecksums(t *testing.T) {
	m := mutator.New(7)
	r := rand.New(rand.NewPCG(7, 7))
	var pool [][]byte
	broken := 0 // results that needed the repair
	for step := range 5000 {
		var v pipeStream
		if len(pool) > 0 {
			if err := codec.UnmarshalLenient(pool[r.IntN(len(pool))], &v); err != nil {
				t.Fatal(err)
			}
		}
		if err := postprocess.Apply(&v, uint64(step)); err != nil {
			t.Fatal(err)
		}
		v.check(t, step, "load")
		what := "mutate"
		if len(pool) > 1 && r.IntN(3) == 0 {
			what = "crossover"
			var other pipeStream
			if err := codec.UnmarshalLenient(pool[r.IntN(len(pool))], &other); err != nil {
				t.Fatal(err)
			}
			if err := crossover.Cross(&v, &other, uint64(step), 1024); err != nil && !errors.Is(err, crossover.ErrNoChild) {
				t.Fatal(err)
			}
		} else if err := m.Mutate(&v, 1024); err != nil && !errors.Is(err, mutator.ErrNoMutation) {
			t.Fatal(err)
		}
		if !v.consistent() {
			broken++
		}
		if err := postprocess.Apply(&v, uint64(step)); err != nil {
			t.Fatal(err)
		}
		v.check(t, step, what)
		b, err := codec.Marshal(v)
		if err != nil {
			t.Fatalf("step %d: %v", step, err)
		}
		if len(pool) < 64 {
			pool = append(pool, b)
		} else {
			pool[r.IntN(len(pool))] = b
		}
	}
	// The test means something only if mutation and crossover do break
	// the invariants that post-processing repairs.
	if broken < 500 {
		t.Fatalf("only %d of 5000 steps broke a checksum", broken)
	}
	t.Logf("%d of 5000 steps needed the repair", broken)
}

func (s *pipeStream) consistent() bool {
	for _, f := range s.Frames {
		if f.Len != uint16(len(f.Payload)) || f.Sum != crc32.ChecksumIEEE(f.Payload) {
			return false
		}
	}
	return s.Last == nil || s.Last.Len == uint16(len(s.Last.Payload)) && s.Last.Sum == crc32.ChecksumIEEE(s.Last.Payload)
}

type pipePlain struct {
	A []int
	B map[string]*pipePlain
}

func TestNeeded(t *testing.T) {
	cases := []struct {
		t    reflect.Type
		want bool
	}{
		{reflect.TypeFor[pipeFrame](), true},
		{reflect.TypeFor[pipeStream](), true},
		{reflect.TypeFor[[]*pipeFrame](), true},
		{reflect.TypeFor[pipePlain](), false},
		{reflect.TypeFor[int](), false},
	}
	for _, c := range cases {
		if got, err := postprocess.Needed(c.t); got != c.want || err != nil {
			t.Errorf("Needed(%v) = %v, %v; want %v, nil", c.t, got, err, c.want)
		}
	}
	type noVariants struct{ R io.Reader }
	if got, err := postprocess.Needed(reflect.TypeFor[noVariants]()); err == nil || !strings.Contains(err.Error(), "no registered variants") {
		t.Errorf("Needed of a type with an unregistered interface = %v, %v; want the type model's error", got, err)
	}
}
