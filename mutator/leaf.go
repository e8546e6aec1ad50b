package mutator

import (
	"encoding/binary"
	"math/rand/v2"
)

// Leaf mutates a buffer of bytes: the bytes of a string, a []byte, or the
// little-endian bytes of a number. It has the shape of libFuzzer's
// LLVMFuzzerMutate: data[:size] is the current content, len(data) is at
// least maxSize, and Mutate returns the new size, at most maxSize.
//
// mutator/libfuzzer plugs LLVMFuzzerMutate in as the Leaf when it is
// linked, so libFuzzer's comparison tracing and dictionaries keep reaching
// leaf values. Otherwise the pure-Go GoLeaf is used.
type Leaf interface {
	Mutate(data []byte, size, maxSize int) int
}

// GoLeaf is the pure-Go Leaf: byte and bit flips, interesting values,
// small arithmetic, inserted, erased, repeated and copied bytes. It draws
// from the Mutator's random source, so it is deterministic for a seed.
type GoLeaf struct {
	R *rand.Rand
}

var interestingBytes = [...]byte{0, 1, 0x7f, 0x80, 0xff, ' ', '0', '9', 'a', 'z', 'A', '\n', '"', '\\', '/', '%'}

// Mutate implements Leaf.
func (l GoLeaf) Mutate(data []byte, size, maxSize int) int {
	r := l.R
	if maxSize > len(data) {
		maxSize = len(data)
	}
	if size > maxSize {
		size = maxSize
	}
	for range 8 {
		if n, ok := l.once(r, data, size, maxSize); ok {
			return n
		}
	}
	return size
}

// once applies one byte-level operation; ok is false when the operation
// does not apply to this size.
func (l GoLeaf) once(r *rand.Rand, data []byte, size, maxSize int) (int, bool) {
	switch r.IntN(11) {
	case 0: // flip a bit
		if size == 0 {
			return size, false
		}
		data[r.IntN(size)] ^= 1 << r.IntN(8)
	case 1: // random byte
		if size == 0 {
			return size, false
		}
		data[r.IntN(size)] = byte(r.Uint32())
	case 2: // interesting byte
		if size == 0 {
			return size, false
		}
		data[r.IntN(size)] = interestingBytes[r.IntN(len(interestingBytes))]
	case 3: // add or subtract a small number to a byte
		if size == 0 {
			return size, false
		}
		data[r.IntN(size)] += byte(r.IntN(33) - 16)
	case 4: // insert bytes
		if size >= maxSize {
			return size, false
		}
		n := 1 + r.IntN(min(maxSize-size, 8))
		at := r.IntN(size + 1)
		copy(data[at+n:size+n], data[at:size])
		fill := r.IntN(2) == 0
		b := byte(r.Uint32())
		for i := at; i < at+n; i++ {
			if !fill {
				b = byte(r.Uint32())
			}
			data[i] = b
		}
		return size + n, true
	case 5: // erase bytes
		if size == 0 {
			return size, false
		}
		n := 1 + r.IntN(min(size, 8))
		at := r.IntN(size - n + 1)
		copy(data[at:], data[at+n:size])
		return size - n, true
	case 6: // copy a chunk over another place
		if size < 2 {
			return size, false
		}
		n := 1 + r.IntN(size/2)
		from, to := r.IntN(size-n+1), r.IntN(size-n+1)
		copy(data[to:to+n], data[from:from+n])
	case 7: // duplicate a chunk (insert a copy)
		if size == 0 || size >= maxSize {
			return size, false
		}
		n := 1 + r.IntN(min(size, maxSize-size))
		from := r.IntN(size - n + 1)
		at := r.IntN(size + 1)
		chunk := append([]byte(nil), data[from:from+n]...)
		copy(data[at+n:size+n], data[at:size])
		copy(data[at:], chunk)
		return size + n, true
	case 8: // an interesting 16/32/64-bit word, either endianness
		w := []int{2, 4, 8}[r.IntN(3)]
		if size < w {
			return size, false
		}
		at := r.IntN(size - w + 1)
		x := interestingWord(r, w)
		if r.IntN(2) == 0 {
			putLE(data[at:at+w], x)
		} else {
			putBE(data[at:at+w], x)
		}
	case 9: // shuffle a short run
		if size < 2 {
			return size, false
		}
		n := 2 + r.IntN(min(size, 8)-1)
		at := r.IntN(size - n + 1)
		r.Shuffle(n, func(i, j int) { data[at+i], data[at+j] = data[at+j], data[at+i] })
	case 10: // change an ASCII digit run
		for i := 0; i < size; i++ {
			j := (i + int(r.Uint32()%uint32(size))) % size
			if data[j] >= '0' && data[j] <= '9' {
				data[j] = '0' + byte(r.IntN(10))
				return size, true
			}
		}
		return size, false
	}
	return size, true
}

func interestingWord(r *rand.Rand, width int) uint64 {
	bits := uint(width * 8)
	top := uint64(1) << (bits - 1)
	all := ^uint64(0) >> (64 - bits)
	vals := [...]uint64{0, 1, all, top, top - 1, all - 1, 0x7f, 0x80, 0xff, 0x100, 0x7fff, 0x8000, 0xffff, 0x10000, 16, 32, 64, 100, 1000, 1024, 4096}
	return vals[r.IntN(len(vals))] & all
}

func putLE(b []byte, x uint64) {
	var tmp [8]byte
	binary.LittleEndian.PutUint64(tmp[:], x)
	copy(b, tmp[:len(b)])
}

func putBE(b []byte, x uint64) {
	var tmp [8]byte
	binary.BigEndian.PutUint64(tmp[:], x<<(64-8*uint(len(b))))
	copy(b, tmp[:len(b)])
}
