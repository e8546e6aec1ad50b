package libfuzzer

// This file holds the exported entry points. A cgo preamble in a file with
// //export may only declare, so the definitions libFuzzer needs to keep
// them linked live in libfuzzer.go.

/*
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
*/
import "C"

import (
	"fmt"
	"os"
	"strings"
	"sync/atomic"
	"time"
	"unsafe"

	"github.com/structfuzz/structfuzz/harness"
)

// structfuzz_initialize is the body of the binary's LLVMFuzzerInitialize
// (a weak C definition in libfuzzer.go, so that go-fuzz-build's own wins
// where it links one): it adds the flags the binary knows the defaults of,
// when the command line does not give them: the input type's -max_len and
// a -dict of the literals structfuzz build embedded (see initialFlags).
// libFuzzer parses the flags after it, so explicit ones still win, and
// fork-mode and merge children get the added flags like any other.
//
//export structfuzz_initialize
func structfuzz_initialize(argc *C.int, argv ***C.char) C.int {
	n := int(*argc)
	old := unsafe.Slice(*argv, n)
	args := make([]string, n)
	for i, a := range old {
		args[i] = C.GoString(a)
	}
	add, line := initialFlags(args)
	fmt.Fprint(os.Stderr, line)
	if len(add) == 0 {
		return 0
	}
	// A new argv, never freed (libFuzzer keeps it): the old pointers, the
	// added flags and the NULL that ends it.
	total := n + len(add) + 1
	p := (**C.char)(C.malloc(C.size_t(total) * C.size_t(unsafe.Sizeof(uintptr(0)))))
	nv := unsafe.Slice(p, total)
	copy(nv, old)
	for i, a := range add {
		nv[n+i] = C.CString(a)
	}
	nv[total-1] = nil
	*argc, *argv = C.int(total-1), p
	return 0
}

//export LLVMFuzzerCustomMutator
func LLVMFuzzerCustomMutator(data *C.uint8_t, size, maxSize C.size_t, seed C.uint) C.size_t {
	mu.Lock()
	p := registered
	mu.Unlock()
	if p == nil || rawMode {
		return byteMutate(unsafe.Pointer(data), size, maxSize)
	}
	// The buffer holds the input and room up to maxSize. When libFuzzer
	// minimizes a crash it asks for a result shorter than the input, so
	// maxSize can be below size.
	buf := unsafe.Slice((*byte)(unsafe.Pointer(data)), max(int(size), int(maxSize)))
	// 0 (nothing fits) makes libFuzzer try another mutation.
	n := p.MutateTo(buf[:maxSize], buf[:size], uint64(seed))
	pulse(p)
	return C.size_t(n)
}

//export LLVMFuzzerCustomCrossOver
func LLVMFuzzerCustomCrossOver(data1 *C.uint8_t, size1 C.size_t, data2 *C.uint8_t, size2 C.size_t,
	out *C.uint8_t, maxOutSize C.size_t, seed C.uint) C.size_t {
	a := unsafe.Slice((*byte)(unsafe.Pointer(data1)), int(size1))
	b := unsafe.Slice((*byte)(unsafe.Pointer(data2)), int(size2))
	dst := unsafe.Slice((*byte)(unsafe.Pointer(out)), int(maxOutSize))
	return C.size_t(crossOver(a, b, dst, uint64(seed)))
}

// crossOver writes a child of a and b into dst and returns its length, or
// 0 for no result.
func crossOver(a, b, dst []byte, seed uint64) int {
	mu.Lock()
	p := registered
	mu.Unlock()
	if p == nil || rawMode {
		// No result: libFuzzer then picks another mutation. In raw mode
		// the custom mutator defers to LLVMFuzzerMutate, whose mutation
		// list has libFuzzer's own crossover, so the binary fuzzes as if
		// neither export existed.
		return 0
	}
	n := p.CrossOverTo(dst, a, b, seed)
	pulse(p)
	return n
}

// calls counts the pipeline's calls, for pulse; began is when the first
// one came.
var (
	calls atomic.Uint64
	began atomic.Int64
)

// pulse prints the stats line (unless STRUCTFUZZ_STATS=0), and the moves'
// counts with STRUCTFUZZ_MOVES=1, at 8192 calls of the pipeline and each
// doubling after, as libFuzzer prints its own.
func pulse(p pipeline) {
	n := calls.Add(1)
	if n == 1 {
		began.Store(time.Now().UnixNano())
	}
	if n < 1<<13 || n&(n-1) != 0 {
		return
	}
	if showStats {
		fmt.Fprint(os.Stderr, statsLine(p.Stats(), time.Duration(time.Now().UnixNano()-began.Load())))
	}
	if showMoves {
		fmt.Fprint(os.Stderr, movesLine(n, p.Moves()))
	}
}

// statsLine is the line pulse prints: what happened to the inputs and
// the mutations, and where the time went, over a run of elapsed.
func statsLine(s harness.Stats, elapsed time.Duration) string {
	var b strings.Builder
	fmt.Fprintf(&b, "structfuzz: %d inputs run, %d rejected", s.Runs, s.Rejected)
	if s.FirstRejection != nil {
		why := s.FirstRejection.Error()
		if len(why) > 120 {
			why = why[:120] + "..."
		}
		fmt.Fprintf(&b, " (the first: %s)", why)
	}
	fmt.Fprintf(&b, "; %d mutations, %d made nothing", s.Mutations, s.NoResult)
	if elapsed > 0 {
		fmt.Fprintf(&b, "; the mutation pipeline took %.0f%% of the time, hooks %.0f%%",
			100*float64(s.PipelineTime)/float64(elapsed), 100*float64(s.HookTime)/float64(elapsed))
	}
	b.WriteByte('\n')
	return b.String()
}

// movesLine is the line pulse prints with STRUCTFUZZ_MOVES=1.
func movesLine(calls uint64, moves []harness.FamilyStats) string {
	var b strings.Builder
	fmt.Fprintf(&b, "structfuzz: %d calls:", calls)
	for i, f := range moves {
		if i > 0 {
			b.WriteByte(';')
		}
		fmt.Fprintf(&b, " %s %d made, %d kept, share %.2f", f.Name, f.Made, f.Kept, f.Share)
	}
	b.WriteByte('\n')
	return b.String()
}
