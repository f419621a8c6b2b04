package caseio_test

import (
	"bytes"
	"os"
	"strings"
	"testing"

	"jixiao"
	"jixiao/internal/caseio"
	"jixiao/internal/check"
)

const (
	decl2024 = "../../examples/declarations/shijiazhuang-2024.yaml"
	decl2025 = "../../examples/declarations/shijiazhuang-2025.yaml"
	refCase  = "../../examples/shijiazhuang-2024.yaml"
	declDoc  = "../../docs/declaration.md"
)

// The 2024 declaration of the reference case states the report's goals,
// indicators, targets and weights: the self-evaluation made from it has
// the reference case's, and the reference case, compared with it as its
// baseline, differs in no target.
func TestReferenceDeclaration2024MatchesReport(t *testing.T) {
	f, err := caseio.LoadDeclaration(decl2024)
	if err != nil {
		t.Fatal(err)
	}
	ref, err := caseio.Load(refCase)
	if err != nil {
		t.Fatal(err)
	}
	d, ev := f.Declaration, ref.Evaluation
	base, err := jixiao.Baseline(d)
	if err != nil {
		t.Fatal(err)
	}
	if base.Org.Name != ev.Org.Name || base.Year != ev.Year || base.OverallGoal != ev.OverallGoal || len(base.Goals) != len(ev.Goals) {
		t.Fatalf("baseline %s %d, %d goals; reference %s %d, %d goals", base.Org.Name, base.Year, len(base.Goals), ev.Org.Name, ev.Year, len(ev.Goals))
	}
	n := 0
	for i, g := range base.Goals {
		r := ev.Goals[i]
		if g.Name != r.Name || g.Target != r.Target || !g.Weight.Equal(*r.Weight) || len(g.Indicators) != len(r.Indicators) {
			t.Errorf("goal %d: %q %s vs %q %s", i+1, g.Name, g.Weight, r.Name, r.Weight)
			continue
		}
		for j, in := range g.Indicators {
			x := r.Indicators[j]
			if in.Name != x.Name || in.Op != x.Op || in.Target.Text != x.Target.Text {
				t.Errorf("goal %d indicator %d: %s %s %q vs %s %s %q", i+1, j+1, in.Name, in.Op, in.Target.Text, x.Name, x.Op, x.Target.Text)
			}
			n++
		}
	}
	if n != 25 {
		t.Errorf("%d indicators, want the report's 25", n)
	}
	v, _ := d.LatestApproved()
	if total := v.FundsTotal(); total.String() != ev.Budget.Initial.IncomeTotal.String() {
		t.Errorf("declared funds %s ≠ the report's initial budget %s", total, ev.Budget.Initial.IncomeTotal)
	}
	ev.Baseline = base.Baseline
	if fs := check.AgainstBaseline(ev, d); len(fs) != 0 {
		t.Errorf("the reference case differs from its declaration: %+v", fs)
	}
}

// The 2025 declaration is the 2024 one carried forward (沿用上年) with the
// reference case's actuals, as the code makes it; go test -update rewrites
// it.
func TestReferenceDeclaration2025IsCarriedForward(t *testing.T) {
	f, err := caseio.LoadDeclaration(decl2024)
	if err != nil {
		t.Fatal(err)
	}
	ref, err := caseio.Load(refCase)
	if err != nil {
		t.Fatal(err)
	}
	next, err := jixiao.CarryForward(f.Declaration, ref.Evaluation)
	if err != nil {
		t.Fatal(err)
	}
	want, err := caseio.EncodeDeclaration(decl2025, next)
	if err != nil {
		t.Fatal(err)
	}
	if *update {
		if err := os.WriteFile(decl2025, want, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	got, err := os.ReadFile(decl2025)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s is not what 沿用上年 makes of %s; run go test ./internal/caseio -update", decl2025, decl2024)
	}
	g, err := caseio.ParseDeclaration(decl2025, got)
	if err != nil {
		t.Fatal(err)
	}
	d := g.Declaration
	v := d.Latest()
	if d.Year != 2025 || v.State != jixiao.DeclDraft || v.Kind != jixiao.VersionOriginal || len(v.Reviews) != 0 {
		t.Errorf("2025: year %d, %s", d.Year, v.VersionTitle())
	}
	// Last year's actuals stand beside the targets where the report gives them.
	r, ok := v.Find("主城区土地利用现状变更调查")
	if !ok || r.Indicator.Target.Text != "5个区" || r.Indicator.LastActual.Text != "5个区" {
		t.Errorf("carried indicator: %+v", r.Indicator)
	}
	if r, _ := v.Find("地质灾害核排查"); r.Indicator.LastActual.Text != "" {
		t.Errorf("an actual the report does not give: %q", r.Indicator.LastActual.Text)
	}
}

func TestDeclarationRoundTrip(t *testing.T) {
	f, err := caseio.LoadDeclaration(decl2024)
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"x.yaml", "x.json"} {
		data, err := caseio.EncodeDeclaration(name, f.Declaration)
		if err != nil {
			t.Fatal(err)
		}
		g, err := caseio.ParseDeclaration(name, data)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		again, _ := caseio.EncodeDeclaration(name, g.Declaration)
		if !bytes.Equal(data, again) {
			t.Errorf("%s does not read back to the same declaration", name)
		}
		if len(jixiao.Diff(&f.Declaration.Versions[0], &g.Declaration.Versions[0])) != 0 {
			t.Errorf("%s: the versions differ after a round trip", name)
		}
	}
}

func TestDeclarationFileErrors(t *testing.T) {
	src := "kind: 部门整体\nyear: 2024\nunit: 某局\nversions:\n  - number: 1\n    kind: 原始申报\n    state: 已审批\n    goals:\n      - name: 甲\n        indicators:\n          - {name: 乙, target: 5个, wieght: 3}\n"
	_, err := caseio.ParseDeclaration("申报.yaml", []byte(src))
	if err == nil {
		t.Fatal("no error")
	}
	for _, want := range []string{"申报.yaml:7", "已审批", "申报.yaml:11", "wieght"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error lacks %q:\n%v", want, err)
		}
	}
	big := bytes.Repeat([]byte("#"), caseio.MaxSize+1)
	if _, err := caseio.ParseDeclaration("big.yaml", big); err == nil {
		t.Error("an oversized declaration was read")
	}
	dir := t.TempDir()
	if _, err := caseio.LoadDeclaration(dir); err == nil || !strings.Contains(err.Error(), "是目录") {
		t.Errorf("a directory: %v", err)
	}
}

// The field reference in docs/declaration.md is generated from the types.
func TestDeclarationReferenceIsCurrent(t *testing.T) {
	doc, err := os.ReadFile(declDoc)
	if err != nil {
		t.Fatal(err)
	}
	s := string(doc)
	i, j := strings.Index(s, beginMark), strings.Index(s, endMark)
	if i < 0 || j < i {
		t.Fatalf("%s lacks the field markers", declDoc)
	}
	want := s[:i+len(beginMark)] + caseio.DeclarationReference() + s[j:]
	if *update {
		if err := os.WriteFile(declDoc, []byte(want), 0o644); err != nil {
			t.Fatal(err)
		}
		s = want
	}
	if s != want {
		t.Errorf("the field reference in %s is out of date; run go test ./internal/caseio -update", declDoc)
	}
	if _, err := caseio.DeclarationSchema(); err != nil {
		t.Fatal(err)
	}
}
