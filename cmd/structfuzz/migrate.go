package main

import (
	"errors"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
)

// Exit statuses of the helper's corpus command (harness.ExitCorpusBad and
// harness.ExitSchemaChanged).
const (
	corpusBad     = 1
	schemaChanged = 3
)

// status runs the helper and returns its standard output and exit status;
// its standard error is passed through.
func (h *helper) status(args ...string) ([]byte, int, error) {
	cmd := exec.Command(h.path, args...)
	cmd.Stderr = os.Stderr
	out, err := cmd.Output()
	var exit *exec.ExitError
	if errors.As(err, &exit) {
		return out, exit.ExitCode(), nil
	}
	return out, 0, err
}

// defaultDirs are the corpus and crash folders run writes for t.
func defaultDirs(t *target) []string {
	return []string{
		filepath.Join(t.Dir, "testdata", "structfuzz", "corpus"),
		filepath.Join(t.Dir, "testdata", "structfuzz", "crashers"),
	}
}

// checkCorpus prints the corpus report of dirs and records the schema in
// each folder that has none. It fails when a recorded schema differs from
// the input type in a way that changes the meaning of the inputs.
func checkCorpus(h *helper, t *target, dirs []string) error {
	out, code, err := h.status(append([]string{"corpus", "-record"}, dirs...)...)
	if err != nil {
		return err
	}
	os.Stderr.Write(out)
	if code == schemaChanged {
		return fmt.Errorf("not fuzzing: the corpus was written for another version of %s.%s's input type; rewrite it with\n  structfuzz migrate %s", t.ImportPath, t.Func, t.ImportPath)
	}
	if code != 0 && code != corpusBad {
		return exitError(code)
	}
	return nil
}

func migrateCmd(args []string) error {
	var c common
	fs := flag.NewFlagSet("migrate", flag.ContinueOnError)
	c.register(fs)
	dry := fs.Bool("n", false, "dry run: report what would change and write nothing")
	t, dirs, err := c.parseLoad(fs, args, atLeast(1), "migrate needs a package")
	if err != nil {
		return err
	}
	if len(dirs) == 0 {
		for _, d := range defaultDirs(t) {
			if _, err := os.Stat(filepath.Join(d, ".structfuzz", "schema.json")); err == nil {
				dirs = append(dirs, d)
			}
		}
		if len(dirs) == 0 {
			return fmt.Errorf("no folder of %s has a recorded schema (%s); name the folders to migrate", t.ImportPath, filepath.Join(defaultDirs(t)[0], ".structfuzz", "schema.json"))
		}
	}
	h, err := c.buildHelper(t)
	if err != nil {
		return err
	}
	defer h.cleanup()
	argv := []string{"migrate"}
	if *dry {
		argv = append(argv, "-n")
	}
	out, code, err := h.status(append(argv, dirs...)...)
	os.Stdout.Write(out)
	if err == nil && code != 0 {
		err = exitError(code)
	}
	return err
}

func schemaCmd(args []string) error {
	var c common
	fs := flag.NewFlagSet("schema", flag.ContinueOnError)
	c.register(fs)
	t, _, err := c.parseLoad(fs, args, one, "schema needs a package")
	if err != nil {
		return err
	}
	out, err := c.helperOutput(t, nil, "schema")
	os.Stdout.Write(out)
	return err
}
