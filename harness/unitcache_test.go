package harness

import (
	"bytes"
	"fmt"
	"testing"
)

// The cache of decoded units stays within its bounds, in entries and in
// weight (encodings and decoded memory), whatever it is given, and keeps
// no unit too long or too heavy; it finds what it holds; and its clock keeps
// the units looked up since the hand last passed over those that were not.
func TestUnitCacheBounds(t *testing.T) {
	for _, tc := range []struct {
		name string
		size func(i int) int // the length of the i-th unit
		mem  func(i int) int // the memory its value takes
	}{
		{"small", func(int) int { return 16 }, func(int) int { return 64 }},
		{"large", func(int) int { return unitMaxBytes - 100 }, func(int) int { return 1 << 19 }},
		{"mixed", func(i int) int { return []int{3, unitMaxBytes / 2, 700, unitMaxBytes, 40}[i%5] }, func(i int) int { return i * 3000 }},
		{"too large", func(i int) int { return unitMaxBytes + 1 + i }, func(int) int { return 0 }},
		{"too heavy", func(int) int { return 10 }, func(i int) int { return unitMaxWeight + i }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var c unitCache
			hot := bytes.Repeat([]byte{0xee}, 8)
			hv := -1
			_, hh := c.get(hot)
			c.put(hh, hot, &hv, 100)
			for i := range 3 * unitCacheEntries {
				key := make([]byte, tc.size(i))
				copy(key, fmt.Sprint(i, ","))
				v := i
				got, h := c.get(key)
				if got != nil {
					t.Fatalf("unit %d found before it was put", i)
				}
				c.put(h, key, &v, tc.mem(i))
				fits := len(key) <= unitMaxBytes && len(key)+tc.mem(i) <= unitMaxWeight
				if got := peek(&c, key); fits != (got != nil) || got != nil && *got != i {
					t.Fatalf("unit %d (%d bytes, memory %d) found %v right after it was put", i, len(key), tc.mem(i), got != nil)
				}
				if got, _ := c.get(hot); got == nil || *got.(*int) != -1 {
					t.Fatalf("after unit %d: the unit looked up every time was evicted", i)
				}
				sum := 0
				for _, e := range c.entries {
					sum += e.cost
				}
				for j, e := range c.entries {
					if c.index[e.hash] != j {
						t.Fatalf("after unit %d: entry %d is indexed at %d", i, j, c.index[e.hash])
					}
				}
				if len(c.index) != len(c.entries) {
					t.Fatalf("after unit %d: %d indexed, %d entries", i, len(c.index), len(c.entries))
				}
				if len(c.entries) > unitCacheEntries || c.size > unitCacheBytes || sum != c.size {
					t.Fatalf("after unit %d: %d entries, weight %d (entries %d), over %d / %d", i, len(c.entries), c.size, sum, unitCacheEntries, unitCacheBytes)
				}
			}
		})
	}
}

// peek is get without marking the entry used.
func peek(c *unitCache, key []byte) *int {
	for _, e := range c.entries {
		if bytes.Equal(e.key, key) {
			return e.v.(*int)
		}
	}
	return nil
}

// A unit is admitted when it is missed again before twice as many other
// units as the cache holds were missed, and not after.
func TestUnitCacheAdmit(t *testing.T) {
	var c unitCache
	c.get(nil) // initialises
	window := len(c.seen)
	if c.admit(1) {
		t.Fatal("a unit missed for the first time was admitted")
	}
	for i := range window - 1 {
		c.admit(uint64(1000 + i))
	}
	if !c.admit(1) {
		t.Fatalf("a unit missed again after %d others was not admitted", window-1)
	}
	for i := range window {
		c.admit(uint64(5000 + i))
	}
	if c.admit(1) {
		t.Fatalf("a unit missed again after %d others was admitted: the window is %d", window, window)
	}
	if len(c.seenAt) > window {
		t.Fatalf("%d hashes counted for a window of %d", len(c.seenAt), window)
	}
}

// Two units of one hash: the one put last replaces the other.
func TestUnitCacheSameHash(t *testing.T) {
	var c unitCache
	_, h := c.get([]byte("a"))
	one, two := 1, 2
	c.put(h, []byte("a"), &one, 10)
	c.put(h, []byte("b"), &two, 10)
	if len(c.entries) != 1 || len(c.index) != 1 || c.size != 11 {
		t.Fatalf("%d entries, %d indexed, weight %d; want one entry of weight 11", len(c.entries), len(c.index), c.size)
	}
	if got := peek(&c, []byte("b")); got == nil || *got != 2 {
		t.Fatalf("the unit put last is not the one kept")
	}
	if got, _ := c.get([]byte("a")); got != nil {
		t.Fatalf("the replaced unit is still found")
	}
}
