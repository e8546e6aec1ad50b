package harness_test

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/structfuzz/structfuzz/harness"
)

// Seed writes corpus files from Go values, post-processed and named by
// their SHA-1; a value already there is not written again.
func ExampleHarness_Seed() {
	h := harness.New(func(*Login) {}, harness.Options{})
	dir, _ := os.MkdirTemp("", "corpus")
	defer os.RemoveAll(dir)
	written, err := h.Seed(dir, Login{User: "root", Admin: true}, Login{User: "guest"}, Login{User: "guest"})
	fmt.Println(len(written), err)
	// Output: 2 <nil>
}

// SetParse turns the texts of an existing corpus into seeds.
func ExampleHarness_SetParse() {
	h := harness.New(func(*Login) {}, harness.Options{})
	h.SetParse(func(text []byte) (*Login, error) {
		user, admin, _ := strings.Cut(string(text), ",")
		return &Login{User: user, Admin: admin == "admin"}, nil
	})
	dir, _ := os.MkdirTemp("", "corpus")
	defer os.RemoveAll(dir)
	written, _ := h.SeedText(dir, []byte("root,admin"), []byte("guest,"))
	for _, f := range written {
		data, _ := os.ReadFile(f)
		v, _ := h.Decode(data)
		fmt.Printf("%d hex digits: %+v\n", len(filepath.Base(f)), *v)
	}
	// Output:
	// 40 hex digits: {User:root Admin:true}
	// 40 hex digits: {User:guest Admin:false}
}

// SetRender shows the text the target hands the library under test beside
// the value, in `structfuzz print` and in run's crash report.
func ExampleHarness_SetRender() {
	h := harness.New(func(*Login) {}, harness.Options{})
	h.SetRender(func(l *Login) []byte { return fmt.Appendf(nil, "LOGIN %s\nADMIN %v\n", l.User, l.Admin) })
	dir, _ := os.MkdirTemp("", "corpus")
	defer os.RemoveAll(dir)
	written, _ := h.Seed(dir, Login{User: "root", Admin: true})
	data, _ := os.ReadFile(written[0])
	shown, _ := h.Show(data)
	fmt.Print(shown)
	// Output:
	// {
	//   "User": "root",
	//   "Admin": true
	// }
	// // rendered (22 bytes):
	// //   LOGIN root
	// //   ADMIN true
}
