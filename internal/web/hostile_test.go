package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"jixiao"
	"jixiao/examples"
	"jixiao/internal/caseio"
	"jixiao/internal/demo"
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
	b.waitFor(`document.getElementById("chart-scatter").dataset.ready && document.getElementById("chart-years").dataset.ready`)
	// Show the tooltip of every point and every category of every chart,
	// and collect what the tooltips showed (drawn in each chart's SVG).
	shown := eval[string](b, `(function () {
		var out = [];
		["chart-grades", "chart-scatter", "chart-findings", "chart-years"].forEach(function (id) {
			var el = document.getElementById(id);
			var c = echarts.getInstanceByDom(el);
			c.getOption().series.forEach(function (s, si) {
				(s.data || []).forEach(function (_, di) {
					c.dispatchAction({ type: "showTip", seriesIndex: si, dataIndex: di });
					out.push(el.textContent);
				});
			});
		});
		return out.join("\n");
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
