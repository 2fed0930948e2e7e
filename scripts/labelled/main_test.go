package main

import (
	"bytes"
	"strings"
	"testing"
)

const mod = "example.com/m"

func TestParseLabels(t *testing.T) {
	data := "# comment\n\n" +
		"example.com/m.S.a\ttp\texample.com/m@v1.0.0\tw a.go:1 in go a.go:9, r a.go:3 in go a.go:12\n" +
		"example.com/m.S.b\tfp\texample.com/m@v1.0.0\tall callers hold s.mu: a.go:20\r\n" +
		"example.com/m.S.b\tfp\texample.com/m@v1.0.0\tthe same judgement twice is harmless\n"
	ls, err := parseLabels("x.tsv", []byte(data), mod)
	if err != nil {
		t.Fatal(err)
	}
	if len(ls) != 2 || !ls["example.com/m.S.a"].tp || ls["example.com/m.S.b"].tp {
		t.Fatalf("got %+v", ls)
	}
	if got := ls["example.com/m.S.b"].evidence; got != "all callers hold s.mu: a.go:20" {
		t.Errorf("evidence %q", got)
	}
}

func TestParseLabelsRejects(t *testing.T) {
	for name, line := range map[string]string{
		"three columns":  "example.com/m.S.a\ttp\texample.com/m@v1.0.0\n",
		"verdict":        "example.com/m.S.a\tmaybe\texample.com/m@v1.0.0\tx.go:1\n",
		"other module":   "example.com/m.S.a\ttp\texample.com/other@v1.0.0\tx.go:1\n",
		"no version":     "example.com/m.S.a\ttp\texample.com/m\tx.go:1\n",
		"no evidence":    "example.com/m.S.a\ttp\texample.com/m@v1.0.0\t \n",
		"contradiction":  "example.com/m.S.a\ttp\texample.com/m@v1.0.0\tx.go:1\nexample.com/m.S.a\tfp\texample.com/m@v1.0.0\tx.go:1\n",
		"spaces not tab": "example.com/m.S.a tp example.com/m@v1.0.0 x.go:1\n",
	} {
		if _, err := parseLabels("x.tsv", []byte(line), mod); err == nil {
			t.Errorf("%s: accepted %q", name, line)
		} else if !strings.HasPrefix(err.Error(), "x.tsv:") {
			t.Errorf("%s: error %q does not say where", name, err)
		}
	}
}

func TestScore(t *testing.T) {
	r := &moduleResult{
		mod: module{path: mod, version: "v1.0.0"},
		findings: []finding{
			{ID: "tp1", Confidence: "certain"},
			{ID: "fp1", Confidence: "certain"},
			{ID: "fp2", Confidence: "certain"},
			{ID: "new", Confidence: "certain"},
			{ID: "tp2", Confidence: "likely"},
		},
	}
	labels := map[string]label{
		"tp1":    {id: "tp1", tp: true, version: "v1.0.0"},
		"tp2":    {id: "tp2", tp: true, version: "v1.0.0"},
		"fp1":    {id: "fp1", version: "v1.0.0"},
		"fp2":    {id: "fp2", version: "v0.9.0"},
		"gonetp": {id: "gonetp", tp: true, version: "v1.0.0"},
		"gonefp": {id: "gonefp", version: "v1.0.0"},
	}
	r.score(labels)
	c := r.level("certain")
	if *c != (tally{findings: 4, tp: 1, fp: 2, unlabelled: 1}) {
		t.Errorf("certain: %+v", *c)
	}
	if got := c.precision(); got != "0.33" {
		t.Errorf("certain precision %s", got)
	}
	if l := r.level("likely"); *l != (tally{findings: 1, tp: 1}) || l.precision() != "1.00" {
		t.Errorf("likely: %+v %s", *l, l.precision())
	}
	if p := r.level("possible"); p.findings != 0 || p.precision() != "-" {
		t.Errorf("possible: %+v", *p)
	}
	if len(r.misses) != 1 || r.misses[0].id != "gonetp" || r.fpGone != 1 || r.stale != 1 {
		t.Errorf("misses %+v, fp gone %d, stale %d", r.misses, r.fpGone, r.stale)
	}
}

func TestSelectModules(t *testing.T) {
	mods := []module{
		{path: "a.com/x", version: "v1.0.0", set: "labelled"},
		{path: "b.com/y/v2", version: "v2.1.0", set: "holdout"},
		{path: "c.com/z", version: "v0.1.0", set: "labelled"},
	}
	paths := func(ms []module) string {
		var s []string
		for _, m := range ms {
			s = append(s, m.path)
		}
		return strings.Join(s, " ")
	}
	for _, tc := range []struct {
		names   string
		holdout bool
		want    string
	}{
		{"", false, "a.com/x c.com/z"},
		{"", true, "b.com/y/v2"},
		{"all", false, "a.com/x b.com/y/v2 c.com/z"},
		{"c.com/z, b.com_y_v2", false, "c.com/z b.com/y/v2"},
		{"a.com/x@v1.0.0", true, "a.com/x"},
	} {
		got, err := selectModules(mods, tc.names, tc.holdout)
		if err != nil || paths(got) != tc.want {
			t.Errorf("select(%q, %v) = %q, %v; want %q", tc.names, tc.holdout, paths(got), err, tc.want)
		}
	}
	if _, err := selectModules(mods, "d.com/w", false); err == nil {
		t.Error("an unknown module was accepted")
	}
	if _, err := selectModules(mods, "a.com/x@v9", false); err == nil {
		t.Error("a module at another version was accepted")
	}
}

func TestConfidenceFlag(t *testing.T) {
	without := "   --race-log file   ... (confidence observed)\n   --exported   ... (confidence possible) (default: false)\n"
	with := without + "   --confidence level  report findings at this level and above (default: likely)\n"
	if confidenceFlag.MatchString(without) {
		t.Error("matched a usage text that only mentions confidence")
	}
	if !confidenceFlag.MatchString(with) {
		t.Error("did not match the -confidence flag")
	}
}

func TestReport(t *testing.T) {
	r := &moduleResult{mod: module{path: mod, version: "v1.0.0", set: "labelled"},
		findings: []finding{{ID: "a", Confidence: "certain"}, {ID: "b", Confidence: "brand-new"}}}
	r.score(map[string]label{"a": {id: "a", tp: true, version: "v1.0.0"}, "c": {id: "c", tp: true, version: "v1.0.0", evidence: "x.go:1"}})
	var b bytes.Buffer
	writeReport(&b, &report{flags: []string{"-json"}, modules: []*moduleResult{r}})
	out := b.String()
	for _, want := range []string{
		"| observed+certain | 1 | 1 | 0 | 0 | 1.00 |",
		"| brand-new | 1 | 0 | 0 | 1 | - |",
		"| all | 2 | 1 | 0 | 1 | 1.00 |",
		"- c (example.com/m@v1.0.0): x.go:1",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("report lacks %q:\n%s", want, out)
		}
	}
}
