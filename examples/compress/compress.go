// Package compress reads bundles: an upload whose body is DEFLATE-compressed
// (RFC 1951, compress/flate) and holds a small container format:
//
//	"SFZ1"                 magic
//	version                1 or 2
//	n, count, count × i    version 2 only: the number of records, and an
//	                       index, the numbers of the records to show first
//	records                until the end: kind (1 text, 2 blob), uvarint
//	                       length, that many bytes
//
// The planted bug is in the index check of version 2: it accepts a record
// number equal to the declared number of records, one past the last, and
// the duplicate check then indexes past its table. Reaching it needs a
// compressed body whose plain bytes start with the magic, version 2, and an
// index entry equal to the declared count: eight plain bytes. Byte mutation
// of the compressed stream almost never yields valid DEFLATE with such
// content; the custom Mutate of Deflated edits the plain bytes and
// compresses them again.
package compress

import (
	"bytes"
	"compress/flate"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"sync"

	"github.com/structfuzz/structfuzz/mutator"
)

// MaxPlain bounds the size of a decompressed body.
const MaxPlain = 1 << 16

// Deflated is a DEFLATE-compressed byte string.
type Deflated []byte

// Inflate decompresses d, at most MaxPlain bytes.
func (d Deflated) Inflate() ([]byte, error) {
	r := readers.Get().(io.ReadCloser)
	defer readers.Put(r)
	r.(flate.Resetter).Reset(bytes.NewReader(d), nil)
	plain, err := io.ReadAll(io.LimitReader(r, MaxPlain+1))
	if err != nil {
		return nil, err
	}
	if len(plain) > MaxPlain {
		return nil, errors.New("compress: body too large")
	}
	return plain, nil
}

// Deflate compresses plain.
func Deflate(plain []byte) Deflated {
	var b bytes.Buffer
	w := writers.Get().(*flate.Writer)
	defer writers.Put(w)
	w.Reset(&b)
	w.Write(plain)
	w.Close()
	return b.Bytes()
}

// Compressors are large; reuse them.
var (
	readers = sync.Pool{New: func() any { return flate.NewReader(nil) }}
	writers = sync.Pool{New: func() any {
		w, _ := flate.NewWriter(nil, flate.BestSpeed)
		return w
	}}
)

// Mutate changes the plain bytes rather than the compressed ones: it
// decompresses (an invalid stream counts as empty), changes the plain bytes
// (half the time with the byte-level mutator on the whole buffer, half the
// time with one built-in mutation of the []byte) and compresses them again,
// within the size budget.
func (d *Deflated) Mutate(m *mutator.Mutator) {
	plain, err := d.Inflate()
	if err != nil {
		plain = nil
	}
	if len(plain) > maxMutated {
		plain = plain[:maxMutated]
	}
	if m.Rand().IntN(2) == 0 {
		// The byte-level mutator on the whole buffer: under libFuzzer it is
		// LLVMFuzzerMutate, whose comparison tracing sees the parser's
		// comparisons on the plain bytes.
		buf := make([]byte, maxMutated)
		n := copy(buf, plain)
		plain = buf[:m.Leaf().Mutate(buf, n, maxMutated)]
	} else if err := m.MutateValue(&plain); err != nil {
		return
	}
	if len(plain) > maxMutated {
		plain = plain[:maxMutated]
	}
	out := Deflate(plain)
	if len(out)-len(*d) > m.Budget() {
		return // does not fit: leave the value alone, Mutate tries again
	}
	*d = out
}

// maxMutated bounds the plain bytes Mutate works on.
const maxMutated = 128

// Upload is the input of Open: a named, compressed bundle.
type Upload struct {
	Name string `fuzz:"maxlen=16"`
	Body Deflated
}

// Record is one entry of a bundle.
type Record struct {
	Kind byte // 1 text, 2 blob
	Data []byte
}

// Bundle is a decoded upload.
type Bundle struct {
	Name    string
	Version byte
	Records []Record
	First   []*Record // the indexed records, in index order
}

// Magic starts the plain bytes of every bundle: "SFZ1", read as a
// little-endian number.
const Magic = '1'<<24 | 'Z'<<16 | 'F'<<8 | 'S'

// The record kinds.
const (
	KindText = 1
	KindBlob = 2
)

// Check runs the code under test on v; it is what the fuzz target calls.
func Check(v *Upload) { _, _ = Open(v) }

// Open decompresses and parses an upload.
func Open(u *Upload) (*Bundle, error) {
	plain, err := u.Body.Inflate()
	if err != nil {
		return nil, fmt.Errorf("compress: %s: %w", u.Name, err)
	}
	return Parse(u.Name, plain)
}

// Parse parses the plain bytes of a bundle.
func Parse(name string, p []byte) (*Bundle, error) {
	if len(p) < 5 || binary.LittleEndian.Uint32(p) != Magic {
		return nil, errors.New("compress: not a bundle")
	}
	b := &Bundle{Name: name, Version: p[4]}
	p = p[5:]
	var index []byte
	declared := -1
	switch b.Version {
	case 1:
	case 2:
		if len(p) < 2 || len(p) < 2+int(p[1]) {
			return nil, errors.New("compress: truncated index")
		}
		declared = int(p[0])
		index, p = p[2:2+int(p[1])], p[2+int(p[1]):]
		shown := make([]bool, declared)
		for _, i := range index {
			if int(i) > declared { // the planted bug: should be >=
				return nil, fmt.Errorf("compress: index names record %d of %d", i, declared)
			}
			if shown[i] {
				return nil, fmt.Errorf("compress: index names record %d twice", i)
			}
			shown[i] = true
		}
	default:
		return nil, fmt.Errorf("compress: unsupported version %d", b.Version)
	}
	for len(p) > 0 {
		kind := p[0]
		if kind != KindText && kind != KindBlob {
			return nil, fmt.Errorf("compress: record %d: bad kind %d", len(b.Records), kind)
		}
		n, k := binary.Uvarint(p[1:])
		if k <= 0 || n > uint64(len(p)-1-k) {
			return nil, fmt.Errorf("compress: record %d: bad length", len(b.Records))
		}
		data := p[1+k : 1+k+int(n)]
		p = p[1+k+int(n):]
		b.Records = append(b.Records, Record{Kind: kind, Data: data})
	}
	if declared >= 0 && declared != len(b.Records) {
		return nil, fmt.Errorf("compress: bundle declares %d records, has %d", declared, len(b.Records))
	}
	for _, i := range index {
		b.First = append(b.First, &b.Records[i])
	}
	return b, nil
}
