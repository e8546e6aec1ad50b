package harness

import (
	"fmt"
	"io"
	"os"
	"reflect"

	"github.com/structfuzz/structfuzz/internal/native"
	"github.com/structfuzz/structfuzz/internal/plan"
)

// DefaultMaxLen is the -max_len suggested for types whose encodings have
// no small bound (libFuzzer's own default).
const DefaultMaxLen = 4096

// maxLenCap bounds a suggested -max_len: past it the default serves as
// well.
const maxLenCap = 1 << 16

// MaxLen suggests libFuzzer's -max_len for the type: the largest encoding it can have when
// that is known and at most 64 KiB (and at least its smallest encoding),
// else DefaultMaxLen.
func (h *Harness[T]) MaxLen() int { return maxLenOf(reflect.TypeFor[T]()) }

// maxEncoded returns the largest encoded size of plan p, or false when it
// is unbounded (recursion, unbounded lengths) or too large to matter.
func maxEncoded(p *plan.Plan, seen map[*plan.Plan]bool) (int, bool) {
	if p.Fixed >= 0 {
		return p.Fixed, true
	}
	if seen[p] {
		return 0, false
	}
	seen[p] = true
	defer delete(seen, p)
	bounded := func(n, per int, ok bool) (int, bool) {
		if !ok || p.Limits.MaxLen >= plan.MaxLength || per > 0 && n > maxLenCap/per {
			return 0, false
		}
		return 4 + n*per, true
	}
	switch p.Kind {
	case plan.String, plan.Bytes:
		return bounded(p.Limits.MaxLen, 1, true)
	case plan.Slice:
		e, ok := maxEncoded(p.Elem, seen)
		return bounded(p.Limits.MaxLen, e, ok)
	case plan.Map:
		k, ok1 := maxEncoded(p.Key, seen)
		v, ok2 := maxEncoded(p.Elem, seen)
		return bounded(p.Limits.MaxLen, k+v, ok1 && ok2)
	case plan.Array:
		e, ok := maxEncoded(p.Elem, seen)
		if !ok || p.Len > 0 && e > maxLenCap/p.Len {
			return 0, false
		}
		return p.Len * e, true
	case plan.Pointer:
		e, ok := maxEncoded(p.Elem, seen)
		return 1 + e, ok
	case plan.Union:
		most := 0
		for _, v := range p.Variants {
			n, ok := maxEncoded(v.Plan, seen)
			if !ok {
				return 0, false
			}
			most = max(most, n)
		}
		return 2 + most, true
	case plan.Struct:
		total := 0
		for _, f := range p.Fields {
			n, ok := maxEncoded(f.Plan, seen)
			if !ok || total+n > maxLenCap {
				return 0, false
			}
			total += n
		}
		return total, true
	}
	return 0, false
}

func init() {
	native.SetToolMain(func(t any, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
		tl, _ := t.(tool)
		return toolMain(tl, args, stdin, stdout, stderr)
	})
}

// toolMain runs the helper commands `structfuzz` builds for a package,
// with the package's registered target t:
//
//	type            print the input type's name
//	maxlen          print the suggested -max_len
//	print FILE...   print input files (folders stand for their files) in the
//	                readable JSON form; a file that is no valid encoding (a
//	                raw-mode crash, a go test -fuzz input) is read
//	                leniently, with a note on stderr
//	encode          read the readable form on stdin, write an input on stdout
//	corpus [-record] DIR...
//	                report the files that do not decode and the schema
//	                changes (CheckCorpus); -record writes the schema into
//	                folders that have none (RecordSchema). Exit status 0,
//	                ExitCorpusBad or ExitSchemaChanged
//	schema          print the readable schema of the input type
//	migrate [-n] DIR...
//	                rewrite each folder for the current type (Migrate);
//	                -n is a dry run
//	checktype       check that the input type can be fuzzed (Harness.CheckType)
//	check FILE...   run every hook twice on the inputs (generated ones when
//	                no FILE is given) and report those whose results differ
//	                (Harness.CheckHooks)
//	golit PKG FILE...
//	                print, as JSON, each input's value as a Go expression
//	                for code in package PKG (structfuzz test)
//	replay FILE|DIR...
//	                run the target on every input, panics recovered, and
//	                count them (structfuzz cover builds this helper with
//	                coverage)
//	seed [-text] DIR FILE...
//	                write the values of the files (the readable form, or
//	                with -text texts for the parse function) into the
//	                corpus folder DIR (Seed), printing the files written
//
// It returns the process exit code: 0, 1 when a check fails or an input
// is bad, 2 for a usage error.
func toolMain(t tool, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	if t == nil && len(args) > 0 && args[0] == "checktype" {
		// A package without a structured target (a raw-bytes fuzz
		// function) has no type to check; building it is still fine.
		fmt.Fprintln(stderr, "structfuzz: the package registers no structured target; no input type to check")
		return 0
	}
	if t == nil {
		fmt.Fprintln(stderr, "structfuzz: the package registers no structured target at init (var target = libfuzzer.Target(...))")
		return 2
	}
	if len(args) == 0 {
		fmt.Fprintln(stderr, "structfuzz tool: want type, maxlen, print FILE..., encode, checktype, check [FILE...], corpus DIR..., schema, migrate DIR..., golit PKG FILE..., replay FILE... or seed [-text] DIR FILE...")
		return 2
	}
	switch args[0] {
	case "type":
		fmt.Fprintln(stdout, t.TypeName())
	case "maxlen":
		fmt.Fprintln(stdout, t.MaxLen())
	case "print":
		return toolPrint(t, args[1:], stdout, stderr)
	case "encode":
		js, err := io.ReadAll(stdin)
		if err == nil {
			var data []byte
			// FromJSON skips print's comment lines (names, rendered text).
			if data, err = t.FromJSON(js); err == nil {
				_, err = stdout.Write(data)
			}
		}
		if err != nil {
			fmt.Fprintf(stderr, "structfuzz encode (as %s): %v\n", t.TypeName(), err)
			return 1
		}
	case "corpus", "schema", "migrate":
		return corpusToolMain(t, args, stdout, stderr)
	case "checktype":
		if err := t.CheckType(); err != nil {
			fmt.Fprintln(stderr, err)
			return 1
		}
	case "check":
		return toolCheck(t, args[1:], stdout, stderr)
	case "golit":
		return toolGoLiteral(t, args[1:], stdin, stdout, stderr)
	case "seed":
		return toolSeed(t, args[1:], stdout, stderr)
	case "replay":
		return toolReplay(t, args[1:], stdout, stderr)
	default:
		fmt.Fprintf(stderr, "structfuzz tool: unknown command %q\n", args[0])
		return 2
	}
	return 0
}

// toolPrint is toolMain's print command.
func toolPrint(t tool, names []string, stdout, stderr io.Writer) int {
	files, err := inputFiles(names)
	if err != nil {
		fmt.Fprintf(stderr, "structfuzz print: %v\n", err)
		return 1
	}
	status := 0
	for _, name := range files {
		data, err := os.ReadFile(name)
		var in reading
		if err == nil {
			in, err = readable(t, data)
		}
		if err != nil {
			fmt.Fprintf(stderr, "structfuzz print: %s (as %s): %v\n", name, t.TypeName(), err)
			status = 1
			continue
		}
		if in.note != "" {
			fmt.Fprintf(stderr, "structfuzz print: %s: %s\n", name, in.note)
		}
		if len(files) > 1 {
			fmt.Fprintf(stdout, "// %s\n", name)
		}
		fmt.Fprintf(stdout, "%s\n%s", in.js, in.text)
	}
	return status
}

// renderer is what print needs of a tool to show the rendered text.
type renderer interface {
	rendered(data []byte, lenient bool) (string, error)
}

// toolCheck is toolMain's check command.
func toolCheck(t tool, files []string, stdout, stderr io.Writer) int {
	inputs := make([]CheckInput, 0, len(files))
	for _, name := range files {
		data, err := os.ReadFile(name)
		if err != nil {
			fmt.Fprintf(stderr, "structfuzz check: %v\n", err)
			return 1
		}
		inputs = append(inputs, CheckInput{Name: name, Data: data})
	}
	if err := t.CheckHooks(inputs, CheckOptions{Log: stdout}); err != nil {
		fmt.Fprintln(stderr, err)
		return 1
	}
	fmt.Fprintf(stdout, "structfuzz check: %s: ok (every hook reached gave the same result twice)\n", t.TypeName())
	return 0
}
