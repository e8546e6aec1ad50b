package codec_test

import (
	"bytes"
	"errors"
	"testing"

	"github.com/structfuzz/structfuzz/codec"
)

// The types and bytes of FORMAT.md's worked example. This test keeps the
// document honest: if the format changes, it fails.

type fmtColor uint8

type fmtShape interface{ isFmtShape() }

type fmtCircle struct{ R uint16 }

func (fmtCircle) isFmtShape() {}

type fmtMsg struct {
	ID    int32
	Ok    bool
	Name  string `fuzz:"maxlen=8"`
	Tags  []uint8
	Attrs map[uint8]bool
	Hue   fmtColor
	Next  *fmtMsg
	Shape fmtShape
}

func init() {
	codec.RegisterEnum[fmtColor](1, 2, 5)
	codec.RegisterUnion[fmtShape](fmtCircle{})
}

var fmtExample = []byte{
	0xfe, 0xff, 0xff, 0xff, // ID
	0x01,                               // Ok
	0x02, 0x00, 0x00, 0x00, 0x68, 0x69, // Name
	0xff, 0xff, 0xff, 0xff, // Tags: nil
	0x02, 0x00, 0x00, 0x00, 0x03, 0x00, 0x07, 0x01, // Attrs
	0x05,       // Hue
	0x00,       // Next
	0x01, 0x00, // Shape tag
	0x2c, 0x01, // Circle.R
}

func TestFormatWorkedExample(t *testing.T) {
	v := fmtMsg{ID: -2, Ok: true, Name: "hi", Attrs: map[uint8]bool{7: true, 3: false}, Hue: 5, Shape: fmtCircle{R: 300}}
	got, err := codec.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, fmtExample) {
		t.Fatalf("Marshal = % x\nwant      % x", got, fmtExample)
	}
	var back fmtMsg
	if err := codec.Unmarshal(fmtExample, &back); err != nil {
		t.Fatal(err)
	}
	if back.ID != v.ID || back.Name != v.Name || back.Tags != nil || len(back.Attrs) != 2 || back.Shape != v.Shape {
		t.Fatalf("Unmarshal = %+v, want %+v", back, v)
	}
}

func TestFormatWorkedExampleErrors(t *testing.T) {
	edit := func(f func(b []byte) []byte) []byte { return f(bytes.Clone(fmtExample)) }
	cases := []struct {
		name   string
		input  []byte
		want   error
		offset int
		path   string
	}{
		{"undeclared enum", edit(func(b []byte) []byte { b[23] = 3; return b }), codec.ErrRange, 23, "fmtMsg.Hue"},
		{"over maxlen", edit(func(b []byte) []byte { b[5] = 9; return b }), codec.ErrLength, 5, "fmtMsg.Name"},
		{"keys swapped", edit(func(b []byte) []byte { copy(b[19:23], []byte{7, 1, 3, 0}); return b }), codec.ErrMapKeys, 21, "fmtMsg.Attrs[key#1]"},
		{"trailing", append(bytes.Clone(fmtExample), 0), codec.ErrTrailingBytes, 29, "fmtMsg"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var v fmtMsg
			err := codec.Unmarshal(c.input, &v)
			var ce *codec.Error
			if !errors.Is(err, c.want) || !errors.As(err, &ce) {
				t.Fatalf("err = %v, want %v", err, c.want)
			}
			if ce.Offset != c.offset || ce.Path != c.path {
				t.Fatalf("offset %d path %q, want %d %q (%v)", ce.Offset, ce.Path, c.offset, c.path, err)
			}
		})
	}
}
