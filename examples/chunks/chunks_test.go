package chunks

import (
	"encoding/binary"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/structfuzz/structfuzz/examples/internal/crashtest"
)

// FuzzChunks fuzzes DecodeConfig with Go's own fuzzer: go test -fuzz=FuzzChunks.
func FuzzChunks(f *testing.F) {
	target.Harness().Fuzz(f, "testdata/structfuzz/corpus")
}

// chunk builds a chunk with a correct length and CRC.
func chunk(t ChunkType, data string) Chunk {
	c := Chunk{Type: t, Data: []byte(data)}
	c.PostProcess(nil)
	return c
}

func ihdr(w, h uint32, depth, colorType uint8) Chunk {
	var p [13]byte
	binary.BigEndian.PutUint32(p[:], w)
	binary.BigEndian.PutUint32(p[4:], h)
	p[8], p[9] = depth, colorType
	return chunk(IHDR, string(p[:]))
}

func stream(cs ...Chunk) []byte { return (&Stream{Chunks: cs}).Encode() }

func TestDecodeConfig(t *testing.T) {
	bad := chunk(IDAT, "x")
	bad.CRC++
	long := chunk(IDAT, "x")
	long.Length = 1000
	tests := []struct {
		name  string
		in    []byte
		err   string
		check func(*Config) bool
	}{
		{name: "gray", in: stream(ihdr(3, 2, 8, Gray), chunk(IDAT, "abc"), chunk(IEND, "")),
			check: func(c *Config) bool { return c.Width == 3 && c.Height == 2 && c.DataBytes == 3 }},
		{name: "paletted", in: stream(ihdr(1, 1, 2, Paletted), chunk(PLTE, "\xff\x00\x00\x00\xff\x00"), chunk(TRNS, "\x80"), chunk(IDAT, ""), chunk(IDAT, "ab"), chunk(IEND, "")),
			check: func(c *Config) bool {
				return len(c.Palette) == 2 && c.Palette[0] == Color{0xff, 0, 0, 0x80} && c.Palette[1].A == 0xff && c.DataBytes == 2
			}},
		{name: "tRNS before PLTE", in: stream(ihdr(1, 1, 8, Paletted), chunk(TRNS, "\x10"), chunk(PLTE, "\x01\x02\x03\x04\x05\x06"), chunk(IDAT, ""), chunk(IEND, "")),
			check: func(c *Config) bool { return c.Palette[0] == Color{1, 2, 3, 0x10} }},
		{name: "metadata", in: stream(ihdr(1, 1, 16, RGBA), chunk(GAMA, "\x00\x00\xb1\x8f"), chunk(TEXT, "Title\x00Hi"), chunk(IDAT, ""), chunk(IEND, "")),
			check: func(c *Config) bool { return c.Gamma == 45455 && c.Text["Title"] == "Hi" }},
		{name: "not png", in: []byte("GIF89a"), err: "not a PNG file"},
		{name: "truncated", in: stream(ihdr(1, 1, 8, Gray))[:18], err: "truncated chunk"},
		{name: "no IEND", in: stream(ihdr(1, 1, 8, Gray), chunk(IDAT, "")), err: "truncated chunk"},
		{name: "bad CRC", in: stream(ihdr(1, 1, 8, Gray), bad), err: "IDAT: checksum mismatch"},
		{name: "bad length", in: stream(ihdr(1, 1, 8, Gray), long), err: "bad chunk length"},
		{name: "IHDR not first", in: stream(chunk(IDAT, ""), ihdr(1, 1, 8, Gray)), err: "IHDR must come first"},
		{name: "short IHDR", in: stream(chunk(IHDR, "abc")), err: "IHDR: too short"},
		{name: "zero width", in: stream(ihdr(0, 1, 8, Gray)), err: "bad dimensions"},
		{name: "bad depth", in: stream(ihdr(1, 1, 3, Paletted)), err: "bad bit depth 3"},
		{name: "bad colour type", in: stream(ihdr(1, 1, 8, 5)), err: "bad colour type 5"},
		{name: "no palette", in: stream(ihdr(1, 1, 8, Paletted), chunk(IDAT, "")), err: "paletted image without PLTE"},
		{name: "PLTE for gray", in: stream(ihdr(1, 1, 8, Gray), chunk(PLTE, "abc")), err: "palette for a colour type without one"},
		{name: "palette too big", in: stream(ihdr(1, 1, 1, Paletted), chunk(PLTE, "abcdefghi")), err: "PLTE: bad length"},
		{name: "PLTE after IDAT", in: stream(ihdr(1, 1, 8, RGB), chunk(IDAT, ""), chunk(PLTE, "abc")), err: "PLTE: out of order"},
		{name: "tRNS too long", in: stream(ihdr(1, 1, 8, Paletted), chunk(PLTE, "abc"), chunk(TRNS, "\x01\x02")), err: "tRNS: bad length"},
		{name: "tRNS for RGBA", in: stream(ihdr(1, 1, 8, RGBA), chunk(TRNS, "\x01\x02")), err: "transparency for a colour type with alpha"},
		{name: "IEND early", in: stream(ihdr(1, 1, 8, Gray), chunk(IEND, "")), err: "no image data"},
		{name: "bad tEXt", in: stream(ihdr(1, 1, 8, Gray), chunk(TEXT, "no separator")), err: "bad keyword"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg, err := DecodeConfig(tt.in)
			if tt.err != "" {
				if err == nil || !strings.Contains(err.Error(), tt.err) {
					t.Fatalf("DecodeConfig = %+v, %v; want error containing %q", cfg, err, tt.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if !tt.check(cfg) {
				t.Errorf("DecodeConfig = %+v", cfg)
			}
		})
	}
}

func TestPostProcess(t *testing.T) {
	c := Chunk{Type: IEND, Length: 7, CRC: 1}
	c.PostProcess(rand.New(rand.NewPCG(1, 2)))
	// The CRC of an empty IEND chunk, as every PNG file ends with it.
	if c.Length != 0 || c.CRC != 0xae426082 {
		t.Fatalf("PostProcess: Length %d, CRC %#x", c.Length, c.CRC)
	}
}

const wantPanic = "index out of range"

func TestPlantedBug(t *testing.T) {
	s := &Stream{Chunks: []Chunk{ihdr(1, 1, 8, Paletted), chunk(TRNS, "\x01\x02"), chunk(PLTE, "abc")}}
	crashtest.MustPanic(t, wantPanic, func() { Check(s) })
}

// TestCrashInput replays a crash input the fuzzer found.
func TestCrashInput(t *testing.T) {
	crashtest.Replay(t, target.Harness(), Check, "testdata/crash/trns-before-short-plte", wantPanic)
}
