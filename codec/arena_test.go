package codec_test

import (
	"testing"

	"github.com/structfuzz/structfuzz/codec"
)

type arenaMsg struct {
	A, B, C string
	Tags    []string
	Raw     []byte
}

// Decoded strings share one copy of the input, never the input itself:
// the caller (libFuzzer) reuses its buffer, and a string must not change
// with it. Byte slices are the value's own, each.
func TestDecodedStringsOwnTheirBytes(t *testing.T) {
	in := arenaMsg{A: "alpha", B: "beta", C: "", Tags: []string{"x", "yy"}, Raw: []byte("raw")}
	for _, lenient := range []bool{false, true} {
		data, err := codec.Marshal(&in)
		if err != nil {
			t.Fatal(err)
		}
		var out arenaMsg
		if err := (codec.Options{Lenient: lenient}).Unmarshal(data, &out); err != nil {
			t.Fatal(err)
		}
		for i := range data {
			data[i] = 0xAA
		}
		if out.A != "alpha" || out.B != "beta" || out.C != "" || len(out.Tags) != 2 || out.Tags[0] != "x" || out.Tags[1] != "yy" || string(out.Raw) != "raw" {
			t.Errorf("lenient=%v: after the input changed, the value is %+v", lenient, out)
		}
		out.Raw[0] = 'R'
		if out.A != "alpha" {
			t.Errorf("lenient=%v: writing the byte slice changed a string: %+v", lenient, out)
		}
	}
}

// A short lenient input: the zero-filled tail of a string with a minimum
// length is not part of the input, and the string is still right.
func TestLenientShortStringTail(t *testing.T) {
	type msg struct {
		S string `fuzz:"minlen=5"`
	}
	data, err := codec.Marshal(&msg{S: "abcdef"})
	if err != nil {
		t.Fatal(err)
	}
	data = data[:4+2]
	var out msg
	if err := codec.UnmarshalLenient(data, &out); err != nil {
		t.Fatal(err)
	}
	for i := range data {
		data[i] = 0xAA
	}
	if out.S != "ab\x00\x00\x00" {
		t.Errorf("S = %q from a cut input, want %q", out.S, "ab\x00\x00\x00")
	}
}

// Every string of a value costs one allocation together.
func TestDecodedStringsShareOneAllocation(t *testing.T) {
	data, err := codec.Marshal(&arenaMsg{A: "alpha", B: "beta", C: "gamma"})
	if err != nil {
		t.Fatal(err)
	}
	var out arenaMsg
	n := testing.AllocsPerRun(100, func() {
		out = arenaMsg{}
		if err := codec.Unmarshal(data, &out); err != nil {
			t.Fatal(err)
		}
	})
	if n != 1 {
		t.Errorf("decoding three strings allocates %v times, want 1", n)
	}
}
