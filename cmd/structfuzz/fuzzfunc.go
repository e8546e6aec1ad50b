package main

import (
	"fmt"
	"go/ast"
	"strings"
	"unicode"
	"unicode/utf8"
)

// fuzzFunc is what the package's source says of the fuzz function a
// command was asked for.
type fuzzFunc struct {
	found    bool   // a func NAME(data []byte) int in the package itself
	file     string // where a function of that name is, if any
	test     bool   // ... in a _test.go file
	goTest   bool   // ... of the form func(f *testing.F)
	unexport string // the unexported name of that spelling, if the package has it
	others   []string
}

// findFuzzFunc looks for t.Func in the package's files.
func findFuzzFunc(t *target) (fuzzFunc, error) {
	var ff fuzzFunc
	_, files, err := parseFiles(t)
	if err != nil && files == nil {
		return ff, err
	}
	lower := ""
	if r, n := utf8.DecodeRuneInString(t.Func); n > 0 {
		lower = string(unicode.ToLower(r)) + t.Func[n:]
	}
	for _, sf := range files {
		f, test := sf.f, sf.test
		for _, d := range f.Decls {
			fd, ok := d.(*ast.FuncDecl)
			if !ok || fd.Recv != nil {
				continue
			}
			switch name := fd.Name.Name; {
			case name == t.Func:
				ff.file, ff.test = sf.name, test
				ff.found = !test && bytesToInt(fd.Type)
				ff.goTest = takesTestingF(fd.Type)
			case name == lower && lower != t.Func:
				ff.unexport = name
			case !test && bytesToInt(fd.Type) && ast.IsExported(name):
				ff.others = append(ff.others, name)
			}
		}
	}
	return ff, nil
}

// problem says why the fuzz function cannot be built, or is "".
func (ff fuzzFunc) problem(t *target) string {
	switch {
	case ff.found:
		return ""
	case ff.goTest:
		return fmt.Sprintf("%s in %s is a go test fuzz function (func(f *testing.F)). "+
			"A libFuzzer build of structfuzz needs a func(data []byte) int in the package itself, such as\n"+
			"  func Fuzz(data []byte) int { return target.Fuzz(data) }\n"+
			"or build %s with go-118-fuzz-build, as OSS-Fuzz does (README, OSS-Fuzz)", t.Func, ff.file, t.Func)
	case ff.file != "" && ff.test:
		return fmt.Sprintf("%s is declared in %s, a test file, which a fuzz binary does not build: move it into the package", t.Func, ff.file)
	case ff.file != "":
		return fmt.Sprintf("%s in %s is not a func(data []byte) int", t.Func, ff.file)
	case ff.unexport != "":
		return fmt.Sprintf("%s has no function %s, but has %s, which is not exported: rename it %s", t.ImportPath, t.Func, ff.unexport, t.Func)
	case len(ff.others) > 0:
		return fmt.Sprintf("%s has no function %s; its fuzz functions are %s: name one with -func", t.ImportPath, t.Func, strings.Join(ff.others, ", "))
	}
	return fmt.Sprintf("%s has no function %s: add\n  func %s(data []byte) int { return target.Fuzz(data) }\nwhere target is the libfuzzer.Target of the input type", t.ImportPath, t.Func, t.Func)
}

// bytesToInt reports the signature func([]byte) int.
func bytesToInt(ft *ast.FuncType) bool {
	if ft.TypeParams != nil || ft.Params == nil || len(ft.Params.List) != 1 || ft.Results == nil || len(ft.Results.List) != 1 {
		return false
	}
	p := ft.Params.List[0]
	if len(p.Names) > 1 {
		return false
	}
	arr, ok := p.Type.(*ast.ArrayType)
	if !ok || arr.Len != nil {
		return false
	}
	elt, ok := arr.Elt.(*ast.Ident)
	res, ok2 := ft.Results.List[0].Type.(*ast.Ident)
	return ok && ok2 && (elt.Name == "byte" || elt.Name == "uint8") && res.Name == "int" && len(ft.Results.List[0].Names) <= 1
}

// takesTestingF reports the signature func(*testing.F).
func takesTestingF(ft *ast.FuncType) bool {
	if ft.Params == nil || len(ft.Params.List) != 1 || ft.Results != nil {
		return false
	}
	star, ok := ft.Params.List[0].Type.(*ast.StarExpr)
	if !ok {
		return false
	}
	sel, ok := star.X.(*ast.SelectorExpr)
	return ok && sel.Sel.Name == "F"
}
