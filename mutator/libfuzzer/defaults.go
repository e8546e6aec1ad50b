package libfuzzer

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/structfuzz/structfuzz/internal/dictfile"
	"github.com/structfuzz/structfuzz/mutator"
)

// defaultFlags returns the libFuzzer flags a binary adds to its command
// line args (argv[0] first) when they are not given: the input type's
// -max_len (p nil: none known) and a -dict of the texts (written into
// dir, named by its content, and reused). Explicit flags win. A dictionary
// that cannot be written is left out, with a note in the returned text.
func defaultFlags(args []string, p pipeline, texts []string, dir string) (add []string, note string) {
	if p != nil && !hasFlag(args, "max_len") {
		add = append(add, "-max_len="+strconv.Itoa(p.MaxLen()))
	}
	if len(texts) > 0 && !hasFlag(args, "dict") {
		data := dictfile.Format(texts)
		sum := sha256.Sum256(data)
		path := filepath.Join(dir, "structfuzz-"+hex.EncodeToString(sum[:8])+".dict")
		if err := writeOnce(path, data); err != nil {
			note = fmt.Sprintf(" (no -dict: %v)", err)
		} else {
			add = append(add, "-dict="+path)
		}
	}
	return add, note
}

// hasFlag reports whether args set libFuzzer's flag name (-name=value).
func hasFlag(args []string, name string) bool {
	for _, a := range args[min(1, len(args)):] {
		if strings.HasPrefix(a, "-"+name+"=") {
			return true
		}
	}
	return false
}

// writeOnce writes data to path unless the file holds it already (the
// name is the content's hash; processes of one fork-mode run race here).
func writeOnce(path string, data []byte) error {
	if old, err := os.ReadFile(path); err == nil && string(old) == string(data) {
		return nil
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), ".structfuzz-dict-*")
	if err != nil {
		return err
	}
	_, werr := tmp.Write(data)
	cerr := tmp.Close()
	if werr != nil || cerr != nil {
		os.Remove(tmp.Name())
		return fmt.Errorf("writing %s: %w", tmp.Name(), errors.Join(werr, cerr))
	}
	return os.Rename(tmp.Name(), path)
}

// initialFlags is LLVMFuzzerInitialize's work on Go strings: the flags to
// add for the registered target and the dictionary, and the line that
// says so.
func initialFlags(args []string) ([]string, string) {
	mu.Lock()
	p := registered
	mu.Unlock()
	texts, _ := mutator.Dictionary()
	add, note := defaultFlags(args, p, texts, os.TempDir())
	if len(add) == 0 && note == "" {
		return nil, ""
	}
	return add, fmt.Sprintf("structfuzz: added %s (the input type's defaults; flags given on the command line win)%s\n", strings.Join(add, " "), note)
}
