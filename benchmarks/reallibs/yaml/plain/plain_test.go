package plain

import (
	"testing"

	"github.com/goccy/go-yaml"

	"github.com/structfuzz/structfuzz/benchmarks/reallibs/yamlmodel"
)

// A well-formed stream of the model parses: the model writes YAML the
// library reads, so its inputs get past the parser's first checks.
func TestModelParses(t *testing.T) {
	s := &yamlmodel.Stream{Docs: []yamlmodel.Document{{Root: yamlmodel.Mapping{Pairs: []yamlmodel.Pair{
		{Key: yamlmodel.Scalar{Text: "name"}, Val: yamlmodel.Scalar{Style: 2, Text: "x"}},
		{Key: yamlmodel.Scalar{Text: "list"}, Val: yamlmodel.Sequence{Items: []yamlmodel.Node{
			yamlmodel.Scalar{Text: "1"}, yamlmodel.Mapping{Flow: true, Pairs: []yamlmodel.Pair{{Key: yamlmodel.Scalar{Text: "a"}, Val: yamlmodel.Scalar{Text: "b"}}}}}}},
		{Key: yamlmodel.Scalar{Text: "text"}, Val: yamlmodel.Scalar{Style: 3, Text: "l1\nl2"}},
		{Key: yamlmodel.Scalar{Text: "m"}, Val: yamlmodel.Mapping{Props: yamlmodel.Props{Anchor: "a"}, Pairs: []yamlmodel.Pair{{Key: yamlmodel.Scalar{Text: "k"}, Val: yamlmodel.Scalar{Text: "v"}}}}},
		{Key: yamlmodel.Scalar{Text: "ref"}, Val: yamlmodel.Alias{Name: "a"}},
	}}}}}
	text := s.Render()
	var v map[string]any
	if err := yaml.Unmarshal(text, &v); err != nil {
		t.Fatalf("%v\n%s", err, text)
	}
	if len(v) != 5 || v["text"] != "l1\nl2\n" || v["name"] != "x" {
		t.Fatalf("parsed %v from\n%s", v, text)
	}
}
