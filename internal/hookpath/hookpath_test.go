package hookpath

import (
	"reflect"
	"testing"
)

type structKey struct{ A int }

func TestString(t *testing.T) {
	tests := []struct {
		name  string
		build func(s *Stack)
		want  string
	}{
		{"root", func(s *Stack) {}, ""},
		{"field", func(s *Stack) { s.Field("Calls") }, ".Calls"},
		{"index", func(s *Stack) { s.Field("Calls"); s.Index(2) }, ".Calls[2]"},
		{"string key", func(s *Stack) { s.Entry(0, reflect.ValueOf("a\"b")) }, `["a\"b"]`},
		{"int key", func(s *Stack) { s.Entry(4, reflect.ValueOf(int8(-7))) }, "[-7]"},
		{"uint key", func(s *Stack) { s.Entry(4, reflect.ValueOf(uint16(9))) }, "[9]"},
		{"struct key", func(s *Stack) { s.Entry(3, reflect.ValueOf(structKey{1})) }, "[key#3]"},
		{"no key", func(s *Stack) { s.Entry(1, reflect.Value{}) }, "[key#1]"},
		{"the key", func(s *Stack) { s.Field("M"); s.Key(1, reflect.ValueOf("x")) }, ".M[key#1].key"},
		{"variant", func(s *Stack) { s.Field("Op"); s.Variant("Put"); s.Field("K") }, ".Op.(Put).K"},
		{"popped", func(s *Stack) { s.Field("A"); s.Field("B"); s.Pop(); s.Index(0) }, ".A[0]"},
		{"truncated", func(s *Stack) { s.Field("A"); s.Field("B"); s.Field("C"); s.Truncate(1) }, ".A"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var s Stack
			tt.build(&s)
			if got := s.String(); got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

// TestPopForgetsKeys checks that a popped segment keeps no key alive.
func TestPopForgetsKeys(t *testing.T) {
	var s Stack
	s.Entry(0, reflect.ValueOf("k"))
	s.Pop()
	if s.Len() != 0 || s.segs[:1][0].k.IsValid() {
		t.Fatalf("a popped entry segment still holds its key: %+v", s.segs[:1])
	}
}

type (
	rLeaf  struct{ N int }
	rShape interface{ area() int }
	rBox   struct{ Leaf *rLeaf }
	rRoot  struct {
		List  []rLeaf
		ByKey map[string]*rLeaf
		ByNum map[int8]rLeaf
		Shape rShape
		Ptr   *rRoot
	}
)

func (rBox) area() int { return 0 }

func TestResolve(t *testing.T) {
	leaf := &rLeaf{N: 5}
	root := &rRoot{
		List:  []rLeaf{{1}, {2}},
		ByKey: map[string]*rLeaf{`a"]b`: leaf},
		ByNum: map[int8]rLeaf{-3: {9}},
		Shape: &rBox{Leaf: &rLeaf{N: 7}},
		Ptr:   &rRoot{List: []rLeaf{{8}}},
	}
	tests := []struct {
		build func(s *Stack)
		want  int // the N of the leaf reached
	}{
		{func(s *Stack) { s.Field("List"); s.Index(1) }, 2},
		{func(s *Stack) { s.Field("ByKey"); s.Entry(0, reflect.ValueOf(`a"]b`)) }, 5},
		{func(s *Stack) { s.Field("ByNum"); s.Entry(0, reflect.ValueOf(int8(-3))) }, 9},
		{func(s *Stack) { s.Field("Shape"); s.Variant("rBox"); s.Field("Leaf") }, 7},
		{func(s *Stack) { s.Field("Ptr"); s.Field("List"); s.Index(0) }, 8},
	}
	for _, tt := range tests {
		var s Stack
		tt.build(&s)
		v, err := Resolve(reflect.ValueOf(root), s.String())
		if err != nil {
			t.Errorf("Resolve(%q): %v", s.String(), err)
			continue
		}
		if got := reflect.Indirect(v).Interface().(rLeaf).N; got != tt.want {
			t.Errorf("Resolve(%q) reached N=%d, want %d", s.String(), got, tt.want)
		}
	}
	for _, bad := range []string{".Nope", ".List[2]", ".ByKey[\"zz\"]", ".Shape.(rLeaf)", ".List[x]", "[0]", ".ByKey[\"a"} {
		if _, err := Resolve(reflect.ValueOf(root), bad); err == nil {
			t.Errorf("Resolve(%q) found a value", bad)
		}
	}
}
