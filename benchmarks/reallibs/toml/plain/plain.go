// Package plain is the plain-bytes target of the toml benchmark, and the
// decoder call both targets share. It imports nothing of structfuzz, so
// its libFuzzer binary runs libFuzzer's own mutations.
package plain

import "github.com/BurntSushi/toml"

// Decode runs the library on a document's text, and encodes what it
// decoded again, as a round-trip fuzzer of a TOML library would.
func Decode(text []byte) {
	var v map[string]any
	if _, err := toml.Decode(string(text), &v); err != nil {
		return
	}
	var b nopWriter
	_ = toml.NewEncoder(&b).Encode(v)
}

type nopWriter struct{}

func (nopWriter) Write(p []byte) (int, error) { return len(p), nil }

// Fuzz decodes data as TOML.
func Fuzz(data []byte) int {
	Decode(data)
	return 0
}
