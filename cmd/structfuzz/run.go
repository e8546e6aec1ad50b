package main

import (
	"errors"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
)

func runCmd(args []string) error {
	var fuzzerArgs []string
	if i := slices.Index(args, "--"); i >= 0 {
		args, fuzzerArgs = args[:i], args[i+1:]
	}
	var b buildFlags
	var jobs int
	fs := flag.NewFlagSet("run", flag.ContinueOnError)
	b.register(fs)
	fs.IntVar(&jobs, "j", 0, "fuzz with N processes (libFuzzer's -fork=N)")
	b.requireFunc = true
	t, _, err := b.parseLoad(fs, args, one, "run needs one package (libFuzzer flags go after --)")
	if err != nil {
		return err
	}
	switch {
	case jobs < 0:
		return fmt.Errorf("-j %d: want a number of processes", jobs)
	case jobs > 0 && hasFlag(fuzzerArgs, "fork"):
		return fmt.Errorf("-j and -- -fork=: choose one")
	case jobs > 0:
		fuzzerArgs = append([]string{"-fork=" + strconv.Itoa(jobs)}, fuzzerArgs...)
	}
	binDir := filepath.Join(t.ModuleDir, ".structfuzz", "bin")
	if err := os.MkdirAll(binDir, 0o755); err != nil {
		return err
	}
	bin := filepath.Join(binDir, t.key(b.mode, b.tags, strings.Join(b.extraUninstrumented(), ",")))
	fmt.Fprintf(os.Stderr, "structfuzz: building %s.%s (%s mode)...\n", t.ImportPath, t.Func, b.mode)
	if err := b.build(t, bin); err != nil {
		return err
	}
	h, err := b.buildHelper(t)
	if err != nil {
		return err
	}
	defer h.cleanup()

	dirs := defaultDirs(t)
	corpus, crashers := dirs[0], dirs[1]
	for _, d := range dirs {
		if err := os.MkdirAll(d, 0o755); err != nil {
			return err
		}
	}
	for _, a := range fuzzerArgs {
		if st, err := os.Stat(a); err == nil && st.IsDir() && !strings.HasPrefix(a, "-") {
			dirs = append(dirs, a)
		}
	}
	if err := checkCorpus(h, t, dirs); err != nil {
		return err
	}
	before := listFiles(crashers)
	argv := []string{"-artifact_prefix=" + crashers + string(filepath.Separator)}
	if !hasFlag(fuzzerArgs, "max_len") {
		out, err := h.run(nil, "maxlen")
		if err != nil {
			return err
		}
		if n, err := strconv.Atoi(strings.TrimSpace(string(out))); err == nil {
			argv = append(argv, "-max_len="+strconv.Itoa(n))
		}
	}
	if len(b.collected.Texts) > 0 && !hasFlag(fuzzerArgs, "dict") {
		// The texts of the source, for libFuzzer's own byte-level
		// mutations (the mutator has them embedded).
		dict := filepath.Join(t.ModuleDir, ".structfuzz", t.key("dict", b.tags)+".dict")
		if err := writeDict(dict, b.collected); err != nil {
			return err
		}
		argv = append(argv, "-dict="+dict)
	}
	argv = append(argv, fuzzerArgs...)
	if !hasPositional(fuzzerArgs) {
		argv = append(argv, corpus)
	}
	fmt.Fprintf(os.Stderr, "structfuzz: %s %s\n", bin, strings.Join(argv, " "))
	cmd := exec.Command(bin, argv...)
	cmd.Stdin, cmd.Stdout, cmd.Stderr = os.Stdin, os.Stdout, os.Stderr
	runErr := cmd.Run()

	for _, f := range listFiles(crashers) {
		if slices.Contains(before, f) {
			continue
		}
		fmt.Fprintf(os.Stderr, "\nstructfuzz: the input that crashed %s.%s, %s:\n", t.ImportPath, t.Func, f)
		if js, err := h.run(nil, "print", f); err == nil {
			os.Stderr.Write(js)
		}
		fmt.Fprintf(os.Stderr, "\nreplay it with:\n  %s %s\nturn it into a regression test (a Go literal of the value) with:\n  structfuzz test %s %s\nprint it again with:\n  structfuzz print %s %s\n",
			bin, f, t.ImportPath, f, t.ImportPath, f)
	}
	var exit *exec.ExitError
	if errors.As(runErr, &exit) {
		return exitError(exit.ExitCode())
	}
	if runErr != nil {
		return fmt.Errorf("running %s: %v", bin, runErr)
	}
	return nil
}

// listFiles lists the regular files in dir.
func listFiles(dir string) []string {
	entries, _ := os.ReadDir(dir)
	var files []string
	for _, e := range entries {
		if e.Type().IsRegular() {
			files = append(files, filepath.Join(dir, e.Name()))
		}
	}
	return files
}

func hasFlag(args []string, name string) bool {
	for _, a := range args {
		if strings.HasPrefix(a, "-"+name+"=") {
			return true
		}
	}
	return false
}

func hasPositional(args []string) bool {
	for _, a := range args {
		if !strings.HasPrefix(a, "-") {
			return true
		}
	}
	return false
}
