// Command structfuzz builds and runs structure-aware libFuzzer binaries
// for Go fuzz targets written with structfuzz, and converts their inputs
// to and from a readable form.
//
//	structfuzz build [-o BIN] [-func NAME] [-mode native|go-fuzz] [-tags TAGS] [-uninstrumented PATTERNS] PKG
//	structfuzz run [build flags] [-j N] PKG [-- libFuzzer flags]
//	structfuzz print [-func NAME] PKG FILE|DIR...
//	structfuzz encode [-func NAME] [-o FILE] PKG [JSON-FILE]
//	structfuzz migrate [-n] [-func NAME] PKG [DIR...]
//	structfuzz schema [-func NAME] PKG
//	structfuzz check [-func NAME] PKG [FILE...]
//	structfuzz test [-func NAME] [-target VAR] [-f] PKG CRASHFILE...
//	structfuzz seed [-func NAME] [-o DIR] [-text] PKG FILE|DIR...
//	structfuzz cover [-func NAME] [-o HTML] [-coverpkg PATTERNS] PKG [DIR...]
//
// PKG holds the fuzz function (default Fuzz, `func(data []byte) int`)
// and a target registered with mutator/libfuzzer:
//
//	var target = libfuzzer.Target(func(r *Request) { handle(r) })
//
//	func Fuzz(data []byte) int { return target.Fuzz(data) }
//
// build makes a libFuzzer binary. The default native mode uses the Go
// toolchain's own libFuzzer instrumentation (the path OSS-Fuzz takes),
// leaving structfuzz's own packages uninstrumented so the mutator's
// branches do not pollute the target's coverage; go-fuzz mode uses
// go-fuzz-build -libfuzzer. Both link with `clang -fsanitize=fuzzer`.
// Native mode also leaves the standard library uninstrumented by default:
// tracing every comparison in compress/flate, net/http or encoding/json
// cost the examples 1.7 to 16 times the CPU per execution and found their
// bugs no sooner. -uninstrumented replaces that default with a
// comma-separated list of import paths, path/... patterns and std (go-fuzz
// mode takes import paths only); -uninstrumented none instruments the
// standard library too. A package left out no longer guides the fuzzer
// with its branches and comparisons, so leave out only code the bug does
// not hide behind.
//
// build writes the binary to .structfuzz/bin/PKGNAME-fuzz in the module's
// root unless -o says otherwise: everything structfuzz builds and writes
// for itself (binaries, helper programs, dictionaries) is in .structfuzz/,
// the one folder to add to .gitignore. The corpus and crash files it
// keeps are the package's testdata/structfuzz, which belong in version
// control.
//
// run builds, then fuzzes with a corpus in PKG/testdata/structfuzz/corpus,
// crash files in PKG/testdata/structfuzz/crashers and a -max_len suited to
// the input type. Before it starts it prints the corpus report: how many
// files do not decode as the input type (the first few by name, with the
// reason), and how the schema recorded in each folder
// (DIR/.structfuzz/schema.json, written on the first run) differs from the
// type; it stops when old inputs would change meaning. On a crash it prints the input in readable form and the
// commands that replay it. -j N fuzzes with N processes (libFuzzer's
// -fork=N). Flags after -- go to libFuzzer.
//
// print shows input files (corpus entries, crash files, folders of them,
// and the corpus files go test -fuzz writes) as the codec's readable JSON;
// a file that is no valid encoding of the input type (a crash of a
// raw-mode run, STRUCTFUZZ_RAW=1) is shown as the lenient decoder reads it,
// with a note on standard error saying so. encode turns that JSON back
// into an input file, so seeds can be written by hand.
//
// migrate rewrites corpus and crash folders (default: those run writes)
// written for an older version of the input type, reading each file with
// the schema recorded beside it and carrying values over by field and
// variant names; -n is a dry run, and the originals are kept in
// DIR/.structfuzz/backup-TIME. schema prints the input type's layout.
// check runs the input type's check (which build and run also run before
// compiling: a type that cannot be fuzzed fails the build with the type
// model's message), then runs every Mutate, CrossOver and PostProcess hook
// twice on the same value with the same seed, and fails naming each hook
// whose two results differ: a hook that reads global state, the clock or
// map order makes crashes that do not reproduce. It runs on the input
// files given (folders stand for their files), or on generated inputs.
//
// test turns crash files into regression tests: for each it writes
// PKG/crash_<sha1 prefix>_test.go, a test that builds the crashing value
// as a Go composite literal (unions, pointers, maps, special floats
// included, enums by the names of the package's constants) and calls the target with it (Harness.Call), so the bug stays
// fixed under plain go test without any testdata file. The target is the
// package-level variable made by libfuzzer.Target or harness.New (-target
// names it when there are several); a crash file of a raw-mode run is
// decoded leniently, and the test says so. test checks that the package
// still compiles with the files it wrote, and removes them if not.
//
// seed writes corpus files (default PKG/testdata/structfuzz/corpus) from
// values people already have: files of the readable JSON form, one value
// or several in a row, or with -text the texts of an existing corpus
// (Markdown files, requests) read by the parse function the target
// registers with Harness.SetParse. Each value is post-processed and
// encoded, and named by its SHA-1, as libFuzzer names corpus files.
//
// cover writes an HTML coverage report (default
// .structfuzz/cover/PKGNAME.html) of what the corpus and crash files (or
// the folders named) reach in the packages of -coverpkg, by default the
// target's module; name the library under test's packages to see how far
// fuzzing got into it.
package main

import (
	"errors"
	"fmt"
	"os"
)

const usage = `usage:
  structfuzz build [-o BIN] [-func NAME] [-mode native|go-fuzz] [-tags TAGS] [-uninstrumented PATTERNS] PKG
  structfuzz run [-func NAME] [-mode native|go-fuzz] [-tags TAGS] [-uninstrumented PATTERNS] [-j N] PKG [-- libFuzzer flags]
  structfuzz print [-func NAME] PKG FILE|DIR...
  structfuzz encode [-func NAME] [-o FILE] PKG [JSON-FILE]
  structfuzz migrate [-n] [-func NAME] PKG [DIR...]
  structfuzz schema [-func NAME] PKG
  structfuzz check [-func NAME] PKG [FILE...]
  structfuzz test [-func NAME] [-target VAR] [-f] PKG CRASHFILE...
  structfuzz seed [-func NAME] [-o DIR] [-text] PKG FILE|DIR...
  structfuzz cover [-func NAME] [-o HTML] [-coverpkg PATTERNS] PKG [DIR...]
`

func main() {
	if len(os.Args) < 2 {
		fmt.Fprint(os.Stderr, usage)
		os.Exit(2)
	}
	var err error
	switch cmd, args := os.Args[1], os.Args[2:]; cmd {
	case "build":
		err = buildCmd(args)
	case "run":
		err = runCmd(args)
	case "print":
		err = printCmd(args)
	case "encode":
		err = encodeCmd(args)
	case "migrate":
		err = migrateCmd(args)
	case "schema":
		err = schemaCmd(args)
	case "check":
		err = checkCmd(args)
	case "test":
		err = testCmd(args)
	case "seed":
		err = seedCmd(args)
	case "cover":
		err = coverCmd(args)
	case "help", "-h", "-help", "--help":
		fmt.Print(usage)
		return
	default:
		err = fmt.Errorf("unknown command %q\n%s", cmd, usage)
	}
	if err != nil {
		var exit exitError
		if errors.As(err, &exit) {
			os.Exit(int(exit))
		}
		fmt.Fprintln(os.Stderr, "structfuzz:", err)
		os.Exit(1)
	}
}

// exitError ends the command with a status and nothing more to say (the
// fuzzer already said it).
type exitError int

// Error implements error.
func (e exitError) Error() string { return fmt.Sprintf("exit status %d", int(e)) }
