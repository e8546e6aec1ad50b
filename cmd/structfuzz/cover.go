package main

import (
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
)

// coverCmd is `structfuzz cover`: an HTML coverage report of what the
// corpus reaches. The helper program is built with coverage of the
// packages of -coverpkg (default: the target's module), runs the target
// on every input (crashes included, their panics recovered), and
// go tool covdata and go tool cover turn its counters into the report.
func coverCmd(args []string) error {
	var c common
	var out, coverpkg string
	fs := flag.NewFlagSet("cover", flag.ContinueOnError)
	c.register(fs)
	fs.StringVar(&out, "o", "", "the HTML report (default: .structfuzz/cover/PKGNAME.html in the module's root)")
	fs.StringVar(&coverpkg, "coverpkg", "", "comma-separated package patterns to measure, as go build -coverpkg takes them (default: the target's module, MODULE/...); add the library under test's")
	t, dirs, err := c.parseLoad(fs, args, atLeast(1), "cover needs a package, and the corpus folders or files to replay (default: its testdata/structfuzz corpus and crashers)")
	if err != nil {
		return err
	}
	if len(dirs) == 0 {
		for _, d := range defaultDirs(t) {
			if _, err := os.Stat(d); err == nil {
				dirs = append(dirs, d)
			}
		}
		if len(dirs) == 0 {
			return fmt.Errorf("%s has no corpus yet (%s): run structfuzz run first, or name the folders", t.ImportPath, defaultDirs(t)[0])
		}
	}
	if coverpkg == "" {
		coverpkg = t.ModulePath + "/..."
	}
	if out == "" {
		out = filepath.Join(t.ModuleDir, ".structfuzz", "cover", t.Name+".html")
	}
	if out, err = filepath.Abs(out); err != nil {
		return err
	}
	// The helper's own main package must be covered too: without it the
	// binary writes no counters at all (go1.26). Its lines are dropped
	// from the profile below.
	h, err := c.buildHelper(t, "-cover", "-coverpkg="+coverpkg+",command-line-arguments")
	if err != nil {
		return err
	}
	defer h.cleanup()
	counters, err := os.MkdirTemp("", "structfuzz-cover")
	if err != nil {
		return err
	}
	defer os.RemoveAll(counters)
	replay := exec.Command(h.path, append([]string{"replay"}, dirs...)...)
	replay.Env = append(os.Environ(), "GOCOVERDIR="+counters)
	summary, err := c.output(replay)
	if err != nil {
		return fmt.Errorf("replaying the corpus: %v", err)
	}
	profile := filepath.Join(counters, "profile.txt")
	if _, err := c.output(exec.Command("go", "tool", "covdata", "textfmt", "-i="+counters, "-o="+profile)); err != nil {
		return fmt.Errorf("reading the coverage counters: %v", err)
	}
	if err := dropHelper(profile, filepath.Dir(h.path)+string(filepath.Separator)); err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(out), 0o755); err != nil {
		return err
	}
	html := exec.Command("go", "tool", "cover", "-html="+profile, "-o="+out)
	html.Dir = t.ModuleDir
	if _, err := c.output(html); err != nil {
		return fmt.Errorf("writing the report: %v", err)
	}
	funcs := exec.Command("go", "tool", "cover", "-func="+profile)
	funcs.Dir = t.ModuleDir
	reach := ""
	if fo, err := c.output(funcs); err == nil {
		lines := strings.Split(strings.TrimSpace(string(fo)), "\n")
		if f := strings.Fields(lines[len(lines)-1]); len(f) > 0 {
			reach = fmt.Sprintf("; they reach %s of the statements of %s", f[len(f)-1], coverpkg)
		}
	}
	fmt.Fprintf(os.Stderr, "structfuzz: %s%s\nstructfuzz: the report: %s\n", strings.TrimSpace(string(summary)), reach, out)
	return nil
}

// dropHelper removes the helper program's own lines (its main package,
// in folder dir) from a coverage profile.
func dropHelper(profile, dir string) error {
	data, err := os.ReadFile(profile)
	if err != nil {
		return err
	}
	var keep []string
	for _, l := range strings.SplitAfter(string(data), "\n") {
		if !strings.HasPrefix(l, dir) && !strings.HasPrefix(l, "command-line-arguments/") {
			keep = append(keep, l)
		}
	}
	return os.WriteFile(profile, []byte(strings.Join(keep, "")), 0o644)
}
