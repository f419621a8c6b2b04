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
	f := jixiao.LibraryFilter{Query: q.Get("q"), Level1: q.Get("level1"), Field: q.Get("field"), Status: jixiao.LibraryStatus(q.Get("status")), All: q.Get("all") == "1",
		Offset: (pg - 1) * libraryPageSize, Limit: libraryPageSize}
	p, err := lib.SearchLibrary(r.Context(), f)
	if err != nil {
		return err
	}
	hist, _, err := lib.LibraryHistory(r.Context(), 0, 10)
	if err != nil {
		return err
	}
	actions := libraryActionTitles()
	next := ""
	if f.Offset+len(p.Items) < p.Total {
		v := url.Values{"q": {f.Query}, "level1": {f.Level1}, "field": {f.Field}, "status": {string(f.Status)}, "page": {strconv.Itoa(pg + 1)}}
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
		Core: v("core") == "1", Field: v("field"), Source: v("source"), SourceURL: v("source_url")})
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

func libraryActionTitles() map[string]string {
	actions := map[string]string{}
	for _, a := range jixiao.LibraryActions {
		actions[a] = jixiao.LibraryActionTitle(a)
	}
	return actions
}

// libraryIndicator finds indicator code of the current version, retired
// ones included, and says whether the user may curate it.
func (w *Web) libraryIndicator(r *http.Request, code string) (*jixiao.LibraryIndicator, *jixiao.LibraryPage, error) {
	lib, err := w.libraryService()
	if err != nil {
		return nil, nil, err
	}
	if r := []rune(code); len(r) > 20 {
		return nil, nil, jixiao.Errorf(jixiao.EINVALID, "指标编码“%s…”不是指标编码，应形如 GX-0001", string(r[:20]))
	}
	p, err := lib.SearchLibrary(r.Context(), jixiao.LibraryFilter{Query: code, All: true, Limit: 50})
	if err != nil {
		return nil, nil, err
	}
	for _, in := range p.Items {
		if in.ID == code {
			return in, p, nil
		}
	}
	return nil, nil, jixiao.Errorf(jixiao.ENOTFOUND, "指标库中没有编码为“%s”的指标", code)
}

// editIndicatorPage is the bureau's form for changing an indicator's
// content.
func (w *Web) editIndicatorPage(rw http.ResponseWriter, r *http.Request) error {
	in, p, err := w.libraryIndicator(r, r.PathValue("code"))
	if err != nil {
		return err
	}
	if !p.MayCurate {
		return jixiao.Errorf(jixiao.EFORBIDDEN, "无权修改指标库的指标；部门可以建议新指标，由财政部门修改")
	}
	w.render(rw, r, http.StatusOK, "libedit", &page{Title: "修改指标 - " + in.Name, Nav: "library", Data: map[string]any{
		"In": in, "P": p, "Ops": jixiao.Operators, "Standards": []string{jixiao.StdPlan, jixiao.StdIndustry, jixiao.StdHistory, jixiao.StdOther},
	}})
	return nil
}

func (w *Web) editIndicator(rw http.ResponseWriter, r *http.Request) error {
	lib, err := w.libraryService()
	if err != nil {
		return err
	}
	v := func(k string) string { return strings.TrimSpace(r.PostFormValue(k)) }
	in, err := lib.EditIndicator(r.Context(), r.PathValue("code"), &jixiao.LibraryIndicator{Name: v("name"), Level1: v("level1"), Level2: v("level2"),
		Op: jixiao.Operator(v("op")), Unit: v("unit"), Definition: v("definition"), DataSource: v("data_source"), Standard: v("standard"),
		Core: v("core") == "1", Field: v("field"), Source: v("source"), SourceURL: v("source_url")}, v("reason"))
	if err != nil {
		return err
	}
	w.flash(r, fmt.Sprintf("已修改指标“%s”（%s），指标库生成了新版本", in.Name, in.ID))
	return redirect(rw, r, "/library?all=1&q="+url.QueryEscape(in.ID))
}

// libraryVersion shows a past version of the library, read-only.
func (w *Web) libraryVersion(rw http.ResponseWriter, r *http.Request) error {
	lib, err := w.libraryService()
	if err != nil {
		return err
	}
	n, err := strconv.Atoi(r.PathValue("version"))
	if err != nil || n < 1 || n > 1<<30 {
		return jixiao.Errorf(jixiao.ENOTFOUND, "指标库没有这一版本")
	}
	pg, _ := strconv.Atoi(r.URL.Query().Get("page"))
	pg = min(max(pg, 1), 1000)
	l, err := lib.LibraryVersion(r.Context(), n)
	if err != nil {
		return err
	}
	cur, _, err := lib.LibraryHistory(r.Context(), 0, 1)
	if err != nil {
		return err
	}
	from := min((pg-1)*libraryPageSize, len(l.Indicators))
	to := min(from+libraryPageSize, len(l.Indicators))
	next := ""
	if to < len(l.Indicators) {
		next = fmt.Sprintf("/library/versions/%d?page=%d", n, pg+1)
	}
	latest := n
	if len(cur) > 0 {
		latest = cur[0].Version
	}
	w.render(rw, r, http.StatusOK, "libversion", &page{Title: fmt.Sprintf("指标库第 %d 版", n), Nav: "library", Data: map[string]any{
		"L": l, "Items": l.Indicators[from:to], "Total": len(l.Indicators), "Next": next, "Latest": latest,
	}})
	return nil
}

// compareLibrary shows what changed between two versions, indicator by
// indicator and field by field.
func (w *Web) compareLibrary(rw http.ResponseWriter, r *http.Request) error {
	lib, err := w.libraryService()
	if err != nil {
		return err
	}
	hist, _, err := lib.LibraryHistory(r.Context(), 0, 1)
	if err != nil {
		return err
	}
	latest := 1
	if len(hist) > 0 {
		latest = hist[0].Version
	}
	q := r.URL.Query()
	from, err1 := strconv.Atoi(q.Get("from"))
	to, err2 := strconv.Atoi(q.Get("to"))
	if q.Get("to") == "" {
		to, err2 = latest, nil
	}
	if q.Get("from") == "" {
		from, err1 = max(to-1, 1), nil
	}
	if err1 != nil || err2 != nil || from < 1 || to < 1 || from > 1<<30 || to > 1<<30 {
		return jixiao.Errorf(jixiao.EINVALID, "版本号应为 1 到 %d 之间的整数", latest)
	}
	diff, err := lib.CompareLibraryVersions(r.Context(), from, to)
	if err != nil {
		return err
	}
	w.render(rw, r, http.StatusOK, "libcompare", &page{Title: fmt.Sprintf("指标库版本比较：第 %d 版 → 第 %d 版", from, to), Nav: "library", Data: map[string]any{
		"From": from, "To": to, "Latest": latest, "Diff": diff,
	}})
	return nil
}

func (w *Web) exportLibrary(rw http.ResponseWriter, r *http.Request) error {
	lib, err := w.libraryService()
	if err != nil {
		return err
	}
	n := 0
	if v := r.PathValue("version"); v != "" {
		if n, err = strconv.Atoi(v); err != nil || n < 1 || n > 1<<30 {
			return jixiao.Errorf(jixiao.ENOTFOUND, "指标库没有这一版本")
		}
	}
	var buf bytes.Buffer
	ctype, name, err := lib.ExportLibrary(r.Context(), n, r.PathValue("format"), &buf)
	if err != nil {
		return err
	}
	rw.Header().Set("Content-Type", ctype)
	rw.Header().Set("Content-Disposition", fmt.Sprintf(`attachment; filename="library.%s"; filename*=UTF-8''%s`, r.PathValue("format"), url.PathEscape(name)))
	_, err = buf.WriteTo(rw)
	return err
}
