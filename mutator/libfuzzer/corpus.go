package libfuzzer

import (
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/structfuzz/structfuzz/harness"
)

// corpusChecker is what checkCorpus needs of the harness.
type corpusChecker interface {
	CheckCorpus(dirs ...string) harness.CorpusReport
	RecordSchema(dir string) error
}

// checkCorpus runs before libFuzzer reads its corpus: libFuzzer would
// load every file, silently keep only those the target accepts, and say
// nothing of the rest. It reports the corpus files that do not decode, and
// returns a non-zero exit status when a folder's recorded schema says its
// inputs would now mean something else (run `structfuzz migrate`). It
// then records the schema beside the first folder (the one libFuzzer
// writes to) and beside -artifact_prefix, when that is a folder; a folder
// whose files do not all decode is left as it is.
func checkCorpus(w io.Writer, h corpusChecker, args []string) int {
	dirs := corpusDirs(args)
	if len(dirs) > 0 {
		r := h.CheckCorpus(dirs...)
		if !r.OK() {
			fmt.Fprint(w, r.String())
			for _, d := range r.Schemas {
				if d.Breaking() {
					fmt.Fprintln(w, "structfuzz: stopping: the corpus would be read with a new meaning; `structfuzz migrate` rewrites it for the current type")
					return harness.ExitSchemaChanged
				}
			}
		}
		_ = h.RecordSchema(dirs[0]) // it refuses a folder that does not decode or has another schema
	}
	if p, ok := flagValue(args, "artifact_prefix"); ok && strings.HasSuffix(p, "/") {
		if fi, err := os.Stat(p); err == nil && fi.IsDir() {
			_ = h.RecordSchema(p)
		}
	}
	return 0
}

// corpusDirs returns the corpus folders among libFuzzer's arguments: the
// ones that are not flags and name a folder. (Files are inputs to run
// once, not a corpus.)
func corpusDirs(args []string) []string {
	var dirs []string
	for _, a := range args {
		if strings.HasPrefix(a, "-") {
			continue
		}
		if fi, err := os.Stat(a); err == nil && fi.IsDir() {
			dirs = append(dirs, a)
		}
	}
	return dirs
}
