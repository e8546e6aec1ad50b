//go:build gofuzz

package graph

// go-fuzz-build -libfuzzer instruments this package with go-fuzz-dep; the
// requirement in go.mod lets it resolve. The import is never compiled into
// ordinary builds.
import _ "github.com/dvyukov/go-fuzz/go-fuzz-dep"
