package harness

import (
	"errors"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/structfuzz/structfuzz/internal/schema"
)

// MigrateOptions configure Migrate.
type MigrateOptions struct {
	// DryRun reports what Migrate would do and changes nothing.
	DryRun bool
}

// MigrateReport says what Migrate did to a corpus folder.
type MigrateReport struct {
	// Dir is the folder; Type the current input type.
	Dir, Type string
	// From and To are the recorded and the current fingerprints.
	From, To string
	// Changes lists how the type changed (empty when it did not).
	Changes []SchemaChange
	// Files counts the inputs in Dir.
	Files int
	// Migrated counts the inputs rewritten for the current type;
	// Unchanged those whose bytes were already right (the same encoding,
	// or files that already decode as the current type).
	Migrated, Unchanged int
	// Failed lists the inputs that could not be carried over (their old
	// bytes do not decode with the recorded schema, or the carried value
	// breaks a constraint of the current type), with the reason. Migrate
	// moves them out of Dir; they stay in Backup.
	Failed []FileError
	// Dropped lists what the current type no longer has room for: removed
	// fields and union variants, by path, with how many inputs held them.
	Dropped []Dropped
	// Backup is the folder holding every original input and the old
	// schema files ("" for a dry run or when nothing changed).
	Backup string
	// DryRun reports that nothing was written.
	DryRun bool
}

// Dropped is a field or union variant that Migrate dropped.
type Dropped struct {
	Path  string // e.g. "Request.Addr" or "Request.Body.(Triangle)"
	Files int    // how many inputs held it
}

// String is the report for a person, starting with "structfuzz: ".
func (r MigrateReport) String() string {
	var b strings.Builder
	verb := "migrated"
	if r.DryRun {
		verb = "would migrate (dry run, nothing written)"
	}
	if len(r.Changes) == 0 {
		fmt.Fprintf(&b, "structfuzz: %s: the recorded schema is the current %s (%s); %d %s, nothing to migrate\n", r.Dir, r.Type, r.To, r.Files, plural(r.Files, "file"))
		return b.String()
	}
	fmt.Fprintf(&b, "structfuzz: %s: %s %d of %d %s from schema %s to %s (%s); %d already right, %d failed\n",
		r.Dir, verb, r.Migrated, r.Files, plural(r.Files, "file"), r.From, r.To, r.Type, r.Unchanged, len(r.Failed))
	b.WriteString("  type changes:\n")
	for _, c := range r.Changes {
		fmt.Fprintf(&b, "    %s: %s\n", c.Path, c.What)
	}
	if len(r.Dropped) > 0 {
		b.WriteString("  dropped (no longer in the type):\n")
		for _, d := range r.Dropped {
			fmt.Fprintf(&b, "    %s (in %d %s)\n", d.Path, d.Files, plural(d.Files, "file"))
		}
	}
	if len(r.Failed) > 0 {
		b.WriteString("  not carried over (kept in the backup, moved out of the corpus):\n")
		for _, f := range r.Failed {
			fmt.Fprintf(&b, "    %s: %v\n", f.Name, f.Err)
		}
	}
	if r.Backup != "" {
		fmt.Fprintf(&b, "  originals and the old schema are kept in %s\n", r.Backup)
	}
	return b.String()
}

// ErrNoSchema is returned by Migrate for a folder with no recorded schema:
// without it the old layout is unknown.
var ErrNoSchema = errors.New("no recorded schema")

// Migrate rewrites the inputs in dir, written for the type recorded in
// dir/.structfuzz/schema.json, for the current input type. It reads each
// file with the recorded schema into a generic tree, carries the tree
// over by field and variant names (new fields get their zero value,
// removed fields and variants are dropped and listed, enum values follow
// their names), encodes it and checks that it decodes strictly as the
// current type.
//
// Nothing is lost: before it changes anything Migrate copies every input
// and the old schema files into dir/.structfuzz/backup-TIME (itself a
// corpus folder with the old schema recorded); it then
// replaces each input by a rename, moves the inputs it could not carry
// over out of dir (they stay in the backup), and records the current
// schema. With opts.DryRun it only reports.
func (h *Harness[T]) Migrate(dir string, opts MigrateOptions) (MigrateReport, error) {
	r := MigrateReport{Dir: dir, Type: h.TypeName(), DryRun: opts.DryRun}
	cur, err := h.schemaOf()
	if err != nil {
		return r, err
	}
	r.To = cur.Fingerprint
	old, err := readSchema(dir)
	if err != nil {
		return r, err
	}
	if old == nil {
		return r, fmt.Errorf("structfuzz migrate: %s: %w (%s): the layout its inputs were written for is unknown",
			dir, ErrNoSchema, filepath.Join(dir, SchemaDir, SchemaFile))
	}
	r.From = old.Fingerprint
	files, err := corpusFiles(dir)
	if err != nil {
		return r, err
	}
	r.Files = len(files)
	changes := schema.Diff(old, cur)
	if len(changes) == 0 {
		r.Unchanged = r.Files
		if !opts.DryRun {
			err = writeSchema(dir, cur) // refresh schema.txt
		}
		return r, err
	}
	r.Changes = diffOf(dir, r.Type, old, cur, changes).Changes

	type result struct {
		name string
		data []byte // the new bytes, nil when unchanged
	}
	var results []result
	var failed []string
	dropped := map[string]int{}
	for _, name := range files {
		orig, err := os.ReadFile(name)
		if err != nil {
			return r, err
		}
		data, drops, err := h.migrateOne(old, cur, orig)
		if err != nil {
			if _, derr := h.Decode(orig); derr == nil {
				r.Unchanged++ // already written for the current type
				continue
			}
			r.Failed = append(r.Failed, FileError{Name: name, Err: err})
			failed = append(failed, name)
			continue
		}
		for _, d := range uniq(drops) {
			dropped[d]++
		}
		if string(data) == string(orig) {
			r.Unchanged++
			continue
		}
		r.Migrated++
		results = append(results, result{name, data})
	}
	for _, p := range slices.Sorted(maps.Keys(dropped)) {
		r.Dropped = append(r.Dropped, Dropped{Path: p, Files: dropped[p]})
	}
	if opts.DryRun {
		return r, nil
	}

	// Keep every original and the old schema first.
	backup := filepath.Join(dir, SchemaDir, "backup-"+time.Now().UTC().Format("20060102T150405.000000000Z"))
	if err := os.MkdirAll(backup, 0o755); err != nil {
		return r, err
	}
	r.Backup = backup
	// The backup is itself a corpus folder with its schema recorded.
	if err := os.MkdirAll(filepath.Join(backup, SchemaDir), 0o755); err != nil {
		return r, err
	}
	for _, name := range append(files, filepath.Join(dir, SchemaDir, SchemaFile), filepath.Join(dir, SchemaDir, SchemaTextFile)) {
		data, err := os.ReadFile(name)
		to := filepath.Join(backup, filepath.Base(name))
		if filepath.Dir(name) != dir {
			to = filepath.Join(backup, SchemaDir, filepath.Base(name))
			if errors.Is(err, os.ErrNotExist) {
				continue // an old schema.txt may be missing
			}
		}
		if err != nil {
			return r, err
		}
		if err := writeFile(backup, to, data); err != nil {
			return r, fmt.Errorf("structfuzz migrate: keeping %s: %w (nothing changed in %s)", name, err, dir)
		}
	}
	tmp := filepath.Join(dir, SchemaDir)
	for _, res := range results {
		if err := writeFile(tmp, res.name, res.data); err != nil {
			return r, fmt.Errorf("structfuzz migrate: %w (the originals are in %s)", err, backup)
		}
	}
	for _, name := range failed {
		if err := os.Remove(name); err != nil {
			return r, err
		}
	}
	return r, writeSchema(dir, cur)
}

// migrateOne carries one input from the old schema to the current type.
func (h *Harness[T]) migrateOne(old, cur *schema.Schema, data []byte) ([]byte, []string, error) {
	v, err := old.Decode(data)
	if err != nil {
		return nil, nil, err
	}
	nv, drops, err := schema.Convert(old, cur, v)
	if err != nil {
		return nil, nil, fmt.Errorf("cannot carry over: %w", err)
	}
	out, err := cur.Encode(nv)
	if err != nil {
		return nil, nil, err
	}
	if err := h.co.Unmarshal(out, new(T)); err != nil {
		return nil, nil, fmt.Errorf("carried over, the value is not valid as %s: %w", h.TypeName(), err)
	}
	return out, drops, nil
}

func uniq(s []string) []string {
	slices.Sort(s)
	return slices.Compact(s)
}
