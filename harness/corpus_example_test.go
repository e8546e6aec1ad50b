package harness_test

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/structfuzz/structfuzz/codec"
	"github.com/structfuzz/structfuzz/harness"
)

func ExampleHarness_CheckCorpus() {
	dir, _ := os.MkdirTemp("", "corpus")
	defer os.RemoveAll(dir)
	good, _ := codec.Marshal(Login{User: "bob"})
	os.WriteFile(filepath.Join(dir, "good"), good, 0o644)
	os.WriteFile(filepath.Join(dir, "old"), []byte{1, 0, 0, 0, 'x'}, 0o644) // Admin missing

	h := harness.New(func(*Login) {}, harness.Options{})
	r := h.CheckCorpus(dir)
	fmt.Println(r.OK(), r.Files, r.Bad)
	fmt.Print(strings.ReplaceAll(r.String(), dir, "DIR"))
	// Output:
	// false 2 1
	// structfuzz: corpus DIR: 1 of 2 files do not decode as harness_test.Login (written for another version of the type?); they are not run:
	//   DIR/old: codec: unmarshal Login.Admin at offset 5: input too short: need 1 bytes, 0 left
}
