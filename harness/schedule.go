package harness

import (
	"hash/maphash"
	"math"
)

// The engine has two families of moves for each of its entry points.
// Mutate either makes a typed change (the mutator) or changes the bytes
// of the whole encoding with the Leaf (LLVMFuzzerMutate in a libFuzzer
// binary, so its comparison operands and dictionary reach any part of the
// input) and decodes them leniently. CrossOver either crosses the two
// values (package crossover) or splices their encodings. Which family
// pays depends on the target: random bytes decoded leniently change many
// values at once and land libFuzzer's comparison operands anywhere, which
// wins on some targets; typed moves keep structure, which wins on others;
// a fixed mix gives up half of each. So the shares adapt at run time.
//
// libFuzzer does not tell a custom mutator which results gave new
// coverage, but it only ever mutates units of its corpus. The schedule
// remembers the hash of each result and the family that made it; when a
// result comes back later as the unit to mutate or as a crossover parent,
// libFuzzer kept it, and its family is credited, once. A result that is
// mutated again at once (libFuzzer stacks several mutations on one input
// before it runs) is the engine's previous result, and says nothing: the
// engine does not show it to the schedule.
//
// A family's rate is its credits over its uses. Coverage kept is a weak
// sign of progress towards a bug: on the benchmark suite's examples
// byte-level moves were kept about as often as typed ones and still found
// the typed-friendly bugs 1.5 to 2.5 times later at even shares, and with
// a few credits in a few thousand calls a plain ratio of rates swings the
// share on noise. So the typed family leads, and the byte-level share
// moves from byteBase only on evidence: when even a low bound of the byte
// rate beats a high bound of the typed one (or the other way round), the
// share is byteBase times the square of the ratio of those bounds, kept
// between byteMin and byteMax. Byte-level moves take most calls only
// where they are kept clearly more often (a parser whose syntax random
// bytes reach, say). The counts halve every scheduleWindow uses of a
// pair, so the shares follow the campaign as its easy coverage runs out.

// family is one family of moves.
type family uint8

const (
	famTyped  family = iota // Mutate: the mutator's typed changes
	famBytes                // Mutate: the Leaf over the whole encoding
	famCross                // CrossOver: typed crossover
	famSplice               // CrossOver: a splice of the two encodings
	numFamilies
)

// familyNames name the families in Stats.
var familyNames = [numFamilies]string{"typed mutation", "byte mutation", "typed crossover", "byte splice"}

const (
	byteBase       = 0.15    // the byte-level share at equal rates
	byteMin        = 0.05    // the least byte-level share
	byteMax        = 0.75    // the most: typed moves keep a quarter
	scheduleWindow = 1 << 14 // a pair's counts halve after this many uses
	scheduleKeep   = 1 << 16 // hashes remembered, results and units
	slotShift      = 64 - 16 // a hash's bucket is its top 16 bits, rounded down
	bucketWays     = 4       // hashes in a bucket: 32 bytes
)

// unitMark marks a remembered hash as a unit libFuzzer handed back: a
// later result with the same bytes is not new, and earns no credit.
const unitMark = family(0xff)

// schedule chooses between the families of a pair and learns from the
// units libFuzzer hands back. The caller holds the harness's lock. Its
// memory is bounded: it remembers at most scheduleKeep hashes.
type schedule struct {
	// off keeps every choice typed (Options.TypedOnly).
	off bool
	// hooked[f] keeps the choice of f's pair typed: the input can hold a
	// value with a Mutate (or CrossOver) hook, which owns its mutation.
	hooked [numFamilies]bool
	// fixed, when in [0, 1], replaces the adaptive share (for tests).
	fixed float64
	seed  maphash.Seed
	// used and kept are the decayed counts of results made and of those
	// libFuzzer kept; total and credited count them since the start.
	used, kept      [numFamilies]float64
	total, credited [numFamilies]uint64
	// table remembers results and units by hash, in buckets of
	// bucketWays entries chosen by the hash's top bits: each entry is the
	// hash with its low byte replaced by the family that made it (or
	// unitMark). A newer hash takes the place of an older one in a full
	// bucket (see remember). So the memory is fixed and a call reads and
	// writes one bucket, where a map with an eviction ring cost several
	// lookups in a table of 32k entries.
	table []uint64
}

// pair returns the family a and its partner b of the pair a entry point
// chooses between.
func pair(a family) (family, family) {
	if a == famTyped || a == famBytes {
		return famTyped, famBytes
	}
	return famCross, famSplice
}

// share returns the share of the second family of a's pair (the byte
// level one), between byteMin and byteMax.
func (s *schedule) share(a family) float64 {
	t, b := pair(a)
	ratio := 1.0
	if up := lowRate(s.kept[b], s.used[b]) / highRate(s.kept[t], s.used[t]); up > 1 {
		ratio = up
	} else if down := highRate(s.kept[b], s.used[b]) / lowRate(s.kept[t], s.used[t]); down < 1 {
		ratio = down
	}
	return min(max(byteBase*ratio*ratio, byteMin), byteMax)
}

// lowRate and highRate bound the rate of k credits in n uses, about two
// standard deviations (credits are rare: a Poisson count) below and above
// k/n. With no uses the bounds are 0 and +Inf: nothing is known.
func lowRate(k, n float64) float64 {
	if n <= 0 {
		return 0
	}
	return max(k-2*math.Sqrt(k), 0) / n
}

func highRate(k, n float64) float64 {
	if n <= 0 {
		return math.Inf(1)
	}
	return (k + 2*math.Sqrt(k) + 2) / n
}

// choose returns the family of a's pair to use for a call with seed: the
// byte-level one with its share's probability. The draw depends only on
// the seed and the counts, so a run is repeatable.
func (s *schedule) choose(a family, seed uint64) family {
	t, b := pair(a)
	if s.off || s.hooked[t] {
		return t
	}
	share := s.share(a)
	if s.fixed >= 0 && s.fixed <= 1 {
		share = s.fixed
	}
	if unitFloat(seed) < share {
		return b
	}
	return t
}

// learning reports whether credits can change a choice: not with
// Options.TypedOnly, nor when hooks keep both pairs typed. The hashing
// of every unit and result is then skipped.
func (s *schedule) learning() bool {
	return !s.off && !(s.hooked[famTyped] && s.hooked[famCross])
}

// unitFloat maps a seed to [0, 1) (splitmix64's finaliser, then the top
// 53 bits): libFuzzer's seeds are small consecutive numbers.
func unitFloat(seed uint64) float64 {
	z := seed + 0x9e3779b97f4a7c15
	z = (z ^ z>>30) * 0xbf58476d1ce4e5b9
	z = (z ^ z>>27) * 0x94d049bb133111eb
	z ^= z >> 31
	return float64(z>>11) / (1 << 53)
}

// sawUnit tells the schedule that libFuzzer handed data to the engine as
// a unit of its corpus. A result the schedule remembers making earns its
// family a credit, once.
func (s *schedule) sawUnit(data []byte) {
	if !s.learning() {
		return
	}
	h := s.hash(data)
	if f, ok := s.recall(h); ok && f != unitMark {
		s.kept[f]++
		s.credited[f]++
	}
	// Remembered as a unit from now on (again, if a result took its slot):
	// a result equal to it is not new, and earns no credit.
	s.remember(h, unitMark)
}

// made records a result of family f that the engine returns.
func (s *schedule) made(out []byte, f family) {
	s.total[f]++
	if !s.learning() {
		return
	}
	t, b := pair(f)
	s.used[f]++
	if s.used[t]+s.used[b] >= scheduleWindow {
		for _, g := range [2]family{t, b} {
			s.used[g] /= 2
			s.kept[g] /= 2
		}
	}
	h := s.hash(out)
	if _, ok := s.recall(h); !ok {
		s.remember(h, f)
	}
}

// hash returns data's hash, making the seed and the table on first use.
func (s *schedule) hash(data []byte) uint64 {
	if s.table == nil {
		s.seed = maphash.MakeSeed()
		s.table = make([]uint64, scheduleKeep)
	}
	return maphash.Bytes(s.seed, data)
}

// recall returns the family remembered for hash h, if its bucket holds
// it. Two hashes that differ only in the low byte are one (a chance of
// 2^-56).
func (s *schedule) recall(h uint64) (family, bool) {
	for _, e := range s.bucket(h) {
		if e != 0 && e>>8 == h>>8 {
			return family(e), true
		}
	}
	return 0, false
}

// remember puts hash h in its bucket with family f. A bucket is kept in
// order, newest first; h goes to the front, moved from its own entry if
// the bucket holds it, else taking the place of an empty entry, else of
// the oldest result, else of the oldest unit. A unit libFuzzer still
// hands back is worth more than a result: a result equal to a forgotten
// unit would earn a false credit.
func (s *schedule) remember(h uint64, f family) {
	b := s.bucket(h)
	victim, result := len(b)-1, -1
	for i, old := range b {
		if old == 0 || old>>8 == h>>8 {
			victim, result = i, -1
			break
		}
		if family(old) != unitMark {
			result = i
		}
	}
	if result >= 0 {
		victim = result
	}
	copy(b[1:victim+1], b[:victim])
	b[0] = h&^0xff | uint64(f)
}

// bucket returns the entries h may be remembered in.
func (s *schedule) bucket(h uint64) []uint64 {
	i := (h >> slotShift) &^ (bucketWays - 1)
	return s.table[i : i+bucketWays : i+bucketWays]
}

// FamilyStats counts what one family of moves made.
type FamilyStats struct {
	// Name names the family: "typed mutation", "byte mutation", "typed
	// crossover" or "byte splice".
	Name string
	// Made counts the results it made.
	Made uint64
	// Kept counts those that came back later as corpus units: libFuzzer
	// kept them.
	Kept uint64
	// Share is the probability it is chosen now, against the other
	// family of its entry point.
	Share float64
}

// families returns the schedule's counts.
func (s *schedule) families() []FamilyStats {
	out := make([]FamilyStats, numFamilies)
	for f := range numFamilies {
		t, _ := pair(f)
		share := s.share(f)
		switch {
		case (s.off || s.hooked[t]) && f == t:
			share = 1
		case s.off || s.hooked[t]:
			share = 0
		case f == t:
			share = 1 - share
		}
		out[f] = FamilyStats{Name: familyNames[f], Made: s.total[f], Kept: s.credited[f], Share: math.Round(share*1000) / 1000}
	}
	return out
}
