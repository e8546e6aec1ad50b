// Package plain is the plain-bytes target of the yaml benchmark, and the
// parser call both targets share. It imports nothing of structfuzz, so
// its libFuzzer binary runs libFuzzer's own mutations.
package plain

import "github.com/goccy/go-yaml"

// Decode runs the library on a stream's text, and encodes what it
// decoded again, as a round-trip fuzzer of a YAML library would.
func Decode(text []byte) {
	var v any
	if err := yaml.Unmarshal(text, &v); err != nil {
		return
	}
	_, _ = yaml.Marshal(v)
}

// Fuzz decodes data as YAML.
func Fuzz(data []byte) int {
	Decode(data)
	return 0
}
