package web_test

import (
	"context"
	"encoding/json"
	"fmt"
	"html"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/shopspring/decimal"

	"jixiao"
	"jixiao/internal/caseio"
)

var (
	formRe     = regexp.MustCompile(`(?s)<form[^>]*method="post"[^>]*action="(/projects/\d+)"[^>]*>(.*?)</form>`)
	inputRe    = regexp.MustCompile(`<input\b[^>]*>`)
	textareaRe = regexp.MustCompile(`(?s)<textarea\b([^>]*)>(.*?)</textarea>`)
	selectRe   = regexp.MustCompile(`(?s)<select\b([^>]*)>(.*?)</select>`)
	optionRe   = regexp.MustCompile(`(?s)<option\b([^>]*)>(.*?)</option>`)
	attrRe     = regexp.MustCompile(`\b(name|value|type)="([^"]*)"`)
)

func attrs(tag string) map[string]string {
	m := map[string]string{}
	for _, a := range attrRe.FindAllStringSubmatch(tag, -1) {
		m[a[1]] = html.UnescapeString(a[2])
	}
	if strings.Contains(tag, " checked") {
		m["checked"] = "1"
	}
	if strings.Contains(tag, " selected") {
		m["selected"] = "1"
	}
	return m
}

// formValues are what a browser posts for a form as the page shows it.
func formValues(body string) url.Values {
	v := url.Values{}
	for _, tag := range inputRe.FindAllString(body, -1) {
		a := attrs(tag)
		if a["name"] == "" || a["type"] == "submit" || a["type"] == "file" || (a["type"] == "checkbox" || a["type"] == "radio") && a["checked"] == "" {
			continue
		}
		v.Add(a["name"], a["value"])
	}
	for _, m := range textareaRe.FindAllStringSubmatch(body, -1) {
		if a := attrs(m[1]); a["name"] != "" {
			v.Add(a["name"], strings.TrimPrefix(html.UnescapeString(m[2]), "\n"))
		}
	}
	for _, m := range selectRe.FindAllStringSubmatch(body, -1) {
		a := attrs(m[1])
		if a["name"] == "" {
			continue
		}
		for _, o := range optionRe.FindAllStringSubmatch(m[2], -1) {
			if oa := attrs(o[1]); oa["selected"] != "" {
				v.Add(a["name"], oa["value"])
			}
		}
	}
	return v
}

// TestProjectFormKeepsStatedFields saves a project's page form as shown,
// with one field changed, for a case that states everything issue 12
// added: the project's caps, grade bands, spending by purpose (with the
// year before's figures), budget change reason, funds received, balance
// and incompleteness come back from the database as they were, and so
// does the rest of the case.
func TestProjectFormKeepsStatedFields(t *testing.T) {
	s := newSite(t)
	ctx := context.Background()
	c, err := caseio.Load("../../examples/department-education-2024.yaml")
	if err != nil {
		t.Fatal(err)
	}
	ev := c.Evaluation
	ev.Year = 2023 // the demo holds the department's 2024 evaluation already
	ev.Incomplete = "表格在绩效指标部分后缺失"
	info, err := s.db.ImportEvaluation(ctx, &jixiao.User{Username: "测试"}, s.data.Departments[0].ID, ev, false)
	if err != nil {
		t.Fatal(err)
	}
	before, _, err := s.db.LoadEvaluation(ctx, info.ID)
	if err != nil {
		t.Fatal(err)
	}
	ps, err := s.db.Projects(ctx, info.ID)
	if err != nil || len(ps) != 2 {
		t.Fatalf("projects: %v", err)
	}
	pc := signIn(t, s, "preparer")
	for i, p := range ps {
		status, body := pc.get(fmt.Sprintf("/projects/%d", p.ID))
		if status != http.StatusOK {
			t.Fatalf("project page: %d", status)
		}
		m := formRe.FindStringSubmatch(body)
		if m == nil {
			t.Fatal("no project form on the page")
		}
		form := formValues(m[2])
		if form.Get("unit") == "" && i == 0 {
			t.Fatalf("form not read: %v", form)
		}
		form.Set("problems", "第"+fmt.Sprint(i+1)+"个项目的问题")
		if status, body := pc.post(m[1], form); status != http.StatusSeeOther {
			t.Fatalf("save project %d: %d\n%s", i, status, body)
		}
		before.Projects[i].Problems = form.Get("problems")
	}
	after, _, err := s.db.LoadEvaluation(ctx, info.ID)
	if err != nil {
		t.Fatal(err)
	}
	// The funds received, the balance, a fund line's received and a
	// spending line's year before, as the example states them.
	pb := after.Projects[0].Budget
	for _, f := range []struct {
		name string
		got  *decimal.Decimal
		want string
	}{{"received", pb.Received, "150"}, {"balance", pb.Balance, "11.5"}, {"lines[0].received", pb.Lines[0].Received, "150"},
		{"uses[0].previous", pb.Uses[0].Previous, "96.5"}, {"uses[1].previous", pb.Uses[1].Previous, "58"}} {
		if f.got == nil || !f.got.Equal(decimal.RequireFromString(f.want)) {
			t.Errorf("project budget %s after the form: %v, want %s", f.name, f.got, f.want)
		}
	}
	a, _ := json.MarshalIndent(before, "", " ")
	b, _ := json.MarshalIndent(after, "", " ")
	if string(a) != string(b) {
		t.Errorf("the case changed beyond the edited field:\n%s\n---\n%s", a, b)
	}
}
