// Package web is jixiao's browser application: server-rendered pages in
// Simplified Chinese (html/template, with htmx for partial updates and
// ECharts for the bureau's charts, both embedded), on the same services as
// the JSON API. Pages never decide permissions: they ask the services,
// which enforce them, and only hide buttons a user could not use.
package web

import (
	"bytes"
	"context"
	"embed"
	"errors"
	"fmt"
	"html/template"
	"io/fs"
	"log/slog"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/alexedwards/scs/v2"

	"jixiao"
	"jixiao/internal/api"
	"jixiao/internal/yamlcodec"
)

//go:embed templates/*.html
var templateFS embed.FS

//go:embed static
var staticFS embed.FS

// Config is what the pages are made of.
type Config struct {
	Evaluations jixiao.EvaluationService
	Users       jixiao.UserService
	// Jobs makes PDFs, bulk downloads and confirmed uploads' imports as
	// background jobs in the database (any server answers the page's
	// polls; they survive a restart). Without it those pages answer that
	// background jobs are not available.
	Jobs     jixiao.JobService
	Sessions *scs.SessionManager
	Logger   *slog.Logger
	// Rulebooks are the built-in rulebooks a new evaluation may use.
	Rulebooks []*jixiao.Rulebook
	// Declarations are the performance-goal declarations (绩效目标申报);
	// without them the declaration pages answer that they are not
	// available. Rubric is the review rubric approvals are scored under;
	// Library the indicator library indicators may be picked from when
	// there is no LibraryService.
	Declarations jixiao.DeclarationService
	Rubric       *jixiao.ReviewRubric
	Library      *jixiao.Library
	// Tasks are the bureau's tasks and the to-do inbox (任务与待办);
	// without them the task pages answer that they are not available.
	Tasks jixiao.TaskService
	// Account is what users change of their own account (the e-mail
	// address of the account page).
	Account jixiao.AccountService
	// Rechecks are the re-checks, rectification and results application
	// (复核与整改); without them those pages answer that they are not
	// available.
	Rechecks jixiao.RecheckService
	// Monitoring are the monitoring rounds (绩效运行监控); when not set,
	// the Evaluations service's if it serves them (internal/app does).
	Monitoring jixiao.MonitorService
	// LibraryService is the indicator library (指标库) kept on the server:
	// the library pages, and the library declarations pick from.
	LibraryService jixiao.LibraryService
	// MonitorRules and Calendar are the titles of the server's warning
	// rules and working-day calendar (serve's files), shown where a round
	// is opened; "" when the server uses the built-in ones.
	MonitorRules, Calendar string
}

// Web is the browser application.
type Web struct {
	Config
	pages  map[string]*template.Template
	assets *assets
	mux    *http.ServeMux
}

// New builds the application's handler.
func New(cfg Config) (*Web, error) {
	if cfg.Logger == nil {
		cfg.Logger = slog.Default()
	}
	if cfg.Monitoring == nil {
		cfg.Monitoring, _ = cfg.Evaluations.(jixiao.MonitorService)
	}
	w := &Web{Config: cfg}
	var err error
	if w.assets, err = newAssets(); err != nil {
		return nil, err
	}
	if w.pages, err = w.parseTemplates(); err != nil {
		return nil, err
	}
	w.mux = http.NewServeMux()
	for _, rt := range w.routes() {
		// Visitors are sent to sign in before anything of their request is
		// read; a sign-in is refused before its form is read when its
		// address must wait.
		h := bounded(rt.maxBody, rt.handle)
		if !rt.public {
			h = w.signedIn(h)
		}
		if rt.gate {
			h = w.loginGate(h)
		}
		w.mux.Handle(rt.pattern, w.wrap(h))
	}
	w.mux.Handle("GET /static/", http.StripPrefix("/static/", w.assets))
	w.mux.Handle("/", w.wrap(func(rw http.ResponseWriter, r *http.Request) error {
		return jixiao.Errorf(jixiao.ENOTFOUND, "页面不存在：%s", r.URL.Path)
	}))
	return w, nil
}

func (w *Web) ServeHTTP(rw http.ResponseWriter, r *http.Request) { w.mux.ServeHTTP(rw, r) }

// Patterns lists the pages' route patterns ("GET /evaluations/{id}") and
// whether each needs a signed-in user, for tests that must cover them all.
func (w *Web) Patterns() map[string]bool {
	out := map[string]bool{}
	for _, rt := range w.routes() {
		out[rt.pattern] = !rt.public
	}
	return out
}

type route struct {
	pattern string
	handle  handlerFunc
	public  bool
	// maxBody bounds the request body (0: formBody).
	maxBody int64
	// gate: a sign-in, refused before its form is read when the address
	// must wait.
	gate bool
}

// Request body limits: a form of records; an uploaded file (its limit plus
// room for the form around it).
const (
	formBody   = 1 << 20
	uploadBody = maxCaseUpload + 1<<20
)

// handlerFunc is a page handler; a returned error becomes an error page
// (or an error message in the part of the page htmx asked for).
type handlerFunc func(w http.ResponseWriter, r *http.Request) error

func (w *Web) routes() []route {
	return []route{
		{pattern: "GET /login", handle: w.loginPage, public: true},
		{pattern: "POST /login", handle: w.login, public: true, gate: true},
		{pattern: "POST /logout", handle: w.logout, public: true},
		{pattern: "GET /{$}", handle: w.home},
		{pattern: "POST /evaluations", handle: w.createEvaluation},
		{pattern: "POST /evaluations/upload", handle: w.uploadCase, maxBody: uploadBody},
		{pattern: "POST /uploads/{token}", handle: w.confirmUpload},
		{pattern: "GET /templates/{subject}", handle: w.template},

		{pattern: "GET /audit", handle: w.auditPage},
		{pattern: "POST /audit", handle: w.auditReport, maxBody: uploadBody},

		{pattern: "GET /bureau", handle: w.bureau},
		{pattern: "GET /bureau/levels", handle: w.levels},
		{pattern: "POST /bureau/reports", handle: w.startReports},
		{pattern: "GET /jobs/{id}", handle: w.job},
		{pattern: "POST /jobs/{id}/cancel", handle: w.cancelJob},
		{pattern: "GET /jobs/{id}/download", handle: w.jobDownload},

		{pattern: "GET /evaluations/{id}", handle: w.overview},
		{pattern: "POST /evaluations/{id}/pdf", handle: w.startPDF},
		{pattern: "POST /evaluations/{id}/check-pdf", handle: w.startPDF},
		{pattern: "GET /evaluations/{id}/section/{section}", handle: w.section},
		{pattern: "POST /evaluations/{id}/section/{section}", handle: w.saveSection},
		{pattern: "POST /evaluations/{id}/budget/paste", handle: w.pasteBudget},
		{pattern: "GET /evaluations/{id}/goals", handle: w.goals},
		{pattern: "POST /evaluations/{id}/goals", handle: w.createGoal},
		{pattern: "POST /goals/{id}", handle: w.saveGoal},
		{pattern: "POST /goals/{id}/delete", handle: w.deleteGoal},
		{pattern: "GET /evaluations/{id}/projects", handle: w.projects},
		{pattern: "POST /evaluations/{id}/projects", handle: w.createProject},
		{pattern: "GET /projects/{id}", handle: w.project},
		{pattern: "POST /projects/{id}", handle: w.saveProject},
		{pattern: "POST /projects/{id}/delete", handle: w.deleteProject},
		{pattern: "POST /evaluations/{id}/indicators", handle: w.createIndicator},
		{pattern: "POST /evaluations/{id}/indicators/paste", handle: w.pasteIndicators},
		{pattern: "GET /indicators/{id}", handle: w.indicator},
		{pattern: "POST /indicators/{id}", handle: w.saveIndicator},
		{pattern: "POST /indicators/{id}/row", handle: w.saveIndicatorRow},
		{pattern: "POST /indicators/{id}/delete", handle: w.deleteIndicator},
		{pattern: "POST /indicators/{id}/evidence", handle: w.addEvidence, maxBody: maxEvidenceRequest},
		{pattern: "GET /evaluations/{id}/findings", handle: w.findings},
		{pattern: "GET /evaluations/{id}/evidence", handle: w.evidence},
		{pattern: "POST /evaluations/{id}/files", handle: w.uploadFile, maxBody: maxEvidenceRequest},
		{pattern: "POST /evaluations/{id}/workflow/{action}", handle: w.workflow},
		{pattern: "GET /evaluations/{id}/comment-row", handle: w.commentRow},
		{pattern: "GET /evaluations/{id}/history", handle: w.history},
		{pattern: "GET /evaluations/{id}/years", handle: w.years},

		{pattern: "GET /library", handle: w.libraryPage},
		{pattern: "POST /library", handle: w.proposeIndicator},
		{pattern: "POST /library/{code}/{action}", handle: w.libraryAction},
		{pattern: "GET /library/export/{format}", handle: w.exportLibrary},
		{pattern: "GET /library/edit/{code}", handle: w.editIndicatorPage},
		{pattern: "POST /library/{code}/edit", handle: w.editIndicator},
		{pattern: "GET /library/versions/{version}", handle: w.libraryVersion},
		{pattern: "GET /library/versions/{version}/export/{format}", handle: w.exportLibrary},
		{pattern: "GET /library/compare", handle: w.compareLibrary},

		{pattern: "GET /declarations", handle: w.declarations},
		{pattern: "POST /declarations", handle: w.createDeclaration},
		{pattern: "GET /declarations/{id}", handle: w.declaration},
		{pattern: "POST /declarations/{id}", handle: w.saveDeclaration},
		{pattern: "POST /declarations/{id}/do/{action}", handle: w.declAction},
		{pattern: "GET /declarations/{id}/diff", handle: w.declDiff},
		{pattern: "POST /declarations/{id}/baseline", handle: w.declBaseline},

		{pattern: "GET /tasks", handle: w.tasks},
		{pattern: "GET /tasks/new", handle: w.newTask},
		{pattern: "POST /tasks", handle: w.issueTask},
		{pattern: "GET /tasks/{id}", handle: w.task},
		{pattern: "POST /task-assignees/{id}/move", handle: w.moveTask},

		{pattern: "GET /account", handle: w.account},
		{pattern: "POST /account", handle: w.saveAccount},

		{pattern: "GET /recheck", handle: w.recheckPage},
		{pattern: "POST /recheck/samples", handle: w.drawSample},
		{pattern: "POST /recheck/own", handle: w.evaluateOwn},
		{pattern: "GET /recheck/samples/{id}", handle: w.samplePage},
		{pattern: "GET /recheck/samples/{id}/evaluations/{eval}", handle: w.rescorePage},
		{pattern: "POST /recheck/samples/{id}/evaluations/{eval}", handle: w.saveRescore},
		{pattern: "POST /recheck/samples/{id}/rectifications", handle: w.raiseFromRecheck},
		{pattern: "POST /evaluations/{id}/rectifications", handle: w.raiseFromEvaluation},
		{pattern: "POST /evaluations/{id}/review-rectifications", handle: w.raiseFromReview},
		{pattern: "GET /rectifications", handle: w.rectificationsPage},
		{pattern: "POST /rectifications", handle: w.createRectification},
		{pattern: "GET /rectifications/{id}", handle: w.rectificationPage},
		{pattern: "POST /rectifications/{id}/do/{action}", handle: w.rectificationAction},
		{pattern: "POST /rectifications/{id}/files", handle: w.uploadRectFile, maxBody: maxRectFileRequest},
		{pattern: "GET /rectifications/{id}/files/{file}", handle: w.rectFile},
		{pattern: "GET /results", handle: w.resultsPage},
		{pattern: "POST /results/{eval}/decide", handle: w.decide},
		{pattern: "GET /results/xlsx", handle: w.resultsXLSX},
		{pattern: "GET /results/docx", handle: w.resultsDOCX},
		{pattern: "POST /results/pdf", handle: w.startResultsPDF},

		{pattern: "GET /rule-files", handle: w.ruleFilesPage},
		{pattern: "POST /rule-files/{kind}", handle: w.uploadRuleFile, maxBody: jixiao.MaxRuleFile + 1<<20},
		{pattern: "POST /results/rules", handle: w.chooseResultRules},

		{pattern: "GET /monitoring", handle: w.monitorRounds},
		{pattern: "POST /monitoring", handle: w.openMonitorRound},
		{pattern: "GET /monitoring/{id}", handle: w.monitorRound},
		{pattern: "GET /monitoring/{id}/report", handle: w.monitorRoundReport},
		{pattern: "POST /monitoring/{id}/rule-files", handle: w.changeRoundRuleFiles},
		{pattern: "POST /monitoring/{id}/pdf", handle: w.startMonitorRoundPDF},
		{pattern: "GET /monitoring/{id}/entries/{entry}", handle: w.monitorEntry},
		{pattern: "POST /monitoring/{id}/entries/{entry}", handle: w.saveMonitorEntry},
		{pattern: "POST /monitoring/{id}/entries/{entry}/upload", handle: w.uploadMonitorEntry, maxBody: maxMonitorWorkbook + 1<<20},
		{pattern: "GET /monitoring/{id}/entries/{entry}/workbook", handle: w.monitorWorkbook},
		{pattern: "GET /monitoring/{id}/entries/{entry}/report", handle: w.monitorReport},
		{pattern: "POST /monitoring/{id}/entries/{entry}/pdf", handle: w.startMonitorPDF},
		{pattern: "POST /monitoring/{id}/entries/{entry}/dispose", handle: w.disposeMonitorWarning},
	}
}

// wrap turns a handler's error into a page: the error page for a page
// request, a message fragment for an htmx request.
func (w *Web) wrap(h handlerFunc) http.Handler {
	return http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		if err := h(rw, r); err != nil {
			w.fail(rw, r, err)
		}
	})
}

// bounded caps a route's request body at max bytes (formBody when 0) and
// reads a posted form at once, so that a form over the limit is refused
// with the limit in the message rather than read as empty fields. Files of
// a multipart form beyond 8 MiB wait on disk (removed after the request).
func bounded(max int64, h handlerFunc) handlerFunc {
	if max <= 0 {
		max = formBody
	}
	return func(rw http.ResponseWriter, r *http.Request) error {
		if r.Method != http.MethodPost {
			return h(rw, r)
		}
		r.Body = http.MaxBytesReader(rw, r.Body, max)
		var err error
		if strings.HasPrefix(r.Header.Get("Content-Type"), "multipart/form-data") {
			err = r.ParseMultipartForm(8 << 20)
		} else {
			err = r.ParseForm()
		}
		if err != nil && !errors.Is(err, http.ErrNotMultipart) {
			return formError(err)
		}
		return h(rw, r)
	}
}

// formError explains a form or an uploaded file that cannot be read, in
// Chinese: too large (with the limit), or unreadable; never the library's
// words ("http: request body too large").
func formError(err error) error {
	var tooBig *http.MaxBytesError
	if errors.As(err, &tooBig) {
		return jixiao.Errorf(jixiao.EINVALID, "提交的内容过大，不能超过 %s", jixiao.SizeText(tooBig.Limit))
	}
	return jixiao.Errorf(jixiao.EINVALID, "提交的表单无法读取，请刷新页面后重试")
}

// signedIn sends visitors without a session to the login page.
func (w *Web) signedIn(h handlerFunc) handlerFunc {
	return func(rw http.ResponseWriter, r *http.Request) error {
		if jixiao.UserFrom(r.Context()) != nil {
			return h(rw, r)
		}
		next := r.URL.RequestURI()
		if r.Method != http.MethodGet {
			next = "/"
		}
		if isHTMX(r) {
			rw.Header().Set("HX-Redirect", "/login?next="+url.QueryEscape(next))
			return nil
		}
		http.Redirect(rw, r, "/login?next="+url.QueryEscape(next), http.StatusSeeOther)
		return nil
	}
}

func isHTMX(r *http.Request) bool { return r.Header.Get("HX-Request") == "true" }

// advice tells a user what to do about an error of each kind.
var advice = map[string]string{
	jixiao.EINVALID:      "请按提示修改后重新提交。",
	jixiao.ENOTFOUND:     "请检查地址是否正确；如果这是其他部门的数据，您无权查看。",
	jixiao.EFORBIDDEN:    "如需进行此操作，请联系本单位管理员调整您的角色。",
	jixiao.ECONFLICT:     "请刷新页面，查看最新内容后再修改。",
	jixiao.EUNAUTHORIZED: "请重新登录。",
	jixiao.ETOOMANY:      "请稍后再试。",
	jixiao.EINTERNAL:     "请稍后重试；如果问题持续，请联系系统管理员并告知发生的时间。",
}

func (w *Web) fail(rw http.ResponseWriter, r *http.Request, err error) {
	code := jixiao.ErrorCode(err)
	msg := jixiao.ErrorMessage(err)
	var details []string
	var ps jixiao.Problems
	var es yamlcodec.Errors
	switch {
	case errors.As(err, &es):
		code, msg = jixiao.EINVALID, fmt.Sprintf("发现%d处错误，未保存任何内容", len(es))
		for _, e := range es {
			details = append(details, e.Error())
		}
	case errors.As(err, &ps):
		msg = fmt.Sprintf("数据有%d处问题，未保存", len(ps))
		for _, p := range ps {
			details = append(details, strings.TrimPrefix(p.Path+"：", "：")+p.Message)
		}
	}
	if code == jixiao.EINTERNAL {
		w.Logger.Error("web", "method", r.Method, "path", r.URL.Path, "err", err)
		msg = "服务器内部错误"
	}
	status := api.Status(code)
	data := map[string]any{"Code": code, "Message": msg, "Details": details, "Advice": advice[code], "Status": status}
	if isHTMX(r) {
		// The message replaces the part of the page that asked; htmx swaps
		// error responses because of the configuration in app.js.
		rw.Header().Set("HX-Retarget", "#messages")
		rw.Header().Set("HX-Reswap", "innerHTML")
		w.fragment(rw, status, "error-message", data)
		return
	}
	w.render(rw, r, status, "error", &page{Title: "出错了", Data: data})
}

// page is what every page template gets.
type page struct {
	Title string
	User  *jixiao.User
	Nav   string
	Flash string
	Eval  *evalView // the evaluation being worked on, if any
	Tab   string
	Data  any
}

func (w *Web) parseTemplates() (map[string]*template.Template, error) {
	base := template.New("").Funcs(w.funcs())
	shared := []string{"templates/layout.html", "templates/partials.html", "templates/form.html", "templates/jobs.html", "templates/taskparts.html"}
	if _, err := base.ParseFS(templateFS, shared...); err != nil {
		return nil, err
	}
	names, err := fs.Glob(templateFS, "templates/*.html")
	if err != nil {
		return nil, err
	}
	pages := map[string]*template.Template{"": base}
	for _, n := range names {
		if contains(shared, n) {
			continue
		}
		t, err := template.Must(base.Clone()).ParseFS(templateFS, n)
		if err != nil {
			return nil, err
		}
		pages[strings.TrimSuffix(strings.TrimPrefix(n, "templates/"), ".html")] = t
	}
	return pages, nil
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// render writes a whole page.
func (w *Web) render(rw http.ResponseWriter, r *http.Request, status int, name string, p *page) {
	p.User = jixiao.UserFrom(r.Context())
	if w.Sessions != nil {
		if f := w.Sessions.PopString(r.Context(), "flash"); f != "" && p.Flash == "" {
			p.Flash = f
		}
	}
	t, ok := w.pages[name]
	if !ok {
		w.Logger.Error("web: no template", "name", name)
		http.Error(rw, "页面模板缺失", http.StatusInternalServerError)
		return
	}
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, "layout", p); err != nil {
		w.Logger.Error("web: render", "page", name, "err", err)
		http.Error(rw, "页面生成出错，请稍后重试", http.StatusInternalServerError)
		return
	}
	rw.Header().Set("Content-Type", "text/html; charset=utf-8")
	rw.Header().Set("Cache-Control", "no-store")
	rw.WriteHeader(status)
	buf.WriteTo(rw)
}

// fragment writes one named template, for htmx.
func (w *Web) fragment(rw http.ResponseWriter, status int, name string, data any) {
	var buf bytes.Buffer
	if err := w.pages[""].ExecuteTemplate(&buf, name, data); err != nil {
		w.Logger.Error("web: fragment", "name", name, "err", err)
		http.Error(rw, "页面生成出错，请稍后重试", http.StatusInternalServerError)
		return
	}
	rw.Header().Set("Content-Type", "text/html; charset=utf-8")
	rw.Header().Set("Cache-Control", "no-store")
	rw.WriteHeader(status)
	buf.WriteTo(rw)
}

// flash keeps a message for the next page the user sees.
func (w *Web) flash(r *http.Request, msg string) {
	if w.Sessions != nil {
		w.Sessions.Put(r.Context(), "flash", msg)
	}
}

// redirect answers a form post: a full redirect, or HX-Redirect for htmx.
func redirect(rw http.ResponseWriter, r *http.Request, to string) error {
	if isHTMX(r) {
		rw.Header().Set("HX-Redirect", to)
		rw.WriteHeader(http.StatusNoContent)
		return nil
	}
	http.Redirect(rw, r, to, http.StatusSeeOther)
	return nil
}

func urlEscape(s string) string { return url.PathEscape(s) }

func pathID(r *http.Request, name string) (int64, error) {
	v, err := strconv.ParseInt(r.PathValue(name), 10, 64)
	if err != nil || v <= 0 {
		return 0, jixiao.Errorf(jixiao.ENOTFOUND, "页面不存在：%s", r.URL.Path)
	}
	return v, nil
}

func formInt(r *http.Request, name string) (int64, error) {
	s := strings.TrimSpace(r.FormValue(name))
	v, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		return 0, jixiao.Errorf(jixiao.EINVALID, "表单缺少%s，请刷新页面后重试", orName(map[string]string{"version": "版本号", "revision": "修订号"}[name], "必要的内容"))
	}
	return v, nil
}

// ctxUser returns the signed-in user (signedIn has run).
func ctxUser(ctx context.Context) *jixiao.User { return jixiao.UserFrom(ctx) }
