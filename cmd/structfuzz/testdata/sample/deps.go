//go:build gofuzz

package sample

import _ "github.com/dvyukov/go-fuzz/go-fuzz-dep"
