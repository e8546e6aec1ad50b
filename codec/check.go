package codec

import (
	"fmt"
	"reflect"
	"unicode/utf8"
	"unsafe"

	"github.com/structfuzz/structfuzz/internal/plan"
)

// Validation shared by the encoder and the strict decoder. Each check
// returns nil or an *Error without offset or path; callers add those.

func rangeErr(format string, args ...any) *Error {
	return &Error{Offset: -1, Err: ErrRange, Detail: fmt.Sprintf(format, args...)}
}

func checkInt(p *plan.Plan, x int64) *Error {
	if p.Enum != nil {
		if !p.Enum.Contains(uint64(x)) {
			return rangeErr("%d is not a declared value of %v", x, p.Type)
		}
	} else if p.Limits.HasRange && (x < p.Limits.IntMin || x > p.Limits.IntMax) {
		return rangeErr("%d outside [%d, %d]", x, p.Limits.IntMin, p.Limits.IntMax)
	}
	return nil
}

func checkUint(p *plan.Plan, x uint64) *Error {
	if p.Enum != nil {
		if !p.Enum.Contains(x) {
			return rangeErr("%d is not a declared value of %v", x, p.Type)
		}
	} else if p.Limits.HasRange && (x < p.Limits.UintMin || x > p.Limits.UintMax) {
		return rangeErr("%d outside [%d, %d]", x, p.Limits.UintMin, p.Limits.UintMax)
	}
	return nil
}

// checkChoice validates a string of a plan tagged oneof=.
func checkChoice(p *plan.Plan, s string) *Error {
	if p.Choices != nil && p.Choices.Index(s) < 0 {
		return rangeErr("%q is not one of the oneof values %q", s, p.Choices.Texts)
	}
	return nil
}

func checkFloat(p *plan.Plan, x float64) *Error {
	if p.Limits.HasRange && !(x >= p.Limits.FloatMin && x <= p.Limits.FloatMax) {
		return rangeErr("%g outside [%g, %g]", x, p.Limits.FloatMin, p.Limits.FloatMax)
	}
	return nil
}

// checkLen validates the length of a String, Bytes, Slice or Map value.
func checkLen(p *plan.Plan, n int) *Error {
	if n < p.Limits.MinLen || n > p.Limits.MaxLen {
		return &Error{Offset: -1, Err: ErrLength, Detail: fmt.Sprintf("length %d outside [%d, %d]", n, p.Limits.MinLen, p.Limits.MaxLen)}
	}
	if p.Kind != plan.String && p.Kind != plan.Bytes && p.ElemMinSize() == 0 && n > p.MaxZeroSizeCount() {
		return &Error{Offset: -1, Err: ErrLength, Detail: fmt.Sprintf("%d elements that encode to nothing; at most %d", n, p.MaxZeroSizeCount())}
	}
	return nil
}

func checkUTF8(p *plan.Plan, b []byte) *Error {
	if p.Limits.UTF8 && !utf8.Valid(b) {
		return &Error{Offset: -1, Err: ErrUTF8}
	}
	return nil
}

func depthErr(max int) *Error {
	return &Error{Offset: -1, Err: ErrDepth, Detail: fmt.Sprintf("more than %d nested levels (a cyclic value?)", max)}
}

// mem returns the n bytes of memory behind addressable v.
func mem(v reflect.Value, n int) []byte {
	// UnsafeAddr, unlike Addr, does not look up the pointer type.
	return unsafe.Slice((*byte)(unsafe.Pointer(v.UnsafeAddr())), n)
}

// addr returns the address of v, which must be addressable.
func addr(v reflect.Value) unsafe.Pointer {
	return unsafe.Pointer(v.UnsafeAddr())
}

// bytesAt returns the n bytes of memory at ptr.
func bytesAt(ptr unsafe.Pointer, n int) []byte {
	return unsafe.Slice((*byte)(ptr), n)
}

// intAt reads the signed integer of plan p at ptr, sign-extended.
func intAt(p *plan.Plan, ptr unsafe.Pointer) int64 {
	switch p.Size {
	case 1:
		return int64(*(*int8)(ptr))
	case 2:
		return int64(*(*int16)(ptr))
	case 4:
		return int64(*(*int32)(ptr))
	default:
		return *(*int64)(ptr)
	}
}

// uintAt reads the unsigned integer of plan p at ptr.
func uintAt(p *plan.Plan, ptr unsafe.Pointer) uint64 {
	switch p.Size {
	case 1:
		return uint64(*(*uint8)(ptr))
	case 2:
		return uint64(*(*uint16)(ptr))
	case 4:
		return uint64(*(*uint32)(ptr))
	default:
		return *(*uint64)(ptr)
	}
}

// setInt stores x in the signed integer of plan p at ptr, and reports
// whether it fits (an int of 8 encoded bytes on a 32-bit platform may
// not; what does not fit is truncated).
func setInt(p *plan.Plan, ptr unsafe.Pointer, x int64) bool {
	switch p.Size {
	case 1:
		*(*int8)(ptr) = int8(x)
		return int64(int8(x)) == x
	case 2:
		*(*int16)(ptr) = int16(x)
		return int64(int16(x)) == x
	case 4:
		*(*int32)(ptr) = int32(x)
		return int64(int32(x)) == x
	default:
		*(*int64)(ptr) = x
		return true
	}
}

// setUint is setInt for unsigned integers.
func setUint(p *plan.Plan, ptr unsafe.Pointer, x uint64) bool {
	switch p.Size {
	case 1:
		*(*uint8)(ptr) = uint8(x)
		return uint64(uint8(x)) == x
	case 2:
		*(*uint16)(ptr) = uint16(x)
		return uint64(uint16(x)) == x
	case 4:
		*(*uint32)(ptr) = uint32(x)
		return uint64(uint32(x)) == x
	default:
		*(*uint64)(ptr) = x
		return true
	}
}

// opaqueBytes marshals a value of an Opaque plan with its own method and
// checks the length limit.
func opaqueBytes(p *plan.Plan, v reflect.Value) ([]byte, error) {
	b, err := p.MarshalOpaque(v)
	if err != nil {
		return nil, &Error{Offset: -1, Err: ErrOpaque, Detail: fmt.Sprintf("%v: %v", p.Type, err)}
	}
	if len(b) > plan.MaxLength {
		return nil, &Error{Offset: -1, Err: ErrLength, Detail: fmt.Sprintf("%v marshals to %d bytes", p.Type, len(b))}
	}
	return b, nil
}
