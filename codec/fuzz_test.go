package codec_test

import (
	"bytes"
	"errors"
	"reflect"
	"testing"

	"github.com/structfuzz/structfuzz/codec"
)

// FuzzUnmarshal decodes arbitrary bytes as tFuzzRoot, a rich recursive
// type (enums, ranges, UTF-8, maps with float keys, unions, trees, lists).
// The seeds in testdata/fuzz/FuzzUnmarshal are encodings of meaningful
// values; `go test` runs them, `go test -fuzz=FuzzUnmarshal` explores.
//
//   - Strict Unmarshal either fails with a *codec.Error that names a
//     sentinel and an offset inside the input, or succeeds, and then
//     Marshal reproduces the input exactly (the format is canonical) and
//     Size agrees.
//   - UnmarshalLenient never fails, and its result marshals and decodes
//     strictly to an equal value.
func FuzzUnmarshal(f *testing.F) {
	f.Add([]byte{})
	f.Add(bytes.Repeat([]byte{0xff}, 64))
	sentinels := []error{codec.ErrShortInput, codec.ErrTrailingBytes, codec.ErrLength, codec.ErrBool,
		codec.ErrUnionTag, codec.ErrRange, codec.ErrUTF8, codec.ErrDepth, codec.ErrMapKeys}
	typ := reflect.TypeFor[tFuzzRoot]()
	f.Fuzz(func(t *testing.T, data []byte) {
		var v tFuzzRoot
		err := codec.Unmarshal(data, &v)
		if err != nil {
			var ce *codec.Error
			if !errors.As(err, &ce) {
				t.Fatalf("Unmarshal error %v is not a *codec.Error", err)
			}
			if ce.Offset < 0 || ce.Offset > len(data) {
				t.Fatalf("error offset %d outside the %d-byte input: %v", ce.Offset, len(data), err)
			}
			known := false
			for _, s := range sentinels {
				known = known || errors.Is(err, s)
			}
			if !known {
				t.Fatalf("Unmarshal error wraps no sentinel: %v", err)
			}
			if !reflect.ValueOf(v).IsZero() {
				t.Fatalf("the target is not zero after an error")
			}
		} else {
			b, err := codec.Marshal(&v)
			if err != nil {
				t.Fatalf("Marshal of a strictly decoded value: %v", err)
			}
			if !bytes.Equal(b, data) {
				t.Fatalf("not canonical:\ninput    % x\nre-coded % x", data, b)
			}
			if n, err := codec.Size(&v); err != nil || n != len(data) {
				t.Fatalf("Size = %d, %v; want %d", n, err, len(data))
			}
		}
		tLenientCheck(t, typ, data)
	})
}
