package schema

import (
	"fmt"
	"slices"
	"strings"
)

// Change is one difference between a recorded schema and the current one.
type Change struct {
	// Path locates the change, e.g. "Request.Body.(Circle).R".
	Path string
	// What says what changed, for a person.
	What string
	// Reinterprets reports a change after which old inputs can decode
	// with another meaning, or where the old bytes cannot be read in the
	// new layout at all: fields added, removed, reordered or split, a
	// changed width or kind, union variants reordered or removed, enum
	// values renumbered. Additive changes that keep the meaning of every
	// old input (a union variant or enum value appended, a constraint
	// changed) do not; old inputs outside a new constraint fail to decode
	// and are reported as such.
	Reinterprets bool
}

// String renders the change as "path: what".
func (c Change) String() string { return c.Path + ": " + c.What }

// Diff lists how the current schema differs from the recorded one, in a
// walk from the root. It is empty when the fingerprints are equal.
func Diff(recorded, current *Schema) []Change {
	if recorded.Fingerprint == current.Fingerprint && recorded.ComputeFingerprint() == current.ComputeFingerprint() {
		return nil
	}
	d := differ{old: recorded, cur: current, seen: map[[2]int]bool{}}
	d.walk(0, 0, current.Root)
	if len(d.changes) == 0 {
		d.add(current.Root, true, "the layout changed (fingerprint %s, now %s)", recorded.Fingerprint, current.Fingerprint)
	}
	return d.changes
}

type differ struct {
	old, cur *Schema
	seen     map[[2]int]bool
	changes  []Change
}

func (d *differ) add(path string, reinterprets bool, format string, args ...any) {
	d.changes = append(d.changes, Change{Path: path, What: fmt.Sprintf(format, args...), Reinterprets: reinterprets})
}

func (d *differ) walk(oi, ni int, path string) {
	if d.seen[[2]int{oi, ni}] {
		return
	}
	d.seen[[2]int{oi, ni}] = true
	o, n := d.old.Types[oi], d.cur.Types[ni]
	if o.Kind != n.Kind || o.Width != n.Width {
		if !(isList(o.Kind) && isList(n.Kind)) {
			d.add(path, true, "type changed from %s to %s", d.old.Describe(oi), d.cur.Describe(ni))
			return
		}
	}
	if o.Len != n.Len {
		d.add(path, true, "array length changed from %d to %d", o.Len, n.Len)
		return
	}
	if o.Text != n.Text {
		d.add(path, true, "now marshals itself with %s", map[bool]string{true: "MarshalText", false: "MarshalBinary"}[n.Text])
	}
	d.enum(o, n, path)
	if o.Range != n.Range {
		d.add(path, false, "range changed from %s to %s", orNone(o.Range), orNone(n.Range))
	}
	if o.MinLen != n.MinLen || !sameInt(o.MaxLen, n.MaxLen) || o.UTF8 != n.UTF8 {
		d.add(path, false, "length or UTF-8 constraint changed from %q to %q", lenText(o), lenText(n))
	}
	if !slices.Equal(o.Oneof, n.Oneof) {
		d.add(path, false, "string choices changed from %s to %s", orNone(oneofOrEmpty(o.Oneof)), orNone(oneofOrEmpty(n.Oneof)))
	}
	switch n.Kind {
	case "bytes", "slice", "array":
		d.walk(*o.Elem, *n.Elem, path+"[]")
	case "pointer":
		d.walk(*o.Elem, *n.Elem, path)
	case "map":
		d.walk(*o.Key, *n.Key, path+"[key]")
		d.walk(*o.Elem, *n.Elem, path+"[value]")
	case "struct":
		d.fields(o, n, path)
	case "union":
		d.variants(o, n, path)
	}
}

func oneofOrEmpty(texts []string) string {
	if texts == nil {
		return ""
	}
	return oneofText(texts)
}

func isList(k string) bool { return k == "bytes" || k == "slice" }

func orNone(s string) string {
	if s == "" {
		return "none"
	}
	return s
}

func sameInt(a, b *int) bool { return (a == nil) == (b == nil) && (a == nil || *a == *b) }

func lenText(t Type) string {
	var c []string
	if t.MinLen > 0 {
		c = append(c, fmt.Sprintf("minlen=%d", t.MinLen))
	}
	if t.MaxLen != nil {
		c = append(c, fmt.Sprintf("maxlen=%d", *t.MaxLen))
	}
	if t.UTF8 {
		c = append(c, "utf8")
	}
	return strings.Join(c, ",")
}

// names lists the names of fields or variants.
func names[E any](es []E, name func(E) string) []string {
	out := make([]string, len(es))
	for i, e := range es {
		out[i] = name(e)
	}
	return out
}

// order returns the names common to a and b, in a's order.
func common(a, b []string) []string {
	var out []string
	for _, x := range a {
		if slices.Contains(b, x) {
			out = append(out, x)
		}
	}
	return out
}

func (d *differ) fields(o, n Type, path string) {
	on := names(o.Fields, func(f Field) string { return f.Name })
	nn := names(n.Fields, func(f Field) string { return f.Name })
	co, cn := common(on, nn), common(nn, on)
	if !slices.Equal(co, cn) {
		d.add(path, true, "fields reordered: %s, now %s", strings.Join(co, ", "), strings.Join(cn, ", "))
	}
	// A removed field whose place (between the same common neighbours)
	// is taken by two or more added fields was split.
	split := map[string]bool{}
	for i, name := range on {
		if slices.Contains(nn, name) {
			continue
		}
		lo, hi := neighbours(on, i, nn)
		var removed, added []string
		for _, x := range between(on, lo, hi) {
			if !slices.Contains(nn, x) {
				removed = append(removed, x)
			}
		}
		for _, x := range between(nn, lo, hi) {
			if !slices.Contains(on, x) {
				added = append(added, x)
			}
		}
		if len(removed) == 1 && len(added) >= 2 {
			d.add(path+"."+name, true, "field split into %s? (%s removed; %s added)", strings.Join(added, ", "), name, strings.Join(added, ", "))
			split[name] = true
			for _, a := range added {
				split[a] = true
			}
		}
	}
	for _, name := range on {
		if !slices.Contains(nn, name) && !split[name] {
			d.add(path+"."+name, true, "field removed (was field %d of %d)", slices.Index(on, name)+1, len(on))
		}
	}
	for _, name := range nn {
		if !slices.Contains(on, name) && !split[name] {
			d.add(path+"."+name, true, "field added (field %d of %d; old inputs lack it)", slices.Index(nn, name)+1, len(nn))
		}
	}
	for _, f := range n.Fields {
		if j := slices.Index(on, f.Name); j >= 0 {
			d.walk(o.Fields[j].Type, f.Type, path+"."+f.Name)
		}
	}
}

// neighbours returns the names of the nearest fields before and after
// on[i] that are also in nn ("" at either end).
func neighbours(on []string, i int, nn []string) (string, string) {
	lo, hi := "", ""
	for j := i - 1; j >= 0; j-- {
		if slices.Contains(nn, on[j]) {
			lo = on[j]
			break
		}
	}
	for j := i + 1; j < len(on); j++ {
		if slices.Contains(nn, on[j]) {
			hi = on[j]
			break
		}
	}
	return lo, hi
}

// between returns the names of list strictly between lo and hi ("" is the
// start or the end).
func between(list []string, lo, hi string) []string {
	start, end := 0, len(list)
	if lo != "" {
		start = slices.Index(list, lo) + 1
	}
	if hi != "" {
		end = slices.Index(list, hi)
	}
	if start < 0 || end < start {
		return nil
	}
	return list[start:end]
}

func (d *differ) variants(o, n Type, path string) {
	on := names(o.Variants, func(v Variant) string { return v.Name })
	nn := names(n.Variants, func(v Variant) string { return v.Name })
	moved := false
	for i, name := range on {
		if j := slices.Index(nn, name); j >= 0 && j != i {
			moved = true
		}
	}
	if moved {
		d.add(path, true, "union variants reordered: tags %s, now %s", tagList(on), tagList(nn))
	}
	for _, name := range on {
		if !slices.Contains(nn, name) {
			d.add(path+".("+name+")", true, "union variant removed (was tag %d)", slices.Index(on, name)+1)
		}
	}
	for _, name := range nn {
		if !slices.Contains(on, name) {
			d.add(path+".("+name+")", moved, "union variant added (tag %d)", slices.Index(nn, name)+1)
		}
	}
	for _, v := range n.Variants {
		if j := slices.Index(on, v.Name); j >= 0 {
			d.walk(o.Variants[j].Type, v.Type, path+".("+v.Name+")")
		}
	}
}

func tagList(names []string) string {
	parts := make([]string, len(names))
	for i, n := range names {
		parts[i] = fmt.Sprintf("%d=%s", i+1, n)
	}
	return strings.Join(parts, " ")
}

func (d *differ) enum(o, n Type, path string) {
	if o.Enum == nil && n.Enum == nil {
		return
	}
	if o.Enum == nil || n.Enum == nil {
		d.add(path, false, "enum changed from %s to %s", d.enumOrAny(o), d.enumOrAny(n))
		return
	}
	if slices.Equal(o.Enum.Values, n.Enum.Values) && slices.Equal(o.Enum.Names, n.Enum.Names) {
		return
	}
	named := o.Enum.Names != nil && n.Enum.Names != nil
	reinterprets := false
	var notes []string
	for i, v := range o.Enum.Values {
		j := slices.Index(n.Enum.Values, v)
		switch {
		case named && j >= 0 && n.Enum.Names[j] != o.Enum.Names[i]:
			reinterprets = true
			notes = append(notes, fmt.Sprintf("%s was %s, now %s", rawText(n, v), o.Enum.Names[i], n.Enum.Names[j]))
		case named && j < 0:
			if k := slices.Index(n.Enum.Names, o.Enum.Names[i]); k >= 0 {
				reinterprets = true // the old bytes name a value that moved
				notes = append(notes, fmt.Sprintf("%s was %s, now %s", o.Enum.Names[i], rawText(o, v), rawText(n, n.Enum.Values[k])))
			} else {
				notes = append(notes, fmt.Sprintf("%s (%s) removed", o.Enum.Names[i], rawText(o, v)))
			}
		case j < 0:
			// Without names, a vanished value may have been renumbered.
			reinterprets = reinterprets || !named
			notes = append(notes, fmt.Sprintf("%s removed", rawText(o, v)))
		}
	}
	for _, v := range n.Enum.Values {
		if !slices.Contains(o.Enum.Values, v) {
			notes = append(notes, fmt.Sprintf("%s added", rawText(n, v)))
		}
	}
	if len(notes) == 0 {
		notes = append(notes, "order only")
	}
	d.add(path, reinterprets, "enum values changed from %s to %s (%s)", d.old.enumText(o), d.cur.enumText(n), strings.Join(notes, "; "))
}

func (d *differ) enumOrAny(t Type) string {
	if t.Enum == nil {
		return "any value"
	}
	return d.old.enumText(t)
}
