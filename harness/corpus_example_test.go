package harness_test

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/structfuzz/structfuzz/codec"
	"github.com/structfuzz/structfuzz/harness"
	"github.com/structfuzz/structfuzz/harness/internal/schematest/reorder"
	"github.com/structfuzz/structfuzz/harness/internal/schematest/v0"
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

func ExampleHarness_Migrate() {
	dir, _ := os.MkdirTemp("", "corpus")
	defer os.RemoveAll(dir)

	// Version 0 of the program writes a corpus and records its schema.
	old := harness.New(func(*v0.Msg) {}, harness.Options{})
	in, _ := codec.Marshal(v0.Msg{A: 1, B: 2, Op: v0.OpPut, Name: "x"})
	os.WriteFile(filepath.Join(dir, "in"), in, 0o644)
	old.RecordSchema(dir)

	// The next version swaps fields A and B: the old input would still
	// decode, with A and B exchanged, so the corpus is reported instead.
	h := harness.New(func(*reorder.Msg) {}, harness.Options{})
	r := h.CheckCorpus(dir)
	fmt.Println("OK:", r.OK())
	fmt.Println(r.Schemas[0].Changes[0].Path+":", r.Schemas[0].Changes[0].What)

	// Migrate reads the input with the recorded schema and rewrites it by
	// field names.
	m, err := h.Migrate(dir, harness.MigrateOptions{})
	fmt.Println(m.Migrated, "of", m.Files, "migrated", err)
	data, _ := os.ReadFile(filepath.Join(dir, "in"))
	js, _ := h.ToJSON(data)
	fmt.Println(string(js))
	fmt.Println("OK:", h.CheckCorpus(dir).OK())
	// Output:
	// OK: false
	// Msg: fields reordered: A, B, Op, Pos, Name, Body, Tags, now B, A, Op, Pos, Name, Body, Tags
	// 1 of 1 migrated <nil>
	// {
	//   "B": 2,
	//   "A": 1,
	//   "Op": "Put",
	//   "Pos": 0,
	//   "Name": "x",
	//   "Body": null,
	//   "Tags": null
	// }
	// OK: true
}

func ExampleHarness_SchemaText() {
	h := harness.New(func(*Login) {}, harness.Options{})
	text, _ := h.SchemaText()
	fmt.Print(text[strings.Index(text, "\n\n")+2:]) // after the header
	// Output:
	// struct Login (#0)
	//    1. User string maxlen=8, utf8  `fuzz:"maxlen=8,utf8"`
	//    2. Admin bool
}
