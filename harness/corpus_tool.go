package harness

import (
	"errors"
	"flag"
	"fmt"
	"io"
)

// corpusTool is what the corpus commands of toolMain (corpus, schema,
// migrate) need of a target; *Harness implements it.
type corpusTool interface {
	CheckCorpus(dirs ...string) CorpusReport
	RecordSchema(dir string) error
	SchemaText() (string, error)
	Migrate(dir string, opts MigrateOptions) (MigrateReport, error)
}

// Exit statuses of toolMain's corpus command.
const (
	// ExitCorpusBad: some files do not decode (they are reported).
	ExitCorpusBad = 1
	// ExitSchemaChanged: a recorded schema differs from the current type
	// in a way that changes the meaning of old inputs; migrate first.
	ExitSchemaChanged = 3
)

// corpusToolMain runs the corpus, schema and migrate commands of toolMain.
func corpusToolMain(t tool, args []string, stdout, stderr io.Writer) int {
	ct, ok := t.(corpusTool)
	if !ok {
		fmt.Fprintf(stderr, "structfuzz %s: the target has no corpus support\n", args[0])
		return 2
	}
	fs := flag.NewFlagSet(args[0], flag.ContinueOnError)
	fs.SetOutput(stderr)
	switch args[0] {
	case "corpus":
		record := fs.Bool("record", false, "record the schema in each folder where none is")
		if fs.Parse(args[1:]) != nil {
			return 2
		}
		r := ct.CheckCorpus(fs.Args()...)
		fmt.Fprint(stdout, r.String())
		if *record {
			for _, dir := range fs.Args() {
				if err := ct.RecordSchema(dir); err != nil && !errors.Is(err, ErrSchemaMismatch) && r.Bad == 0 {
					fmt.Fprintf(stderr, "structfuzz: recording the schema in %s: %v\n", dir, err)
				}
			}
		}
		for _, d := range r.Schemas {
			if d.Breaking() {
				return ExitSchemaChanged
			}
		}
		if !r.OK() {
			return ExitCorpusBad
		}
	case "schema":
		text, err := ct.SchemaText()
		if err != nil {
			fmt.Fprintln(stderr, err)
			return 1
		}
		fmt.Fprint(stdout, text)
	case "migrate":
		dry := fs.Bool("n", false, "dry run: report what would change, write nothing")
		if fs.Parse(args[1:]) != nil {
			return 2
		}
		if fs.NArg() == 0 {
			fmt.Fprintln(stderr, "structfuzz migrate: want [-n] DIR...")
			return 2
		}
		status := 0
		for _, dir := range fs.Args() {
			r, err := ct.Migrate(dir, MigrateOptions{DryRun: *dry})
			if err != nil {
				fmt.Fprintln(stderr, err)
				status = 1
				continue
			}
			fmt.Fprint(stdout, r.String())
			if len(r.Failed) > 0 {
				status = 1
			}
		}
		return status
	}
	return 0
}
