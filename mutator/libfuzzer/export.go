package libfuzzer

// This file holds the exported entry points. A cgo preamble in a file with
// //export may only declare, so the definitions libFuzzer needs to keep
// them linked live in libfuzzer.go.

/*
#include <stddef.h>
#include <stdint.h>
*/
import "C"

import (
	"unsafe"
)

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
	out := p.Mutate(buf[:size], int(maxSize), uint64(seed))
	return C.size_t(copy(buf[:maxSize], out))
}

//export LLVMFuzzerCustomCrossOver
func LLVMFuzzerCustomCrossOver(data1 *C.uint8_t, size1 C.size_t, data2 *C.uint8_t, size2 C.size_t,
	out *C.uint8_t, maxOutSize C.size_t, seed C.uint) C.size_t {
	mu.Lock()
	p := registered
	mu.Unlock()
	a := unsafe.Slice((*byte)(unsafe.Pointer(data1)), int(size1))
	b := unsafe.Slice((*byte)(unsafe.Pointer(data2)), int(size2))
	dst := unsafe.Slice((*byte)(unsafe.Pointer(out)), int(maxOutSize))
	if p == nil || rawMode {
		// libFuzzer's own crossover is not callable from here: splice.
		n := copy(dst, a[:min(len(a), len(dst)/2+1)])
		n += copy(dst[n:], b[min(len(b), n):])
		return C.size_t(n)
	}
	return C.size_t(copy(dst, p.CrossOver(a, b, int(maxOutSize), uint64(seed))))
}
