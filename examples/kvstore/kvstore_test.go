package kvstore

import (
	"fmt"
	"testing"

	"github.com/structfuzz/structfuzz/examples/internal/crashtest"
)

// FuzzKVStore fuzzes Check with Go's own fuzzer: go test -fuzz=FuzzKVStore.
func FuzzKVStore(f *testing.F) {
	target.Harness().Fuzz(f, "testdata/structfuzz/corpus")
}

func TestStore(t *testing.T) {
	tests := []struct {
		name string
		ops  []Op
		want map[Key]uint16 // live keys after the ops
	}{
		{"empty", nil, map[Key]uint16{}},
		{"put", []Op{Put{1, 10}, Put{2, 20}, Put{1, 11}}, map[Key]uint16{1: 11, 2: 20}},
		{"delete", []Op{Put{1, 10}, Delete{1}, Delete{3}}, map[Key]uint16{}},
		{"rollback", []Op{Put{1, 10}, Snapshot{}, Put{1, 11}, Put{2, 20}, Rollback{}}, map[Key]uint16{1: 10}},
		{"nested rollback", []Op{Put{1, 1}, Snapshot{}, Put{1, 2}, Snapshot{}, Put{1, 3}, Rollback{}, Rollback{}}, map[Key]uint16{1: 1}},
		{"rollback without snapshot", []Op{Put{1, 1}, Rollback{}}, map[Key]uint16{1: 1}},
		{"rollback undoes delete", []Op{Put{1, 1}, Snapshot{}, Delete{1}, Rollback{}}, map[Key]uint16{1: 1}},
		{"compact keeps snapshot versions", []Op{Put{1, 1}, Snapshot{}, Put{1, 2}, Compact{}, Rollback{}}, map[Key]uint16{1: 1}},
		{"compact drops dead history", []Op{Put{1, 1}, Put{1, 2}, Delete{1}, Compact{}, Put{2, 5}}, map[Key]uint16{2: 5}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			Check(&Program{Ops: tt.ops}) // the model agrees
			s := NewStore()
			for _, op := range tt.ops {
				switch op := op.(type) {
				case Put:
					s.Put(op.Key, op.Val)
				case Delete:
					s.Delete(op.Key)
				case Snapshot:
					s.Snapshot()
				case Rollback:
					s.Rollback()
				case Compact:
					s.Compact()
				}
			}
			got := map[Key]uint16{}
			for _, k := range s.Keys() {
				got[k], _ = s.Get(k)
			}
			if fmt.Sprint(got) != fmt.Sprint(tt.want) {
				t.Fatalf("contents %v, want %v", got, tt.want)
			}
		})
	}
}

func TestCompactRemoves(t *testing.T) {
	s := NewStore()
	s.Put(1, 1)
	s.Put(1, 2)
	s.Put(1, 3)
	if n := s.Compact(); n != 2 {
		t.Fatalf("Compact removed %d versions, want 2", n)
	}
}

// TestPlantedBug checks the example's bug is real: compaction forgets a
// deleted key that an open snapshot still sees.
func TestPlantedBug(t *testing.T) {
	p := &Program{Ops: []Op{Put{Key: 3, Val: 7}, Snapshot{}, Delete{Key: 3}, Compact{}, Rollback{}, Get{Key: 3}}}
	crashtest.MustPanic(t, "Get(3) = 0, false; model has 7, true", func() { Check(p) })
}

// TestCrashInput replays a crash input the fuzzer found (seed 8 of the
// measurements in README.md).
func TestCrashInput(t *testing.T) {
	crashtest.Replay(t, target.Harness(), Check, "testdata/crash/put-snapshot-delete-compact-rollback", "Get(0) = 0, false; model has 0, true")
}
