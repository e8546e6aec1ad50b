package harness

import (
	"bytes"
	"hash/maphash"
)

// libFuzzer hands the same corpus units to the mutator and to crossover
// over and over. The harness keeps the decoded, post-processed values of
// the most recent units, keyed by their bytes, so a unit is decoded once
// while it stays in use: crossover reads its donor straight from the
// cache, and what the algorithms change in place is a copy.
//
// Only canonical units are kept: bytes that are the encoding of their own
// post-processed value. Their value does not depend on the seed the
// post-processing ran with (PostProcess leaves valid values alone), so a
// cached value is the one decoding would give for any seed; and their
// bytes are the encoding the mutator needs, so it does not encode the
// value again.
//
// An entry weighs its encoding's length plus the memory its value takes
// as the codec counts it (codec.Options.Memory): a short encoding can
// decode into much more.
//
// The cache holds a few hundred units: libFuzzer picks the unit to mutate
// and the second parent of a crossover from the whole corpus, which soon
// holds hundreds of units, and a cache much smaller than the part of the
// corpus in use hits only by chance.
const (
	unitCacheEntries = 256      // values kept at most
	unitCacheBytes   = 16 << 20 // the entries' total weight at most
	unitMaxBytes     = 1 << 16  // a longer unit is not kept
	unitMaxWeight    = 1 << 20  // nor a heavier one
)

// unitCache is a small clock cache of decoded units. The caller holds the
// harness's lock. It is not generic, on purpose: the methods of a generic
// type are compiled into the package that instantiates it, the user's
// fuzz target, and a native libFuzzer build traces every comparison they
// make as if it were the target's (the cache's searches were 20% of a
// small target's time, and noise in libFuzzer's comparison table).
type unitCache struct {
	seed    maphash.Seed
	entries []unitEntry
	index   map[uint64]int // an entry's position in entries, by its hash
	size    int            // total weight of the entries
	hand    int            // the clock hand: the next entry eviction looks at
	hits    int            // lookups that found their unit, for tests
	// seen holds the hashes of the last units missed (see admit), in
	// the order they came; seenAt counts each hash's places in it. A unit
	// is seen again within the window when it recurs before twice as many
	// other units as the cache holds were missed.
	seen   [2 * unitCacheEntries]uint64
	seenAt map[uint64]int
	next   int
}

type unitEntry struct {
	hash uint64
	key  []byte // the unit's bytes, a copy
	v    any    // a *T, never changed once cached
	cost int    // the entry's weight: len(key) and the value's memory
	used bool   // looked up since the hand last passed
}

// get returns the cached value of data, or nil, and data's hash.
func (c *unitCache) get(data []byte) (any, uint64) {
	if c.index == nil {
		c.seed = maphash.MakeSeed()
		c.index = make(map[uint64]int)
		c.seenAt = make(map[uint64]int)
	}
	h := maphash.Bytes(c.seed, data)
	if i, ok := c.index[h]; ok {
		if e := &c.entries[i]; bytes.Equal(e.key, data) {
			e.used = true
			c.hits++
			return e.v, h
		}
	}
	return nil, h
}

// admit reports whether a unit of hash h that a caller needs to change
// was missed before, recently: such a unit is worth a copy in the cache.
// A unit seen once (the output of the previous mutation, say, which the
// target consumed) is not copied in.
func (c *unitCache) admit(h uint64) bool {
	if c.seenAt[h] > 0 {
		return true
	}
	slot := c.next % len(c.seen)
	if c.next >= len(c.seen) {
		old := c.seen[slot]
		if c.seenAt[old]--; c.seenAt[old] <= 0 {
			delete(c.seenAt, old)
		}
	}
	c.seen[slot] = h
	c.seenAt[h]++
	c.next++
	return false
}

// put caches v as the value of data, of hash h (as get gave it), which
// get did not find; mem is the memory v takes. It evicts entries the
// clock hand finds unused since it last passed.
func (c *unitCache) put(h uint64, data []byte, v any, mem int) {
	cost := len(data) + mem
	if len(data) > unitMaxBytes || cost > unitMaxWeight {
		return
	}
	if i, ok := c.index[h]; ok {
		c.remove(i) // another unit of the same hash: the newer one wins
	}
	for len(c.entries) > 0 && (len(c.entries) == unitCacheEntries || c.size+cost > unitCacheBytes) {
		c.hand %= len(c.entries)
		if old := &c.entries[c.hand]; old.used {
			old.used = false
			c.hand++
			continue
		}
		c.remove(c.hand)
	}
	e := unitEntry{hash: h, key: bytes.Clone(data), v: v, cost: cost}
	c.size += cost
	c.index[h] = len(c.entries)
	c.entries = append(c.entries, e)
}

// remove drops entry i; the last entry takes its place.
func (c *unitCache) remove(i int) {
	c.size -= c.entries[i].cost
	delete(c.index, c.entries[i].hash)
	last := len(c.entries) - 1
	if i != last {
		c.entries[i] = c.entries[last]
		c.index[c.entries[i].hash] = i
	}
	c.entries[last] = unitEntry{}
	c.entries = c.entries[:last]
}
