// Package chunks reads the header, palette and metadata of PNG images, the
// way image.DecodeConfig does, from the chunk stream: an 8-byte signature,
// then chunks of a big-endian length, a four-letter type, the data and a
// CRC-32 of type and data. The decoder checks every length and CRC, the
// order of the critical chunks (IHDR first, PLTE before IDAT, IEND last) and
// the contents of IHDR, PLTE, tRNS, gAMA and tEXt.
//
// The fuzz input is the chunk list itself; PostProcess repairs each chunk's
// Length and CRC, so mutations are not all lost to checksum failures, and
// Check encodes the chunks to bytes and decodes those.
//
// The planted bug: to be lenient, the decoder accepts a tRNS chunk before
// PLTE and only checks its size against the palette when one is already
// there. When the palette arrives, it merges the transparency into it and
// indexes past its end if tRNS was longer. The bug needs a valid IHDR for a
// paletted image (13 bytes or more, colour type 3, a legal bit depth and
// interlace method), then tRNS, then a shorter PLTE, each with a correct length and CRC.
package chunks

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"math/rand/v2"
)

// ChunkType is the four-letter type of a chunk, as a big-endian number.
type ChunkType uint32

// The chunk types the decoder knows.
const (
	IHDR ChunkType = 'I'<<24 | 'H'<<16 | 'D'<<8 | 'R'
	PLTE ChunkType = 'P'<<24 | 'L'<<16 | 'T'<<8 | 'E'
	IDAT ChunkType = 'I'<<24 | 'D'<<16 | 'A'<<8 | 'T'
	IEND ChunkType = 'I'<<24 | 'E'<<16 | 'N'<<8 | 'D'
	TRNS ChunkType = 't'<<24 | 'R'<<16 | 'N'<<8 | 'S'
	GAMA ChunkType = 'g'<<24 | 'A'<<16 | 'M'<<8 | 'A'
	TEXT ChunkType = 't'<<24 | 'E'<<16 | 'X'<<8 | 't'
)

// EnumValues declares the chunk types to structfuzz.
func (ChunkType) EnumValues() []ChunkType {
	return []ChunkType{IHDR, PLTE, IDAT, IEND, TRNS, GAMA, TEXT}
}

func (t ChunkType) String() string {
	var b [4]byte
	binary.BigEndian.PutUint32(b[:], uint32(t))
	return string(b[:])
}

// Chunk is one chunk of a PNG stream.
type Chunk struct {
	Type   ChunkType
	Length uint32 // the length of Data
	Data   []byte `fuzz:"maxlen=32"`
	CRC    uint32 // CRC-32 (IEEE) of the type and the data
}

// Sum returns the CRC of the chunk's type and data.
func (c *Chunk) Sum() uint32 {
	h := crc32.NewIEEE()
	binary.Write(h, binary.BigEndian, uint32(c.Type))
	h.Write(c.Data)
	return h.Sum32()
}

// PostProcess sets Length and CRC to match the type and data, as a PNG
// encoder would.
func (c *Chunk) PostProcess(r *rand.Rand) {
	c.Length = uint32(len(c.Data))
	c.CRC = c.Sum()
}

// Stream is the input of Check: the chunks of a PNG file, in order.
type Stream struct {
	Chunks []Chunk `fuzz:"maxlen=8"`
}

// Signature starts every PNG file.
const Signature = "\x89PNG\r\n\x1a\n"

// Encode writes the stream as PNG bytes: the signature, then every chunk as
// it is, Length and CRC included.
func (s *Stream) Encode() []byte {
	var b bytes.Buffer
	b.WriteString(Signature)
	for _, c := range s.Chunks {
		binary.Write(&b, binary.BigEndian, c.Length)
		binary.Write(&b, binary.BigEndian, uint32(c.Type))
		b.Write(c.Data)
		binary.Write(&b, binary.BigEndian, c.CRC)
	}
	return b.Bytes()
}

// Color is a palette entry.
type Color struct{ R, G, B, A uint8 }

// Config is what DecodeConfig reads from a PNG file.
type Config struct {
	Width, Height       uint32
	BitDepth, ColorType uint8
	Interlaced          bool
	Palette             []Color
	Gamma               uint32 // times 100000; 0 if absent
	Text                map[string]string
	DataBytes           int // total size of the IDAT chunks
}

// The PNG colour types.
const (
	Gray      = 0
	RGB       = 2
	Paletted  = 3
	GrayAlpha = 4
	RGBA      = 6
)

// Check runs the code under test on v; it is what the fuzz target calls.
func Check(v *Stream) { _, _ = DecodeConfig(v.Encode()) }

// The decoder's progress through the critical chunks.
const (
	start = iota
	seenIHDR
	seenPLTE
	seenIDAT
	seenIEND
)

type decoder struct {
	cfg   Config
	stage int
	trns  []uint8 // tRNS alpha values, merged into the palette
}

// DecodeConfig reads the chunks of a PNG file up to and including IEND.
func DecodeConfig(b []byte) (*Config, error) {
	if len(b) < len(Signature) || string(b[:len(Signature)]) != Signature {
		return nil, errors.New("png: not a PNG file")
	}
	b = b[len(Signature):]
	d := &decoder{}
	for d.stage != seenIEND {
		if len(b) < 12 {
			return nil, errors.New("png: truncated chunk")
		}
		n := binary.BigEndian.Uint32(b)
		if n > 0x7fffffff || int(n) > len(b)-12 {
			return nil, errors.New("png: bad chunk length")
		}
		c := Chunk{Type: ChunkType(binary.BigEndian.Uint32(b[4:])), Length: n, Data: b[8 : 8+n]}
		c.CRC = binary.BigEndian.Uint32(b[8+n:])
		b = b[12+n:]
		if c.CRC != c.Sum() {
			return nil, fmt.Errorf("png: %v: checksum mismatch", c.Type)
		}
		if err := d.chunk(&c); err != nil {
			return nil, fmt.Errorf("png: %v: %w", c.Type, err)
		}
	}
	return &d.cfg, nil
}

func (d *decoder) chunk(c *Chunk) error {
	if d.stage == start && c.Type != IHDR {
		return errors.New("IHDR must come first")
	}
	switch c.Type {
	case IHDR:
		if d.stage != start {
			return errors.New("duplicate")
		}
		return d.ihdr(c.Data)
	case PLTE:
		if d.stage != seenIHDR {
			return errors.New("out of order")
		}
		return d.plte(c.Data)
	case TRNS:
		if d.stage == seenIDAT {
			return errors.New("out of order")
		}
		return d.trnsChunk(c.Data)
	case IDAT:
		if d.cfg.ColorType == Paletted && d.stage != seenPLTE && d.stage != seenIDAT {
			return errors.New("paletted image without PLTE")
		}
		d.stage = seenIDAT
		d.cfg.DataBytes += len(c.Data)
	case IEND:
		if d.stage != seenIDAT {
			return errors.New("no image data")
		}
		if len(c.Data) != 0 {
			return errors.New("not empty")
		}
		d.stage = seenIEND
	case GAMA:
		if len(c.Data) != 4 {
			return errors.New("bad length")
		}
		d.cfg.Gamma = binary.BigEndian.Uint32(c.Data)
	case TEXT:
		key, text, ok := bytes.Cut(c.Data, []byte{0})
		if !ok || len(key) == 0 || len(key) > 79 {
			return errors.New("bad keyword")
		}
		if d.cfg.Text == nil {
			d.cfg.Text = map[string]string{}
		}
		d.cfg.Text[string(key)] = string(text)
	}
	return nil
}

func (d *decoder) ihdr(p []byte) error {
	if len(p) < 13 {
		return errors.New("too short")
	}
	cfg := &d.cfg
	cfg.Width = binary.BigEndian.Uint32(p)
	cfg.Height = binary.BigEndian.Uint32(p[4:])
	if cfg.Width == 0 || cfg.Height == 0 {
		return errors.New("bad dimensions")
	}
	cfg.BitDepth, cfg.ColorType = p[8], p[9]
	var ok bool
	switch d := cfg.BitDepth; cfg.ColorType {
	case Gray:
		ok = d == 1 || d == 2 || d == 4 || d == 8 || d == 16
	case Paletted:
		ok = d == 1 || d == 2 || d == 4 || d == 8
	case RGB, GrayAlpha, RGBA:
		ok = d == 8 || d == 16
	default:
		return fmt.Errorf("bad colour type %d", cfg.ColorType)
	}
	if !ok {
		return fmt.Errorf("bad bit depth %d for colour type %d", cfg.BitDepth, cfg.ColorType)
	}
	// p[10] and p[11] name the compression and filter methods; only method
	// 0 of each exists, and the decoder does not look at them.
	if p[12] > 1 {
		return errors.New("unknown interlace method")
	}
	cfg.Interlaced = p[12] == 1
	d.stage = seenIHDR
	return nil
}

func (d *decoder) plte(p []byte) error {
	switch d.cfg.ColorType {
	case Paletted, RGB, RGBA:
	default:
		return errors.New("palette for a colour type without one")
	}
	n := len(p) / 3
	if len(p)%3 != 0 || n == 0 || n > 256 || d.cfg.ColorType == Paletted && n > 1<<d.cfg.BitDepth {
		return errors.New("bad length")
	}
	d.cfg.Palette = make([]Color, n)
	for i := range d.cfg.Palette {
		d.cfg.Palette[i] = Color{p[3*i], p[3*i+1], p[3*i+2], 0xff}
	}
	d.stage = seenPLTE
	d.mergeAlpha()
	return nil
}

func (d *decoder) trnsChunk(p []byte) error {
	switch d.cfg.ColorType {
	case Gray:
		if len(p) != 2 {
			return errors.New("bad length")
		}
	case RGB:
		if len(p) != 6 {
			return errors.New("bad length")
		}
	case Paletted:
		// Encoders in the wild write tRNS before PLTE; accept it, and check
		// the size against the palette if there is one yet.
		if len(p) > 256 || d.cfg.Palette != nil && len(p) > len(d.cfg.Palette) {
			return errors.New("bad length")
		}
	default:
		return errors.New("transparency for a colour type with alpha")
	}
	d.trns = append([]uint8(nil), p...)
	d.mergeAlpha()
	return nil
}

// mergeAlpha puts the tRNS alpha values into the palette, once there are
// both.
func (d *decoder) mergeAlpha() {
	if d.cfg.ColorType != Paletted || d.cfg.Palette == nil {
		return
	}
	for i, a := range d.trns {
		d.cfg.Palette[i].A = a // the planted bug: tRNS may be longer than PLTE
	}
}
