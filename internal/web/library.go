package web

import (
	"bytes"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"jixiao"
)

// The indicator library (指标库): search for everyone; a proposal form for
// departments; confirm, merge and retire for the finance bureau; export.
// The service decides who may do what; the page only hides what a user
// could not use.

// libraryPageSize is how many indicators the page lists at a time.
const libraryPageSize = 100

func (w *Web) libraryService() (jixiao.LibraryService, error) {
	if w.LibraryService == nil {
		return nil, jixiao.Errorf(jixiao.ENOTFOUND, "本系统未开通指标库")
	}
	return w.LibraryService, nil
}

// currentLibrary is the library indicators are picked from: the server's
// when it keeps one, else the built-in one the pages were given.
func (w *Web) currentLibrary(r *http.Request) (*jixiao.Library, error) {
	if w.LibraryService != nil {
		return w.LibraryService.CurrentLibrary(r.Context())
	}
	return w.Library, nil
}

func (w *Web) libraryPage(rw http.ResponseWriter, r *http.Request) error {
	lib, err := w.libraryService()
	if err != nil {
		return err
	}
	q := r.URL.Query()
	pg, _ := strconv.Atoi(q.Get("page"))
	pg = min(max(pg, 1), 1000)
	f := jixiao.LibraryFilter{Query: q.Get("q"), Level1: q.Get("level1"), Status: jixiao.LibraryStatus(q.Get("status")), All: q.Get("all") == "1",
		Offset: (pg - 1) * libraryPageSize, Limit: libraryPageSize}
	p, err := lib.SearchLibrary(r.Context(), f)
	if err != nil {
		return err
	}
	hist, _, err := lib.LibraryHistory(r.Context(), 0, 10)
	if err != nil {
		return err
	}
	actions := map[string]string{}
	for _, a := range []string{jixiao.LibActionSeed, jixiao.LibActionPropose, jixiao.LibActionConfirm, jixiao.LibActionMerge, jixiao.LibActionRetire} {
		actions[a] = jixiao.LibraryActionTitle(a)
	}
	next := ""
	if f.Offset+len(p.Items) < p.Total {
		v := url.Values{"q": {f.Query}, "level1": {f.Level1}, "status": {string(f.Status)}, "page": {strconv.Itoa(pg + 1)}}
		if f.All {
			v.Set("all", "1")
		}
		next = "/library?" + v.Encode()
	}
	w.render(rw, r, http.StatusOK, "library", &page{Title: "指标库", Nav: "library", Data: map[string]any{
		"P": p, "F": f, "History": hist, "Next": next, "Actions": actions,
		"Statuses": []jixiao.LibraryStatus{jixiao.LibProposed, jixiao.LibConfirmed, jixiao.LibRetired},
		"Ops":      jixiao.Operators, "Standards": []string{jixiao.StdPlan, jixiao.StdIndustry, jixiao.StdHistory, jixiao.StdOther},
	}})
	return nil
}

func (w *Web) proposeIndicator(rw http.ResponseWriter, r *http.Request) error {
	lib, err := w.libraryService()
	if err != nil {
		return err
	}
	v := func(k string) string { return strings.TrimSpace(r.PostFormValue(k)) }
	in, err := lib.ProposeIndicator(r.Context(), &jixiao.LibraryIndicator{Name: v("name"), Level1: v("level1"), Level2: v("level2"),
		Op: jixiao.Operator(v("op")), Unit: v("unit"), Definition: v("definition"), DataSource: v("data_source"), Standard: v("standard"),
		Core: v("core") == "1", Source: v("source"), SourceURL: v("source_url")})
	if err != nil {
		return err
	}
	w.flash(r, fmt.Sprintf("已建议新指标“%s”，指标编码 %s，待财政部门确认", in.Name, in.ID))
	return redirect(rw, r, "/library?q="+url.QueryEscape(in.ID))
}

func (w *Web) libraryAction(rw http.ResponseWriter, r *http.Request) error {
	lib, err := w.libraryService()
	if err != nil {
		return err
	}
	code := r.PathValue("code")
	var in *jixiao.LibraryIndicator
	var done string
	switch r.PathValue("action") {
	case "confirm":
		in, err = lib.ConfirmIndicator(r.Context(), code)
		done = "已确认指标"
	case "retire":
		in, err = lib.RetireIndicator(r.Context(), code)
		done = "已停用指标"
	case "merge":
		into := strings.TrimSpace(r.PostFormValue("into"))
		in, err = lib.MergeIndicator(r.Context(), code, into)
		done = "已合并指标"
		if err == nil {
			done = fmt.Sprintf("已把指标并入 %s：", into)
		}
	default:
		return jixiao.Errorf(jixiao.ENOTFOUND, "页面不存在：%s", r.URL.Path)
	}
	if err != nil {
		return err
	}
	w.flash(r, fmt.Sprintf("%s“%s”（%s）", done, in.Name, in.ID))
	back := "/library"
	if ref, err := url.Parse(r.Referer()); err == nil && ref.Path == "/library" {
		back = "/library?" + ref.RawQuery
	}
	return redirect(rw, r, back)
}

func (w *Web) exportLibrary(rw http.ResponseWriter, r *http.Request) error {
	lib, err := w.libraryService()
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	ctype, name, err := lib.ExportLibrary(r.Context(), r.PathValue("format"), &buf)
	if err != nil {
		return err
	}
	rw.Header().Set("Content-Type", ctype)
	rw.Header().Set("Content-Disposition", fmt.Sprintf(`attachment; filename="library.%s"; filename*=UTF-8''%s`, r.PathValue("format"), url.PathEscape(name)))
	_, err = buf.WriteTo(rw)
	return err
}
