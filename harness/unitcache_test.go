package harness

import (
	"bytes"
	"fmt"
	"testing"
)

// The cache of decoded units stays within its bounds, in entries and in
// bytes, whatever it is given; it finds what it holds; and its clock keeps
// the units looked up since the hand last passed over those that were not.
func TestUnitCacheBounds(t *testing.T) {
	for _, tc := range []struct {
		name string
		size func(i int) int // the length of the i-th unit
	}{
		{"small", func(int) int { return 16 }},
		{"large", func(int) int { return unitMaxBytes - 100 }},
		{"mixed", func(i int) int { return []int{3, unitMaxBytes / 2, 700, unitMaxBytes, 40}[i%5] }},
		{"too large", func(i int) int { return unitMaxBytes + 1 + i }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var c unitCache[int]
			hot := bytes.Repeat([]byte{0xee}, 8)
			hv := -1
			_, hh := c.get(hot)
			c.put(hh, hot, &hv)
			for i := range 200 {
				key := make([]byte, tc.size(i))
				copy(key, fmt.Sprint(i, ","))
				v := i
				got, h := c.get(key)
				if got != nil {
					t.Fatalf("unit %d found before it was put", i)
				}
				c.put(h, key, &v)
				if got := peek(&c, key); len(key) <= unitMaxBytes && (got == nil || *got != i) {
					t.Fatalf("unit %d not found right after it was put", i)
				}
				if got, _ := c.get(hot); got == nil || *got != -1 {
					t.Fatalf("after unit %d: the unit looked up every time was evicted", i)
				}
				sum := 0
				for _, e := range c.entries {
					sum += len(e.key)
				}
				if len(c.entries) > unitCacheEntries || c.size > unitCacheBytes || sum != c.size {
					t.Fatalf("after unit %d: %d entries, size %d (keys %d), over %d / %d", i, len(c.entries), c.size, sum, unitCacheEntries, unitCacheBytes)
				}
			}
		})
	}
}

// peek is get without marking the entry used.
func peek(c *unitCache[int], key []byte) *int {
	for _, e := range c.entries {
		if bytes.Equal(e.key, key) {
			return e.v
		}
	}
	return nil
}
