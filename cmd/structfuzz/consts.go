package main

import (
	"go/ast"
	"go/types"
	"path/filepath"
	"slices"
)

// enumConstants returns the named integer constants of t's package, for
// the literals structfuzz test writes (Op: Deposit rather than Op: 1): by
// type ("import/path.Type"), the name of each value, the first declared
// where several share one. The package is type-checked alone, its imports
// stood in for by empty packages: a constant that needs them is left out,
// and so is everything when the package does not parse.
func enumConstants(t *target) map[string]map[string]string {
	fset, files, _ := parseFiles(t)
	if fset == nil {
		return nil
	}
	asts := make([]*ast.File, len(files))
	for i, sf := range files {
		asts[i] = sf.f
	}
	conf := types.Config{Importer: emptyImporter{}, Error: func(error) {}}
	pkg, _ := conf.Check(t.ImportPath, fset, asts, nil)
	if pkg == nil {
		return nil
	}
	var consts []*types.Const
	for _, name := range pkg.Scope().Names() {
		c, ok := pkg.Scope().Lookup(name).(*types.Const)
		if !ok {
			continue
		}
		named, ok := c.Type().(*types.Named)
		if !ok || named.Obj().Pkg() != pkg {
			continue
		}
		if b, ok := named.Underlying().(*types.Basic); ok && b.Info()&types.IsInteger != 0 {
			consts = append(consts, c)
		}
	}
	slices.SortFunc(consts, func(a, b *types.Const) int { return int(a.Pos() - b.Pos()) })
	out := map[string]map[string]string{}
	for _, c := range consts {
		key := t.ImportPath + "." + c.Type().(*types.Named).Obj().Name()
		if out[key] == nil {
			out[key] = map[string]string{}
		}
		if v := c.Val().ExactString(); out[key][v] == "" {
			out[key][v] = c.Name()
		}
	}
	return out
}

// emptyImporter stands in for every import with an empty package.
type emptyImporter struct{}

// Import implements types.Importer.
func (emptyImporter) Import(path string) (*types.Package, error) {
	p := types.NewPackage(path, filepath.Base(path))
	p.MarkComplete()
	return p, nil
}
