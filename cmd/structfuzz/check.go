package main

import (
	"flag"
	"fmt"
	"os"
	"os/exec"
	"strings"
)

// libfuzzerPkg is the package that registers structured targets.
const libfuzzerPkg = "github.com/structfuzz/structfuzz/mutator/libfuzzer"

// checkCmd is `structfuzz check PKG [FILE...]`: the type check, then every
// hook run twice on the same value and seed, on the inputs in FILEs
// (folders stand for the files in them), or on generated inputs.
func checkCmd(args []string) error {
	var c common
	fs := flag.NewFlagSet("check", flag.ContinueOnError)
	c.register(fs)
	t, args, err := c.parseLoad(fs, args, atLeast(1), "check needs a package, and optionally input files or folders")
	if err != nil {
		return err
	}
	var files []string
	for _, abs := range args {
		info, err := os.Stat(abs)
		if err != nil {
			return err
		}
		if info.IsDir() {
			files = append(files, listFiles(abs)...)
		} else {
			files = append(files, abs)
		}
	}
	out, err := c.helperOutput(t, nil, append([]string{"check"}, files...)...)
	os.Stdout.Write(out)
	return err
}

// checkType fails when the input type of t's target cannot be fuzzed, with
// the type model's message, so that build does not make a fuzzer that
// would never run its target. A package that does not use structfuzz's
// libFuzzer targets (a raw-bytes fuzz function) has nothing to check.
func (c *common) checkType(t *target) error {
	args := []string{"list", "-deps", "-f", "{{.ImportPath}}"}
	if c.tags != "" {
		args = append(args, "-tags", c.tags)
	}
	out, err := c.output(exec.Command("go", append(args, "--", t.ImportPath)...))
	if err != nil {
		return fmt.Errorf("cannot load package %s: %v", t.ImportPath, err)
	}
	uses := false
	for _, dep := range strings.Split(string(out), "\n") {
		uses = uses || strings.TrimSpace(dep) == libfuzzerPkg
	}
	if !uses {
		return nil
	}
	h, err := c.buildHelper(t)
	if err != nil {
		return err
	}
	defer h.cleanup()
	if _, err := c.output(exec.Command(h.path, "checktype")); err != nil {
		return fmt.Errorf("the input type of %s cannot be fuzzed, so no fuzzer is built:\n%v", t, err)
	}
	return nil
}
