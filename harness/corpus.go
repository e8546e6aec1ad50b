package harness

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
)

// MaxReportedFiles is how many files that do not decode a CorpusReport
// names; it counts the rest.
const MaxReportedFiles = 5

// CorpusReport says what a corpus holds for the current input type: how
// many files, how many of them do not decode strictly (with the first few
// names and reasons), and how the schema recorded beside each directory
// differs from the current type. CheckCorpus makes it.
type CorpusReport struct {
	// Type names the input type the files were checked against.
	Type string
	// Dirs are the directories read, in the order given.
	Dirs []string
	// Files counts the regular files read.
	Files int
	// Bad counts the files that do not decode strictly.
	Bad int
	// Failures holds the first MaxReportedFiles of them, in order.
	Failures []FileError
	// Schemas holds one entry per directory whose recorded schema (see
	// RecordSchema) differs from the current type.
	Schemas []SchemaDiff
	// Errors holds directories or files that could not be read.
	Errors []error
}

// FileError is one corpus file that does not decode, and why.
type FileError struct {
	Name string // the file's path
	Err  error  // the codec's error (or the read error)
}

// OK reports a corpus in which every file decodes strictly, every
// directory could be read, and no recorded schema differs from the current
// type in a way that would reinterpret old bytes (see SchemaDiff).
func (r CorpusReport) OK() bool {
	if r.Bad > 0 || len(r.Errors) > 0 {
		return false
	}
	for _, d := range r.Schemas {
		if d.Breaking() {
			return false
		}
	}
	return true
}

// String is the report for a person: one line when all is well, else a
// self-contained multi-line account that starts with "structfuzz: ",
// names the directories, the count and first names of the files that do
// not decode with the reason, and the schema changes with the command that
// migrates the corpus.
func (r CorpusReport) String() string {
	var b strings.Builder
	where := strings.Join(r.Dirs, ", ")
	if where == "" {
		where = "(no directories)"
	}
	if r.Bad == 0 && len(r.Errors) == 0 && len(r.Schemas) > 0 {
		fmt.Fprintf(&b, "structfuzz: corpus %s: %d %s decode as %s, but the schema recorded with them differs:\n", where, r.Files, plural(r.Files, "file"), r.Type)
	} else if r.Bad == 0 && len(r.Errors) == 0 {
		fmt.Fprintf(&b, "structfuzz: corpus %s: %d %s, all decode as %s\n", where, r.Files, plural(r.Files, "file"), r.Type)
	} else if r.Bad > 0 {
		fmt.Fprintf(&b, "structfuzz: corpus %s: %d of %d %s do not decode as %s (written for another version of the type?); they are not run:\n",
			where, r.Bad, r.Files, plural(r.Files, "file"), r.Type)
		for _, f := range r.Failures {
			fmt.Fprintf(&b, "  %s: %v\n", f.Name, f.Err)
		}
		if more := r.Bad - len(r.Failures); more > 0 {
			fmt.Fprintf(&b, "  ... and %d more\n", more)
		}
	} else {
		fmt.Fprintf(&b, "structfuzz: corpus %s: %d %s, all decode as %s, but some could not be read:\n", where, r.Files, plural(r.Files, "file"), r.Type)
	}
	for _, err := range r.Errors {
		fmt.Fprintf(&b, "  %v\n", err)
	}
	for _, d := range r.Schemas {
		b.WriteString(d.String())
	}
	return b.String()
}

func plural(n int, word string) string {
	if n == 1 {
		return word
	}
	return word + "s"
}

// CheckCorpus reads every regular file in dirs (corpus folders, crash
// folders; a missing folder is skipped), decodes each strictly, and
// compares the schema recorded in each folder (see RecordSchema) with the
// current input type. A file that decodes is not run.
//
// Engines call it before they load a corpus, and print String() when OK
// is false, so that files an older version of the type wrote are reported
// (how many, which, why) instead of being dropped or reinterpreted in
// silence.
func (h *Harness[T]) CheckCorpus(dirs ...string) CorpusReport {
	r := CorpusReport{Type: h.TypeName(), Dirs: dirs}
	for _, dir := range dirs {
		if d, ok, err := h.schemaDiff(dir); err != nil {
			r.Errors = append(r.Errors, err)
		} else if ok {
			r.Schemas = append(r.Schemas, d)
		}
		files, err := corpusFiles(dir)
		if err != nil {
			r.Errors = append(r.Errors, err)
			continue
		}
		for _, name := range files {
			r.Files++
			data, err := os.ReadFile(name)
			if err == nil {
				err = h.co.Unmarshal(data, new(T))
			}
			if err != nil {
				r.Bad++
				if len(r.Failures) < MaxReportedFiles {
					r.Failures = append(r.Failures, FileError{Name: name, Err: err})
				}
			}
		}
	}
	return r
}

// corpusFiles lists the regular files of dir, sorted; a missing dir has
// none. Folders (the .structfuzz folder of the schema) are not inputs.
func corpusFiles(dir string) ([]string, error) {
	entries, err := os.ReadDir(dir)
	if os.IsNotExist(err) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var files []string
	for _, e := range entries {
		if e.Type().IsRegular() {
			files = append(files, filepath.Join(dir, e.Name()))
		}
	}
	slices.Sort(files)
	return files, nil
}
