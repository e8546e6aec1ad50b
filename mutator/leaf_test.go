package mutator_test

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/structfuzz/structfuzz/mutator"
)

// GoLeaf keeps to the Leaf contract: the new size is within [0, maxSize]
// and within len(data), and nothing past len(data) is written.
func TestGoLeafContract(t *testing.T) {
	const guard = 0xA5
	r := rand.New(rand.NewPCG(51, 52))
	leaf := mutator.GoLeaf{R: r}
	for _, tc := range []struct{ size, maxSize, dataLen int }{
		{0, 0, 0},
		{0, 1, 1},
		{0, 16, 16},
		{1, 1, 1},
		{1, 2, 2},
		{4, 4, 4},
		{8, 8, 8},
		{5, 64, 64},
		{64, 64, 64},
		{10, 3, 16},  // size over maxSize: the content is cut
		{3, 100, 10}, // maxSize over len(data): len(data) bounds
		{10, 100, 10},
		{200, 300, 300},
	} {
		t.Run(fmt.Sprintf("%d-%d-%d", tc.size, tc.maxSize, tc.dataLen), func(t *testing.T) {
			limit := min(tc.maxSize, tc.dataLen)
			grew, shrank, changed := false, false, false
			for range 2000 {
				backing := bytes.Repeat([]byte{guard}, tc.dataLen+16)
				data := backing[:tc.dataLen]
				for i := range min(tc.size, tc.dataLen) {
					data[i] = byte(i)
				}
				orig := bytes.Clone(data[:min(tc.size, limit)])
				n := leaf.Mutate(data, tc.size, tc.maxSize)
				if n < 0 || n > limit {
					t.Fatalf("Mutate returned %d; want 0..%d", n, limit)
				}
				for i, b := range backing[tc.dataLen:] {
					if b != guard {
						t.Fatalf("byte %d past len(data) written", tc.dataLen+i)
					}
				}
				grew = grew || n > len(orig)
				shrank = shrank || n < len(orig)
				changed = changed || n != len(orig) || !bytes.Equal(orig, data[:n])
			}
			// Whatever room there is gets used.
			if limit > min(tc.size, limit) && !grew {
				t.Error("never grew")
			}
			if min(tc.size, limit) > 0 && (!shrank || !changed) {
				t.Errorf("shrank %v, changed %v", shrank, changed)
			}
		})
	}
}

// A Mutator uses the Leaf it is given for the bytes of strings, byte
// slices and numbers.
func TestWithLeaf(t *testing.T) {
	var leaf countingLeaf
	m := mutator.New(53, mutator.WithLeaf(&leaf))
	if m.Leaf() != &leaf {
		t.Fatal("Leaf() is not the Leaf given")
	}
	v := struct {
		S string
		B []byte
	}{S: "hello", B: []byte{1, 2, 3}}
	for range 200 {
		mutate(t, m, &v, 64)
	}
	if leaf.calls == 0 {
		t.Fatal("the Leaf was never called")
	}
}

// countingLeaf appends one byte when it can, else changes the first.
type countingLeaf struct{ calls int }

func (l *countingLeaf) Mutate(data []byte, size, maxSize int) int {
	l.calls++
	if size < maxSize {
		data[size] = 'x'
		return size + 1
	}
	if size > 0 {
		data[0]++
	}
	return size
}
