package baseline

import (
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/structfuzz/structfuzz/codec"
)

type shape interface{ sides() int }

type circle struct{ R uint8 }

type square struct {
	S     uint8
	Inner shape
}

func (circle) sides() int  { return 0 }
func (*square) sides() int { return 4 }

type drawing struct {
	Name   string
	Shapes []shape
	Tags   map[string]shape
}

func init() { codec.RegisterUnion[shape](circle{}, &square{}) }

// kinds counts the variants in d, nested ones included.
func kinds(d *drawing) (circles, squares, nested int) {
	var visit func(s shape, depth int)
	visit = func(s shape, depth int) {
		switch s := s.(type) {
		case circle:
			circles++
		case *square:
			squares++
			if depth > 0 {
				nested++
			}
			visit(s.Inner, depth+1)
		}
	}
	for _, s := range d.Shapes {
		visit(s, 0)
	}
	for _, s := range d.Tags {
		visit(s, 0)
	}
	return
}

// Both generators must reach every variant of a union, nested ones
// included: without the union support neither fills interfaces at all.
func TestGeneratorsFillUnions(t *testing.T) {
	for _, tc := range []struct {
		name string
		gen  func([]byte, func(*drawing)) int
	}{
		{"go-fuzz-headers", Headers[drawing]},
		{"gofuzz", GoFuzz[drawing]},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := rand.New(rand.NewPCG(1, 2))
			var circles, squares, nested int
			for range 2000 {
				// Mostly small bytes: go-fuzz-headers reads lengths as
				// four big-endian bytes, and random ones are too long
				// for the input (libFuzzer learns that from coverage).
				data := make([]byte, r.IntN(200))
				for i := range data {
					data[i] = byte(r.IntN(4))
				}
				if got := tc.gen(data, func(d *drawing) {
					c, s, n := kinds(d)
					circles, squares, nested = circles+c, squares+s, nested+n
				}); got != 0 {
					t.Fatalf("entry point returned %d, want 0", got)
				}
			}
			if circles == 0 || squares == 0 || nested == 0 {
				t.Errorf("over 2000 inputs: %d circles, %d squares, %d nested squares; want all three", circles, squares, nested)
			}
		})
	}
}

func TestCountedRecordsTheFirstCrash(t *testing.T) {
	record := filepath.Join(t.TempDir(), "record")
	t.Setenv(RecordEnv, record)
	calls := 0
	fn := Counted(func(n *int) {
		calls++
		if *n < 0 {
			panic(fmt.Sprintf("negative: %d", *n))
		}
	})
	before := execs.Load()
	for _, n := range []int{1, 2, 3, -1, -2} {
		func() {
			defer func() {
				r := recover()
				if (n < 0) != (r != nil) || r != nil && !strings.Contains(fmt.Sprint(r), "negative") {
					t.Errorf("input %d: recovered %v; the wrapper must pass the target's panic on", n, r)
				}
			}()
			fn(&n)
		}()
	}
	if calls != 5 || execs.Load()-before != 5 {
		t.Errorf("%d calls, %d counted; want 5 and 5", calls, execs.Load()-before)
	}
	b, err := os.ReadFile(record)
	if err != nil {
		t.Fatal(err)
	}
	var n int64
	var secs float64
	if _, err := fmt.Sscan(string(b), &n, &secs); err != nil || n != before+4 {
		t.Errorf("record %q: want the count of the first crash, %d", b, before+4)
	}
}
