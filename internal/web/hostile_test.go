package web_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"jixiao"
	"jixiao/examples"
	"jixiao/internal/caseio"
	"jixiao/internal/demo"
	"jixiao/internal/testutil"
)

// markup is a name a user could give a project: HTML that would make an
// element of its own if a page inserted it as HTML.
const markup = `<img src="x" id="injected" onerror="document.body.dataset.hacked=1"><b id="bold">粗</b>`

// TestChartTooltipsEscapeNames: a project named with markup appears in the
// bureau's charts; every tooltip that shows it shows the text, and no
// element of the name's making exists in the page (checked in Chromium).
func TestChartTooltipsEscapeNames(t *testing.T) {
	s := newSite(t)
	ctx := context.Background()
	src, _ := examples.FS.ReadFile("project-training-2024.yaml")
	c, err := caseio.Parse("training.yaml", src)
	if err != nil {
		t.Fatal(err)
	}
	c.Evaluation.Projects[0].Name = markup
	c.Evaluation.Org.Name = markup
	if _, err := s.db.ImportEvaluation(ctx, &jixiao.User{Username: "测试"}, s.data.Departments[1].ID, c.Evaluation, false); err != nil {
		t.Fatal(err)
	}
	b := newBrowser(t, s)
	b.login("reviewer")
	b.open("/bureau")
	b.waitFor(`document.getElementById("chart-scatter").dataset.ready && document.getElementById("chart-findings").dataset.ready`)
	// Show the tooltip of every point and every category of every chart,
	// and collect what the tooltips showed (drawn in each chart's SVG).
	shown := eval[string](b, `(function () {
		var out = [];
		["chart-grades", "chart-scatter", "chart-findings"].forEach(function (id) {
			var el = document.getElementById(id);
			var c = echarts.getInstanceByDom(el);
			c.getOption().series.forEach(function (s, si) {
				(s.data || []).forEach(function (_, di) {
					c.dispatchAction({ type: "showTip", seriesIndex: si, dataIndex: di });
					out.push(el.textContent);
				});
			});
		});
		return out.join("\n") + "\n" + document.getElementById("by-year").textContent;
	})()`)
	if !strings.Contains(shown, markup) {
		t.Fatalf("no tooltip showed the project's name as typed; chart text:\n%.2000s", shown)
	}
	if n := eval[int](b, `document.querySelectorAll("#injected, #bold").length`); n != 0 {
		t.Errorf("%d elements made from a project's name", n)
	}
	if eval[bool](b, `document.body.dataset.hacked === "1"`) {
		t.Error("a project's name ran a script")
	}
}

// TestLoginNextStaysOnSite: after signing in, next= leads only to a page
// of this site, whatever is written in it.
func TestLoginNextStaysOnSite(t *testing.T) {
	s := newSite(t)
	cases := map[string]string{
		"/evaluations/1?tab=x": "/evaluations/1?tab=x",
		"/bureau":              "/bureau",
		"/\t/evil.example":     "/",
		"/%09/evil.example":    "/%09/evil.example", // a literal %09 stays a path of this site
		"//evil.example":       "/",
		"/\\evil.example":      "/",
		"\\\\evil.example":     "/",
		"https://evil.example": "/",
		"http:evil.example":    "/",
		"/\n/evil.example":     "/",
		"/\r\n//evil.example":  "/",
		" //evil.example":      "/",
		"/%2F/evil.example":    "/",
		"javascript:alert(1)":  "/",
		"evil.example":         "/",
		"":                     "/",
	}
	for next, want := range cases {
		c := &client{t: t, base: s.srv.URL, c: &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
		resp, err := c.c.PostForm(s.srv.URL+"/login", url.Values{"username": {"reviewer"}, "password": {demo.Password}, "next": {next}})
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if got := resp.Header.Get("Location"); resp.StatusCode != http.StatusSeeOther || got != want {
			t.Errorf("next %q: %d → %q, want %q", next, resp.StatusCode, got, want)
		}
		// Signed in already, the login page sends on at once, as safely.
		signed := signIn(t, s, "reviewer")
		resp, err = signed.c.Get(s.srv.URL + "/login?next=" + url.QueryEscape(next))
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if got := resp.Header.Get("Location"); got != want {
			t.Errorf("signed in, next %q: → %q, want %q", next, got, want)
		}
	}
}

// TestPageRoutesBounded sends every form route of the pages (as the
// preparer, on the preparer's own records, so that permission checks
// pass) a form over its limit, and a form whose every field holds a
// nesting bomb; and sends the upload routes bomb files. Each is refused
// (or, for fields, treated as the text it is) within a bounded heap.
func TestPageRoutesBounded(t *testing.T) {
	s := newSite(t)
	ctx := context.Background()
	ev := s.data.Evaluations[0].ID
	gs, _ := s.db.Goals(ctx, ev)
	ps, _ := s.db.Projects(ctx, ev)
	is, _ := s.db.Indicators(ctx, ev)
	_, _, item := recheckFixture(t, s, 0)
	rect, _ := strconv.ParseInt(strings.TrimPrefix(item, "/rectifications/"), 10, 64)
	ids := map[string]int64{"evaluations": ev, "goals": gs[0].ID, "projects": ps[0].ID, "indicators": is[0].ID, "declarations": draftDeclaration(t, s, 0),
		"task-assignees": taskFor(t, s, 0, "边界任务").Assignees[0].ID, "rectifications": rect}
	round, entry := storedRound(t, s, 0, false)
	ids["monitoring"], ids["entry"] = round, entry
	c := signIn(t, s, "preparer")
	bomb := strings.Repeat("[", 100_000)
	// Over the limit: 40 MiB of one field (made before the heap is
	// measured: the measure is of the server).
	big := []byte("name=" + strings.Repeat("x", 40<<20))
	routes := 0
	for pattern := range s.pages.Patterns() {
		method, p, _ := strings.Cut(pattern, " ")
		if method != http.MethodPost || p == "/login" || p == "/logout" {
			continue
		}
		parts := strings.Split(p, "/")
		for i, x := range parts {
			switch x {
			case "{id}":
				parts[i] = fmt.Sprint(ids[parts[i-1]])
			case "{entry}":
				parts[i] = fmt.Sprint(ids["entry"])
			case "{section}":
				parts[i] = "budget"
			case "{action}":
				parts[i] = "submit"
			case "{token}":
				parts[i] = "0123456789abcdef01234567"
			}
		}
		path := strings.Join(parts, "/")
		routes++
		var st int
		var body string
		heap := testutil.PeakHeap(func() { st, body = c.postRaw(path, "application/x-www-form-urlencoded", big) })
		if st != http.StatusBadRequest || !strings.Contains(body, "提交的内容过大") {
			t.Errorf("POST %s with 40 MiB: %d %.200s", path, st, body)
		}
		// A route reads at most its limit (1 MiB for forms, 33 MiB for
		// the upload routes): the heap is bounded by a few times that.
		limit := uint64(1 << 20)
		if strings.HasSuffix(p, "/upload") || strings.HasSuffix(p, "/files") || strings.HasSuffix(p, "/evidence") || p == "/audit" {
			limit = 33 << 20
		}
		if heap > 4*limit+16<<20 {
			t.Errorf("POST %s with 40 MiB: peak heap %d MiB", path, heap>>20)
		}
		// Every field a bomb (20,000 brackets each; the form stays under
		// its limit): a field is text, never a document.
		form := url.Values{}
		for _, f := range []string{"name", "version", "revision", "rows", "actual", "target", "weight", "title", "format", "filter", "reason", "text", "remark", "note", "deadline", "email"} {
			form.Set(f, bomb[:20_000])
		}
		heap = testutil.PeakHeap(func() { st, body = c.post(path, form) })
		if st >= 500 || strings.Contains(body, "提交的内容过大") {
			t.Errorf("POST %s with bomb fields: %d %.200s", path, st, body)
		}
		if heap > 48<<20 {
			t.Errorf("POST %s with bomb fields: peak heap %d MiB", path, heap>>20)
		}
	}
	if routes < 20 {
		t.Errorf("only %d form routes", routes)
	}
	// Bomb files to the upload routes.
	for _, up := range []struct{ path, name, want string }{
		{"/evaluations/upload", "案例.json", "嵌套层数超过 64 层"},
		{"/evaluations/upload", "案例.yaml", "嵌套层数超过 64 层"},
		{"/audit", "报告.txt", ""},
	} {
		var st int
		var body string
		heap := testutil.PeakHeap(func() { st, body = c.postFile(up.path, up.name, []byte(bomb), true) })
		if up.want != "" && (st != http.StatusUnprocessableEntity || !strings.Contains(body, up.want)) {
			t.Errorf("%s %s: %d %.300s", up.path, up.name, st, body)
		}
		if st >= 500 || heap > 48<<20 {
			t.Errorf("%s %s: %d, peak heap %d MiB", up.path, up.name, st, heap>>20)
		}
	}
}

// postRaw posts body as it is.
func (c *client) postRaw(path, ctype string, body []byte) (int, string) {
	c.t.Helper()
	resp, err := c.c.Post(c.base+path, ctype, bytes.NewReader(body))
	if err != nil {
		c.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}
