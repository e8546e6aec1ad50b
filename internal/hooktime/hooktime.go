// Package hooktime adds up the time user hooks (Mutate, CrossOver,
// PostProcess) take, for the libFuzzer binary's periodic stats line: a
// hook that is slow, or called too often, shows as its share of the
// pipeline's time. The outermost hook call of a walk is timed; types
// without hooks pay nothing.
package hooktime

import (
	"sync/atomic"
	"time"
)

var nanos atomic.Int64

// Add adds the time since start.
func Add(start time.Time) { nanos.Add(int64(time.Since(start))) }

// Total is the time hooks took so far, in this process.
func Total() time.Duration { return time.Duration(nanos.Load()) }
