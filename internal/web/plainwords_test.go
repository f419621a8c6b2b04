package web_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"jixiao"
	"jixiao/internal/rulebook"
)

// technical are the strings no page may show a user: rulebook codes,
// pointers to documentation files, command lines and their flags, API
// parameters, library and English error phrases, field keys, and units
// and symbols a clerk does not use.
func technical() []*regexp.Regexp {
	var names []string
	for _, n := range rulebook.Builtin() {
		names = append(names, regexp.QuoteMeta(n))
	}
	return []*regexp.Regexp{
		regexp.MustCompile(`\b(` + strings.Join(names, "|") + `)\b`),
		regexp.MustCompile(`/docs/|docs/|\w\.md\b`),
		regexp.MustCompile(`jixiao [a-z]`),
		regexp.MustCompile(`(^|\s)--[a-z]`),
		regexp.MustCompile(`replace=true|\?format=`),
		regexp.MustCompile(`(?i)http: |syntax error|request body|too large|not found|forbidden|invalid|unexpected|cross-origin|\berror\b|\bfailed\b`),
		regexp.MustCompile(`\b[a-z]+_[a-z_]+\b`),
		regexp.MustCompile(`\b(adjusted|initial|final|draft|submitted|returned|accepted|evaluation|indicator)\b`),
		regexp.MustCompile(`MiB|KiB|θ`),
	}
}

// pageText is what a user reads on the page: its text, the options of its
// selects, and its tooltips, labels and placeholders.
const pageText = `[document.body.innerText,
  ...Array.from(document.querySelectorAll("select option")).map(o => o.textContent),
  ...Array.from(document.querySelectorAll("[title],[aria-label],[placeholder]")).map(e => [e.title, e.getAttribute("aria-label"), e.placeholder].filter(Boolean).join(" "))
].join("\n")`

// TestNoTechnicalText walks the main pages as each role, with one
// evaluation accepted (so that the acceptance and reopening controls
// show) and the error pages (not found, not allowed, a change from
// another site), and fails on any technical string: every page speaks
// the clerk's language. Rulebooks are named by their official titles.
func TestNoTechnicalText(t *testing.T) {
	s := newSite(t)
	ctx := context.Background()
	sys := &jixiao.User{Username: "测试"}
	info, err := s.db.Transition(ctx, sys, s.training.ID, s.training.Version, []jixiao.Status{jixiao.StatusDraft}, jixiao.StatusSubmitted, "", nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.db.Transition(ctx, &jixiao.User{ID: s.userID(t, "reviewer")}, s.training.ID, info.Version, []jixiao.Status{jixiao.StatusSubmitted}, jixiao.StatusAccepted, "同意", nil); err != nil {
		t.Fatal(err)
	}
	ref := s.data.Evaluations[0].ID
	var evalPages []string
	for _, id := range []int64{ref, s.training.ID} {
		for _, p := range []string{"", "/section/profile", "/section/budget", "/section/texts", "/section/process", "/goals", "/findings", "/evidence", "/history"} {
			evalPages = append(evalPages, fmt.Sprintf("/evaluations/%d%s", id, p))
		}
	}
	evalPages = append(evalPages, fmt.Sprintf("/evaluations/%d/projects", ref), fmt.Sprintf("/indicators/%d", s.indicatorOf(t, s.training.ID, "培训人次")))
	// The demo's monitoring round: its page and every entry's (another
	// department's is a page of its own: not found).
	rounds, err := s.app.MonitorRounds(jixiao.WithUser(ctx, &jixiao.User{Username: "admin", Role: jixiao.RoleAdmin}))
	if err != nil || len(rounds) == 0 {
		t.Fatalf("demo rounds: %v", err)
	}
	monitorPages := []string{"/monitoring", fmt.Sprintf("/monitoring/%d", rounds[0].ID)}
	for _, e := range rounds[0].Entries {
		monitorPages = append(monitorPages, fmt.Sprintf("/monitoring/%d/entries/%d", rounds[0].ID, e.ID))
	}
	patterns := technical()
	check := func(t *testing.T, b *browser, who, path string) {
		t.Helper()
		text := eval[string](b, pageText)
		for _, re := range patterns {
			if m := re.FindString(text); m != "" {
				i := strings.Index(text, m)
				t.Errorf("%s %s shows %q: …%s…", who, path, m, text[max(0, i-60):min(len(text), i+len(m)+60)])
			}
		}
	}

	// Each role in a browser of its own, as a parallel subtest (go test
	// runs -parallel of them at once): page after page in one browser,
	// the test waited on one page at a time for most of its minutes. The
	// pages only read the site. The subtests start when this function has
	// returned, after the refused changes below: those change no record
	// (a refusal the audit log keeps is one more line its pages check).
	for _, user := range []string{"preparer", "reviewer", "approver", "evaluator", "auditor", "admin"} {
		t.Run(user, func(t *testing.T) {
			t.Parallel()
			b := newBrowser(t, s)
			b.login(user)
			pages := append([]string{"/", "/audit", "/tasks", "/tasks/new", fmt.Sprintf("/tasks/%d", s.data.Tasks[2].ID), "/account"}, evalPages...)
			pages = append(pages, "/evaluations/999999")
			pages = append(pages, monitorPages...)
			for _, p := range pages {
				b.open(p)
				check(t, b, user, p)
			}
			if user == "preparer" {
				b.open("/")
				if got := eval[string](b, `Array.from(document.querySelectorAll("#rulebook option")).map(o => o.textContent).join("|")`); !strings.Contains(got, "|石家庄市部门整体支出绩效自评（2024年度）|") ||
					!strings.Contains(got, "|项目支出绩效自评（财预〔2020〕10号）|") {
					t.Errorf("rulebook options: %s", got)
				}
				b.open(fmt.Sprintf("/evaluations/%d", ref))
				if got := b.text(".eval-head .meta"); !strings.Contains(got, "评分规则：石家庄市部门整体支出绩效自评（2024年度）") {
					t.Errorf("evaluation header: %q", got)
				}
			}
		})
	}

	b := newBrowser(t, s)
	b.open("/login")
	check(t, b, "visitor", "/login")

	// A change the role may not make, posted as a plain form: the error
	// page says so in Chinese.
	b.login("auditor")
	b.open(fmt.Sprintf("/evaluations/%d", s.training.ID))
	eval[bool](b, fmt.Sprintf(`(() => { const f = document.createElement("form"); f.method = "post"; f.action = "/evaluations/%d/workflow/reopen";
		for (const [k, v] of [["version", "1"], ["reason", "更正"]]) { const i = document.createElement("input"); i.name = k; i.value = v; f.appendChild(i) }
		document.body.appendChild(f); f.submit(); return true })()`, s.training.ID))
	b.waitFor(`document.title.startsWith("出错了")`)
	if got := b.text("main"); !strings.Contains(got, "只读（审计）无权重新打开已通过的评价") {
		t.Errorf("403 page: %q", got)
	}
	check(t, b, "auditor", "403 page")

	// A change sent from another site: refused in Chinese.
	req, _ := http.NewRequest("POST", s.srv.URL+"/logout", strings.NewReader(url.Values{}.Encode()))
	req.Header.Set("Origin", "https://evil.example")
	req.Header.Set("Sec-Fetch-Site", "cross-site")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	body := readAll(resp)
	if resp.StatusCode != http.StatusForbidden || !strings.Contains(body, "修改数据的请求只能从本系统的页面发出") {
		t.Errorf("cross-site post: %d %s", resp.StatusCode, body)
	}
	for _, re := range patterns {
		if m := re.FindString(body); m != "" && !strings.Contains(m, "charset") {
			t.Errorf("cross-site answer shows %q", m)
		}
	}
}
