package harness

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"

	"github.com/structfuzz/structfuzz/internal/plan"
	"github.com/structfuzz/structfuzz/internal/schema"
)

// SchemaDir is the folder, inside a corpus or crash folder, where
// structfuzz records the input type's schema: schema.json (the layout and
// its fingerprint, which Migrate reads) and schema.txt (the same for
// people). libFuzzer does not read folders whose names start with a dot.
const SchemaDir = ".structfuzz"

// Schema file names inside SchemaDir.
const (
	SchemaFile     = "schema.json"
	SchemaTextFile = "schema.txt"
)

// SchemaDiff is how the schema recorded beside a corpus differs from the
// current input type.
type SchemaDiff struct {
	// Dir is the corpus folder.
	Dir string
	// Type names the current input type.
	Type string
	// Recorded and Current are the two fingerprints.
	Recorded, Current string
	// Changes lists what changed, from the root down.
	Changes []SchemaChange
}

// SchemaChange is one difference between a recorded schema and the
// current type.
type SchemaChange struct {
	// Path locates the change, e.g. "Request.Body.(Circle).R".
	Path string
	// What says what changed: "fields reordered: A, B, now B, A", "field
	// added", "union variants reordered", "enum values changed", "field
	// split into X, Y?", and so on.
	What string
	// Reinterprets reports a change after which old inputs could decode
	// with another meaning (or not at all): Replay and Fuzz fail on it,
	// and CorpusReport.OK is false. Additive changes (a union variant or
	// enum value appended, a constraint changed) keep the meaning of every
	// old input and only warn.
	Reinterprets bool
}

// Breaking reports a change that reinterprets old inputs.
func (d SchemaDiff) Breaking() bool {
	for _, c := range d.Changes {
		if c.Reinterprets {
			return true
		}
	}
	return false
}

// String explains the difference, starting with "structfuzz: ", and says
// how to migrate the corpus.
func (d SchemaDiff) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "structfuzz: %s records another version of %s (schema %s, now %s):\n",
		filepath.Join(d.Dir, SchemaDir, SchemaFile), d.Type, d.Recorded, d.Current)
	for _, c := range d.Changes {
		mark := ""
		if c.Reinterprets {
			mark = "  [old inputs change meaning]"
		}
		fmt.Fprintf(&b, "  %s: %s%s\n", c.Path, c.What, mark)
	}
	if d.Breaking() {
		fmt.Fprintf(&b, "  The inputs in %s were written for the old layout and are not run as the new one.\n", d.Dir)
	} else {
		fmt.Fprintf(&b, "  These changes keep the meaning of old inputs.\n")
	}
	fmt.Fprintf(&b, "  Rewrite them for the current type, by field and variant names, with:\n    structfuzz migrate PKG %s\n  (or harness.Migrate; -n shows what would change; originals are kept in %s).\n",
		d.Dir, filepath.Join(d.Dir, SchemaDir, "backup-*"))
	return b.String()
}

// schemaOf describes the current input type.
func (h *Harness[T]) schemaOf() (*schema.Schema, error) {
	p, err := plan.For(reflect.TypeFor[T]())
	if err != nil {
		return nil, &TypeError{Type: h.TypeName(), Err: err}
	}
	return schema.Build(p), nil
}

// SchemaText returns the readable description of the input type's byte
// layout, the text RecordSchema writes to schema.txt.
func (h *Harness[T]) SchemaText() (string, error) {
	s, err := h.schemaOf()
	if err != nil {
		return "", err
	}
	return s.Text(), nil
}

// readSchema reads the schema recorded in dir, or returns nil.
func readSchema(dir string) (*schema.Schema, error) {
	name := filepath.Join(dir, SchemaDir, SchemaFile)
	data, err := os.ReadFile(name)
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	s, err := schema.Parse(data)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	return s, nil
}

// schemaDiff compares the schema recorded in dir with the current type;
// ok is false when none is recorded or they are the same.
func (h *Harness[T]) schemaDiff(dir string) (SchemaDiff, bool, error) {
	old, err := readSchema(dir)
	if old == nil || err != nil {
		return SchemaDiff{}, false, err
	}
	cur, err := h.schemaOf()
	if err != nil {
		return SchemaDiff{}, false, err
	}
	changes := schema.Diff(old, cur)
	if len(changes) == 0 {
		return SchemaDiff{}, false, nil
	}
	return diffOf(dir, h.TypeName(), old, cur, changes), true, nil
}

func diffOf(dir, typ string, old, cur *schema.Schema, changes []schema.Change) SchemaDiff {
	d := SchemaDiff{Dir: dir, Type: typ, Recorded: old.Fingerprint, Current: cur.Fingerprint}
	for _, c := range changes {
		d.Changes = append(d.Changes, SchemaChange{Path: c.Path, What: c.What, Reinterprets: c.Reinterprets})
	}
	return d
}

// ErrSchemaMismatch is returned by RecordSchema for a folder whose
// recorded schema differs from the current type.
var ErrSchemaMismatch = errors.New("the recorded schema differs from the current type")

// RecordSchema writes the input type's schema into dir/.structfuzz
// (schema.json and schema.txt), creating the folders. Engines and the
// structfuzz command call it for every corpus and crash folder they
// write, so that a later change of the type is detected and the corpus can
// be migrated.
//
// It never overwrites a different recorded schema (that record is what
// Migrate needs): it returns an error wrapping ErrSchemaMismatch with the
// diff. Nor does it record a schema for a folder whose existing files do
// not all decode strictly, since they were written for some other type:
// it returns an error saying how many do not.
func (h *Harness[T]) RecordSchema(dir string) error {
	cur, err := h.schemaOf()
	if err != nil {
		return err
	}
	old, err := readSchema(dir)
	if err != nil {
		return err
	}
	if old != nil {
		if changes := schema.Diff(old, cur); len(changes) > 0 {
			return fmt.Errorf("%w:\n%s", ErrSchemaMismatch, diffOf(dir, h.TypeName(), old, cur, changes))
		}
	} else if r := h.CheckCorpus(dir); r.Bad > 0 || len(r.Errors) > 0 {
		return fmt.Errorf("structfuzz: not recording the schema of %s in %s: %d of its %d files do not decode as it", h.TypeName(), dir, r.Bad, r.Files)
	}
	return writeSchema(dir, cur)
}

// writeSchema writes both schema files, each by a rename.
func writeSchema(dir string, s *schema.Schema) error {
	sd := filepath.Join(dir, SchemaDir)
	if err := os.MkdirAll(sd, 0o755); err != nil {
		return err
	}
	if err := writeFile(sd, filepath.Join(sd, SchemaFile), s.Marshal()); err != nil {
		return err
	}
	return writeFile(sd, filepath.Join(sd, SchemaTextFile), []byte(s.Text()))
}

// writeFile replaces name with data through a temporary file in tmpDir
// (on the same file system), so a reader sees the old content or the new,
// never a part.
func writeFile(tmpDir, name string, data []byte) error {
	tmp, err := os.CreateTemp(tmpDir, ".tmp-*")
	if err != nil {
		return err
	}
	_, err = tmp.Write(data)
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp.Name(), name)
	}
	if err != nil {
		os.Remove(tmp.Name())
	}
	return err
}
