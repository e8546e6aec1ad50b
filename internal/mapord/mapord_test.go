package mapord

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"reflect"
	"slices"
	"testing"
)

// encString encodes a string key as the codec does: a 4-byte
// little-endian length, then the bytes. Length first means "b" sorts
// before "aa", unlike the strings themselves.
func encString(buf []byte, _ int, k reflect.Value) ([]byte, error) {
	buf = binary.LittleEndian.AppendUint32(buf, uint32(k.Len()))
	return append(buf, k.String()...), nil
}

// encFloat encodes a float64 key by its bits, little-endian.
func encFloat(buf []byte, _ int, k reflect.Value) ([]byte, error) {
	return binary.LittleEndian.AppendUint64(buf, math.Float64bits(k.Float())), nil
}

// encodings returns the encodings of m's keys by enc, sorted.
func encodings(m reflect.Value, enc KeyEncoder) [][]byte {
	var out [][]byte
	for _, k := range m.MapKeys() {
		b, _ := enc(nil, 0, k)
		out = append(out, b)
	}
	slices.SortFunc(out, bytes.Compare)
	return out
}

func TestSorted(t *testing.T) {
	for _, tc := range []struct {
		name string
		m    any
		enc  KeyEncoder
	}{
		{"empty", map[string]int{}, encString},
		{"one", map[string]int{"x": 1}, encString},
		{"length first", map[string]int{"b": 1, "aa": 2, "": 3, "ab": 4, "ccc": 5}, encString},
		{"struct values", map[string]struct{ A, B int }{"q": {1, 2}, "p": {3, 4}}, encString},
		{"float keys", map[float64]string{-1: "m", 0: "z", 2.5: "t", math.Inf(1): "i"}, encFloat},
		{"many", func() map[string]int {
			m := map[string]int{}
			for i := range 300 {
				m[fmt.Sprint(i*7919%1000)] = i
			}
			return m
		}(), encString},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var s Scratch
			m := reflect.ValueOf(tc.m)
			entries, mark, err := s.Sorted(m, tc.enc)
			if err != nil {
				t.Fatal(err)
			}
			if len(entries) != m.Len() {
				t.Fatalf("%d entries, want %d", len(entries), m.Len())
			}
			want := encodings(m, tc.enc)
			for i, e := range entries {
				if !bytes.Equal(e.Key, want[i]) {
					t.Errorf("entry %d: key %x, want %x", i, e.Key, want[i])
				}
				if got, _ := tc.enc(nil, 0, e.K); !bytes.Equal(got, e.Key) {
					t.Errorf("entry %d: K %v encodes %x, not its Key %x", i, e.K, got, e.Key)
				}
				if !e.K.CanAddr() || !e.V.CanAddr() {
					t.Errorf("entry %d: K and V are not addressable", i)
				}
				if got := m.MapIndex(e.K); !got.IsValid() || !reflect.DeepEqual(got.Interface(), e.V.Interface()) {
					t.Errorf("entry %d: V %v, the map holds %v", i, e.V, got)
				}
			}
			if d := Duplicate(entries); d >= 0 {
				t.Errorf("Duplicate = %d on distinct keys", d)
			}
			s.Release(mark)
			if len(s.keys) != 0 || len(s.entries) != 0 {
				t.Errorf("after Release the scratch holds %d key bytes and %d entries", len(s.keys), len(s.entries))
			}
		})
	}
}

// A map sorted while the entries of another are held (a map inside a map's
// value) leaves the outer entries intact, even when it makes the scratch
// grow; and every temporary is zero once released.
func TestSortedNested(t *testing.T) {
	outer := map[string]map[string]string{}
	for i := range 5 {
		in := map[string]string{}
		for j := range 40 * (i + 1) { // each inner map larger: the stacks grow
			in[fmt.Sprint("k", j)] = fmt.Sprint(i, "/", j)
		}
		outer[fmt.Sprint("o", i)] = in
	}
	var s Scratch
	entries, mark, err := s.Sorted(reflect.ValueOf(outer), encString)
	if err != nil {
		t.Fatal(err)
	}
	keys := make([]string, len(entries))
	for i, e := range entries {
		keys[i] = e.K.String()
	}
	for i, e := range entries {
		inner, imark, err := s.Sorted(e.V, encString)
		if err != nil {
			t.Fatal(err)
		}
		if len(inner) != e.V.Len() {
			t.Fatalf("inner map %s: %d entries, want %d", keys[i], len(inner), e.V.Len())
		}
		for _, ie := range inner {
			if want := e.V.MapIndex(ie.K).String(); ie.V.String() != want {
				t.Fatalf("inner map %s: %s holds %q, want %q", keys[i], ie.K, ie.V, want)
			}
		}
		s.Release(imark)
		// The outer entries are as they were.
		for j, oe := range entries {
			if oe.K.String() != keys[j] || oe.V.Len() != len(outer[keys[j]]) {
				t.Fatalf("after sorting inner map %d, outer entry %d is %v (%d entries), want %s", i, j, oe.K, oe.V.Len(), keys[j])
			}
		}
	}
	s.Release(mark)
	for typ, st := range s.temps {
		if st.used != 0 {
			t.Errorf("%v: %d temporaries still taken", typ, st.used)
		}
		for i := range st.all.Len() {
			if !st.all.Index(i).IsZero() {
				t.Errorf("%v: temporary %d keeps %v after Release", typ, i, st.all.Index(i))
			}
		}
	}
}

// Sorting a map again on a warm scratch allocates nothing.
func TestSortedAllocs(t *testing.T) {
	m := reflect.ValueOf(map[string][2]int{"a": {1, 2}, "bb": {3, 4}, "c": {5, 6}})
	var s Scratch
	run := func() {
		_, mark, err := s.Sorted(m, encString)
		if err != nil {
			t.Fatal(err)
		}
		s.Release(mark)
	}
	run()
	if n := testing.AllocsPerRun(100, run); n != 0 {
		t.Errorf("%v allocations per sort on a warm scratch, want 0", n)
	}
	copied := func() {
		_, mark, _ := s.Sorted(m, nil)
		s.Release(mark)
	}
	if n := testing.AllocsPerRun(100, copied); n != 0 {
		t.Errorf("%v allocations per copy on a warm scratch, want 0", n)
	}
}

// With a nil encoder the entries are copies in iteration order, with no
// key encodings.
func TestSortedNilEncoder(t *testing.T) {
	m := map[int]string{1: "a", 2: "b", 3: "c"}
	var s Scratch
	entries, mark, err := s.Sorted(reflect.ValueOf(m), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Release(mark)
	seen := map[int]string{}
	for _, e := range entries {
		if e.Key != nil {
			t.Errorf("entry %v has a key encoding %x", e.K, e.Key)
		}
		seen[int(e.K.Int())] = e.V.String()
	}
	if !reflect.DeepEqual(seen, m) {
		t.Errorf("copies %v, want %v", seen, m)
	}
}

// NaN keys are distinct Go keys with equal encodings: Duplicate finds
// them next to each other.
func TestDuplicate(t *testing.T) {
	m := map[float64]int{math.NaN(): 1, 1: 2, math.NaN(): 3}
	var s Scratch
	entries, mark, err := s.Sorted(reflect.ValueOf(m), encFloat)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Release(mark)
	d := Duplicate(entries)
	if d < 1 || !bytes.Equal(entries[d].Key, entries[d-1].Key) || !math.IsNaN(entries[d].K.Float()) {
		t.Fatalf("Duplicate = %d, want the index of the second NaN in %v", d, entries)
	}
}

// An encoder's error ends the sort and comes back as it is; Release then
// leaves the scratch empty.
func TestSortedError(t *testing.T) {
	bad := errors.New("bad key")
	var s Scratch
	_, mark, err := s.Sorted(reflect.ValueOf(map[string]int{"a": 1, "b": 2}), func(buf []byte, i int, k reflect.Value) ([]byte, error) {
		if k.String() == "b" {
			return buf, bad
		}
		return encString(buf, i, k)
	})
	if !errors.Is(err, bad) {
		t.Fatalf("err = %v, want %v", err, bad)
	}
	s.Release(mark)
	if len(s.keys) != 0 || len(s.entries) != 0 {
		t.Errorf("after Release the scratch holds %d key bytes and %d entries", len(s.keys), len(s.entries))
	}
}

// Temporaries are zero when taken, and marks released out of order give
// back everything down to the lowest.
func TestTemp(t *testing.T) {
	typ := reflect.TypeFor[[]int]()
	var s Scratch
	a, ma := s.Temp(typ)
	a.Set(reflect.ValueOf([]int{1}))
	b, mb := s.Temp(typ)
	if !b.IsZero() || !b.CanSet() {
		t.Fatalf("second temporary %v: want a settable zero", b)
	}
	b.Set(reflect.ValueOf([]int{2}))
	if a.Len() != 1 || a.Index(0).Int() != 1 {
		t.Fatalf("first temporary changed to %v", a)
	}
	s.Release(ma) // the lower one first
	s.Release(mb)
	if st := s.temps[typ]; st.used != 0 {
		t.Fatalf("%d temporaries taken after releasing both", st.used)
	}
	c, mc := s.Temp(typ)
	defer s.Release(mc)
	if !c.IsZero() {
		t.Errorf("a temporary taken again holds %v", c)
	}
}

// Trim drops buffers grown past the bound, and keeps small ones.
func TestTrim(t *testing.T) {
	big := map[string]int{}
	for i := range 2000 {
		big[fmt.Sprint(i)] = i
	}
	var s Scratch
	_, mark, _ := s.Sorted(reflect.ValueOf(big), encString)
	s.Release(mark)
	s.Trim(1 << 10)
	if cap(s.keys) != 0 || cap(s.entries) != 0 || len(s.temps) != 0 {
		t.Errorf("after Trim: %d key bytes, %d entries and %d stacks kept, want none", cap(s.keys), cap(s.entries), len(s.temps))
	}
	_, mark, _ = s.Sorted(reflect.ValueOf(map[string]int{"a": 1}), encString)
	s.Release(mark)
	// An empty map makes stacks of its types that hold nothing yet.
	_, mark, _ = s.Sorted(reflect.ValueOf(map[uint8]bool{}), encString)
	s.Release(mark)
	s.Trim(1 << 10)
	if cap(s.keys) == 0 || len(s.temps) != 4 {
		t.Errorf("Trim dropped small buffers: %d key bytes, %d stacks", cap(s.keys), len(s.temps))
	}
}
