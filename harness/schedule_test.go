package harness

import (
	"encoding/binary"
	"testing"
)

func unit(i int) []byte { return binary.LittleEndian.AppendUint64([]byte("u"), uint64(i)) }

// A result earns its family a credit when it comes back as a unit, once;
// a unit seen before earns nothing when a move makes it again.
func TestScheduleCreditsResultsThatComeBack(t *testing.T) {
	var s schedule
	s.fixed = -1
	s.sawUnit(unit(0))
	s.made(unit(0), famBytes) // a parent again: nothing new
	s.made(unit(1), famBytes)
	s.made(unit(2), famTyped)
	for range 3 {
		s.sawUnit(unit(0))
		s.sawUnit(unit(1))
	}
	st := s.families()
	if st[famBytes].Made != 2 || st[famBytes].Kept != 1 || st[famTyped].Made != 1 || st[famTyped].Kept != 0 {
		t.Fatalf("counts %+v, want bytes 2 made, 1 kept; typed 1 made, 0 kept", st)
	}
	s.sawUnit(unit(2))
	if st := s.families(); st[famTyped].Kept != 1 {
		t.Fatalf("typed kept %d, want 1", st[famTyped].Kept)
	}
}

// The share follows the credits, within the floors, for each pair alone.
func TestScheduleShares(t *testing.T) {
	for _, tc := range []struct {
		name      string
		keepBytes bool // which family's results come back
		lo, hi    float64
	}{
		{"bytes kept", true, byteMax, byteMax},
		{"typed kept", false, byteMin, byteMin},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var s schedule
			s.fixed = -1
			if got := s.share(famTyped); got != byteBase {
				t.Fatalf("a new schedule's share %v, want %v", got, byteBase)
			}
			for i := range 5000 {
				f := famTyped
				if i%2 == 0 {
					f = famBytes
				}
				s.made(unit(i), f)
				if (f == famBytes) == tc.keepBytes && i%5 < 2 {
					s.sawUnit(unit(i))
				}
			}
			if got := s.share(famTyped); got < tc.lo || got > tc.hi {
				t.Fatalf("byte share %v, want in [%v, %v]", got, tc.lo, tc.hi)
			}
			if got := s.share(famCross); got != byteBase {
				t.Fatalf("crossover's share moved to %v with mutation's credits", got)
			}
		})
	}
}

// Old counts fade: a family that stops paying loses its share within a
// few windows.
func TestScheduleForgetsOldCredits(t *testing.T) {
	var s schedule
	s.fixed = -1
	for i := range scheduleWindow / 2 {
		s.made(unit(-i-1), famTyped)
		s.made(unit(i), famBytes)
		s.sawUnit(unit(i))
	}
	if s.share(famTyped) != byteMax {
		t.Fatalf("byte share %v after bytes paid, want %v", s.share(famTyped), byteMax)
	}
	for i := range 4 * scheduleWindow {
		f := famTyped
		if i%2 == 0 {
			f = famBytes
		}
		u := unit(scheduleWindow + i)
		s.made(u, f)
		if f == famTyped && i%4 == 1 {
			s.sawUnit(u)
		}
	}
	if got := s.share(famTyped); got != byteMin {
		t.Fatalf("byte share %v after typed paid for four windows, want %v", got, byteMin)
	}
	if s.used[famTyped]+s.used[famBytes] >= scheduleWindow {
		t.Fatalf("counts %v did not halve", s.used)
	}
}

// colliding returns n inputs, other than unit(0), whose hashes fall in
// the bucket of unit(0).
func colliding(s *schedule, n int) [][]byte {
	bucket := func(d []byte) uint64 { return s.hash(d) >> slotShift / bucketWays }
	var out [][]byte
	for i := 1; len(out) < n; i++ {
		if bucket(unit(i)) == bucket(unit(0)) {
			out = append(out, unit(i))
		}
	}
	return out
}

// The schedule's memory is a fixed table: a result is forgotten when
// bucketWays newer ones take its bucket, and then earns nothing when it
// comes back; a unit libFuzzer handed back outlives results in its bucket.
func TestScheduleMemoryIsBounded(t *testing.T) {
	var s schedule
	s.fixed = -1
	s.made(unit(0), famTyped)
	others := colliding(&s, bucketWays)
	for _, d := range others {
		s.made(d, famTyped)
	}
	if len(s.table) != scheduleKeep {
		t.Fatalf("table of %d entries, want %d", len(s.table), scheduleKeep)
	}
	s.sawUnit(unit(0))
	if st := s.families(); st[famTyped].Kept != 0 {
		t.Fatalf("kept %d, want 0: a forgotten result earned a credit", st[famTyped].Kept)
	}
	s.sawUnit(others[bucketWays-1])
	if st := s.families(); st[famTyped].Kept != 1 {
		t.Fatalf("kept %d, want 1: the newest result earns its credit", st[famTyped].Kept)
	}
	// unit(0) is a unit now: results that fill its bucket again leave it.
	for _, d := range colliding(&s, 3*bucketWays)[bucketWays:] {
		s.made(d, famBytes)
	}
	s.made(unit(0), famBytes)
	s.sawUnit(unit(0))
	if st := s.families(); st[famBytes].Kept != 0 {
		t.Fatalf("byte results kept %d, want 0: a unit was forgotten for results", st[famBytes].Kept)
	}
}

// choose draws from the seed: over many seeds, the byte-level family's
// frequency is its share; off, or for a type with its own hook, it is
// never chosen.
func TestScheduleChoose(t *testing.T) {
	for _, tc := range []struct {
		name  string
		setup func(s *schedule)
		want  float64
	}{
		{"new", func(*schedule) {}, byteBase},
		{"fixed", func(s *schedule) { s.fixed = 0.25 }, 0.25},
		{"off", func(s *schedule) { s.off = true }, 0},
		{"hooked", func(s *schedule) { s.hooked[famTyped] = true }, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := schedule{fixed: -1}
			tc.setup(&s)
			n := 0
			for seed := range uint64(20000) {
				if s.choose(famTyped, seed) == famBytes {
					n++
				}
			}
			if got := float64(n) / 20000; got < tc.want-0.02 || got > tc.want+0.02 {
				t.Fatalf("byte family chosen %.3f of the time, want %.2f", got, tc.want)
			}
		})
	}
}

// A unit libFuzzer keeps handing back stays known, however many results
// come between: a result equal to it is not new, and earns no credit.
func TestScheduleKeepsUnitsInUse(t *testing.T) {
	var s schedule
	s.fixed = -1
	for i := range 4 * scheduleKeep {
		if i%64 == 0 {
			s.sawUnit(unit(-1)) // in use: libFuzzer hands it back often
		}
		s.made(unit(i), famTyped)
	}
	s.sawUnit(unit(-1))
	s.made(unit(-1), famBytes) // the unit again: unchanged
	s.sawUnit(unit(-1))
	if st := s.families(); st[famBytes].Kept != 0 {
		t.Fatalf("a unit in use was forgotten: a result equal to it earned %d credits", st[famBytes].Kept)
	}
}

// A handful of credits is noise: the share stays at its base until the
// difference is clear, and then moves.
func TestScheduleWaitsForEvidence(t *testing.T) {
	for _, tc := range []struct {
		name              string
		keptT, usedT      float64
		keptB, usedB      float64
		wantLow, wantHigh float64
	}{
		{"nothing yet", 0, 0, 0, 0, byteBase, byteBase},
		{"five against one", 1, 1600, 5, 2400, byteBase, byteBase},
		{"equal rates", 80, 3500, 13, 570, byteBase, byteBase},
		{"bytes kept four times as often", 50, 5000, 200, 5000, byteMax, byteMax},
		{"typed kept four times as often", 200, 5000, 50, 5000, byteMin, byteMin},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := schedule{fixed: -1}
			s.kept[famTyped], s.used[famTyped] = tc.keptT, tc.usedT
			s.kept[famBytes], s.used[famBytes] = tc.keptB, tc.usedB
			if got := s.share(famTyped); got < tc.wantLow || got > tc.wantHigh {
				t.Fatalf("share %v, want in [%v, %v]", got, tc.wantLow, tc.wantHigh)
			}
		})
	}
}
