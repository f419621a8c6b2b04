package web_test

import (
	"bytes"
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/alexedwards/scs/v2"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"jixiao"
	"jixiao/examples"
	"jixiao/internal/app"
	"jixiao/internal/auth"
	"jixiao/internal/caseio"
	"jixiao/internal/demo"
	"jixiao/internal/library"
	"jixiao/internal/report/pdf"
	"jixiao/internal/riverjobs"
	"jixiao/internal/rulebook"
	"jixiao/internal/server"
	"jixiao/internal/sqlstore"
	"jixiao/internal/testutil"
	"jixiao/internal/web"
)

// site is a running jixiao with the demo data (the reference department
// with its preparer, approver, the bureau's reviewer…) and, for the
// preparer's department, the training project's evaluation as well.
type site struct {
	srv      *httptest.Server
	db       *sqlstore.DB
	data     *demo.Data
	training *jixiao.EvaluationInfo // the project evaluation of the preparer's department
	pages    *web.Web
	app      *app.App
	jobs     *riverjobs.Queue
}

// siteOptions change a site: the web pages' configuration and the shared
// PDF printer. Every site does its background jobs in its database (a
// River queue, started).
type siteOptions struct {
	web       web.Config
	printer   *pdf.Printer
	synthetic int
	// mailer sends the reminders' e-mails (none when nil).
	mailer app.Mailer
}

func newSite(t *testing.T) *site { return newSiteWith(t, siteOptions{}) }

func newSiteWith(t *testing.T, opt siteOptions) *site {
	t.Helper()
	ctx := context.Background()
	db, data, training := siteStore(t, cmp.Or(opt.synthetic, 4))
	a := app.New(db)
	a.Hash = fast
	a.Printer = opt.printer
	if opt.mailer != nil {
		a.Mailer = opt.mailer
	}
	var rbs []*jixiao.Rulebook
	for _, n := range rulebook.Builtin() {
		rb, err := rulebook.Load(n)
		if err != nil {
			t.Fatal(err)
		}
		rbs = append(rbs, rb)
	}
	rubric, err := rulebook.LoadRubric(rulebook.DefaultRubric)
	if err != nil {
		t.Fatal(err)
	}
	lib, err := library.Starter()
	if err != nil {
		t.Fatal(err)
	}
	logger := slog.New(slog.NewTextHandler(io.Discard, nil))
	// River's own poll interval, as the server has it (1 s): a job is
	// taken up at once all the same, woken by River's notice of its
	// insertion. Every 50 ms, the polls of an idle queue were a fifth of a
	// browser test's CPU under the race detector (TestClerksDay).
	q, err := riverjobs.New(db.SQL(), db.Dialect(), a.JobHandlers(), riverjobs.Config{Logger: logger})
	if err != nil {
		t.Fatal(err)
	}
	if err := q.Start(ctx); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		sctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
		defer cancel()
		if err := q.Stop(sctx); err != nil {
			t.Error(err)
		}
	})
	a.Jobs, opt.web.Jobs = q, a
	var pages *web.Web
	h, err := server.Handler(server.Config{Evaluations: a, Users: a, Tasks: a, SessionStore: db, Health: db.Check, Logger: logger,
		Pages: func(s *scs.SessionManager) (http.Handler, error) {
			var err error
			cfg := opt.web
			cfg.Evaluations, cfg.Users, cfg.Sessions, cfg.Logger, cfg.Rulebooks = a, a, s, logger, rbs
			cfg.Declarations, cfg.Rubric, cfg.Library, cfg.LibraryService, cfg.Tasks, cfg.Account, cfg.Rechecks = a, rubric, lib, a, a, a, a
			pages, err = web.New(cfg)
			return pages, err
		}})
	if err != nil {
		t.Fatal(err)
	}
	s := &site{srv: httptest.NewServer(h), db: db, data: data, training: training, pages: pages, app: a, jobs: q}
	t.Cleanup(s.srv.Close)
	return s
}

// fast are the password-hash costs of the sites' users.
var fast = auth.Params{Memory: 1024, Time: 1, Threads: 1}

// siteImage is a site's store as loadSiteStore leaves it: the file's
// bytes, and what was loaded into it as JSON (each site decodes its own
// copy).
type siteImage struct {
	file, data, training []byte
}

var siteImages = struct {
	sync.Mutex
	m map[int]*siteImage
}{m: map[int]*siteImage{}}

// siteStore opens a store with the demo data (synthetic generated
// departments) and the training project's evaluation, on a new file in
// the test's temporary directory. The file is a copy of one loaded once
// per synthetic count and test binary: loading it, under the race
// detector, took most of a short browser test's time.
func siteStore(t *testing.T, synthetic int) (*sqlstore.DB, *demo.Data, *jixiao.EvaluationInfo) {
	t.Helper()
	siteImages.Lock()
	img := siteImages.m[synthetic]
	if img == nil {
		var err error
		if img, err = loadSiteImage(synthetic); err != nil {
			siteImages.Unlock()
			t.Fatal(err)
		}
		siteImages.m[synthetic] = img
	}
	siteImages.Unlock()
	path := filepath.Join(t.TempDir(), "jixiao.db")
	if err := os.WriteFile(path, img.file, 0o600); err != nil {
		t.Fatal(err)
	}
	db, err := sqlstore.Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	var data demo.Data
	var training jixiao.EvaluationInfo
	if err := json.Unmarshal(img.data, &data); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(img.training, &training); err != nil {
		t.Fatal(err)
	}
	return db, &data, &training
}

// loadSiteImage loads the demo data and the training project's evaluation
// into a new store in a temporary directory, removed at once, and keeps
// the file and what was loaded. It refuses what JSON would not copy
// faithfully (the copy, encoded again, must be the same).
func loadSiteImage(synthetic int) (*siteImage, error) {
	dir, err := os.MkdirTemp("", "jixiao-site-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(dir)
	ctx := context.Background()
	path := filepath.Join(dir, "jixiao.db")
	db, err := sqlstore.Open(ctx, path)
	if err != nil {
		return nil, err
	}
	defer db.Close()
	data, err := demo.Load(ctx, db, demo.Options{Hash: fast, Synthetic: synthetic})
	if err != nil {
		return nil, err
	}
	src, _ := examples.FS.ReadFile("project-training-2024.yaml")
	c, err := caseio.Parse("project-training-2024.yaml", src)
	if err != nil {
		return nil, err
	}
	training, err := db.ImportEvaluation(ctx, &jixiao.User{Username: "测试"}, data.Departments[0].ID, c.Evaluation, false)
	if err != nil {
		return nil, err
	}
	if err := db.Checkpoint(ctx); err != nil {
		return nil, err
	}
	if err := db.Close(); err != nil {
		return nil, err
	}
	img := &siteImage{}
	if img.data, err = json.Marshal(data); err != nil {
		return nil, err
	}
	if img.training, err = json.Marshal(training); err != nil {
		return nil, err
	}
	for _, x := range []struct {
		js []byte
		v  any
	}{{img.data, &demo.Data{}}, {img.training, &jixiao.EvaluationInfo{}}} {
		if err := json.Unmarshal(x.js, x.v); err != nil {
			return nil, err
		}
		again, err := json.Marshal(x.v)
		if err != nil {
			return nil, err
		}
		if !bytes.Equal(again, x.js) {
			return nil, fmt.Errorf("the site's data does not survive a JSON copy:\n%s\n%s", x.js, again)
		}
	}
	if img.file, err = os.ReadFile(path); err != nil {
		return nil, err
	}
	return img, nil
}

// browser is a window of its own, in a browser context of its own (its
// own cookies and storage: one user at a time), of the package's shared
// Chromium.
type browser struct {
	t       *testing.T
	ctx     context.Context
	base    string
	mu      sync.Mutex
	console []string
}

// screenshots is where the tests save pictures of the main pages: the
// directory JIXIAO_SCREENSHOTS names (docs/img to refresh the README's),
// else a temporary one.
func screenshots(t *testing.T) string {
	if d := os.Getenv("JIXIAO_SCREENSHOTS"); d != "" {
		return d
	}
	return t.TempDir()
}

// chromium is the one Chromium of the test binary, started by the first
// browser test and stopped by TestMain: starting one per test took three
// seconds of each, most of a short browser test. Each test's browser is a
// new browser context in it (an incognito profile: no cookie, storage or
// cache of another test), with a window of its own.
var chromium struct {
	sync.Mutex
	ctx    context.Context // the first tab's, which holds the browser
	cancel func()
	dir    string // the profile directory
}

// sharedChromium returns the context of the running shared Chromium,
// starting it (again, if it has ended) when there is none.
func sharedChromium(t *testing.T) context.Context {
	t.Helper()
	path := testutil.Chromium(t)
	chromium.Lock()
	defer chromium.Unlock()
	if chromium.ctx != nil && chromium.ctx.Err() == nil {
		return chromium.ctx
	}
	stopChromium()
	dir, err := os.MkdirTemp("", "jixiao-chromium-")
	if err != nil {
		t.Fatal(err)
	}
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(path), chromedp.UserDataDir(dir), chromedp.NoSandbox, chromedp.DisableGPU,
		chromedp.WindowSize(1280, 800), chromedp.Flag("lang", "zh-CN"),
		chromedp.Flag("disable-background-networking", true), chromedp.Flag("no-first-run", true))
	actx, cancelA := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelB := chromedp.NewContext(actx)
	chromium.ctx, chromium.dir = ctx, dir
	chromium.cancel = func() { cancelB(); cancelA() }
	if err := chromedp.Do(ctx); err != nil {
		stopChromium()
		t.Fatalf("start chromium: %v", err)
	}
	return ctx
}

// stopChromium stops the shared Chromium, if any, and removes its
// profile; the caller holds chromium's lock.
func stopChromium() {
	if chromium.cancel != nil {
		chromium.cancel()
	}
	if chromium.dir != "" {
		os.RemoveAll(chromium.dir)
	}
	chromium.ctx, chromium.cancel, chromium.dir = nil, nil, ""
}

func TestMain(m *testing.M) {
	code := m.Run()
	chromium.Lock()
	stopChromium()
	chromium.Unlock()
	os.Exit(code)
}

func newBrowser(t *testing.T, s *site) *browser {
	t.Helper()
	ctx, cancel := chromedp.NewContext(sharedChromium(t), chromedp.WithNewBrowserContext())
	t.Cleanup(cancel)
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("open a window in chromium: %v", err)
	}
	b := &browser{t: t, ctx: ctx, base: s.srv.URL}
	// Record console errors: a CSP violation or a script error fails the
	// test at the end.
	msgs := chromedp.Console(ctx)
	go func() {
		for m, err := range msgs {
			if err != nil {
				return
			}
			if m.Type == chromedp.ConsoleException || m.Type == "error" || strings.Contains(m.Text, "Content Security Policy") {
				b.mu.Lock()
				b.console = append(b.console, string(m.Type)+": "+m.Text)
				b.mu.Unlock()
			}
		}
	}()
	// A page that asks before it is left (unsaved changes) would stop
	// the test at the next navigation: the question is answered "leave"
	// and the test fails, as it left something unsaved.
	dialogs := chromedp.Events(ctx, page.JavascriptDialogOpening)
	go func() {
		for ev, err := range dialogs {
			if err != nil {
				return
			}
			if ev.Type == page.DialogTypeBeforeunload {
				b.mu.Lock()
				b.console = append(b.console, "asked before leaving "+ev.URL)
				b.mu.Unlock()
			}
			chromedp.Call(ctx, page.HandleJavaScriptDialog, page.HandleJavaScriptDialogParams{Accept: true})
		}
	}()
	t.Cleanup(func() {
		b.mu.Lock()
		defer b.mu.Unlock()
		for _, m := range b.console {
			// Requests refused on purpose (404, 409, 422) log their status.
			if strings.Contains(m, "Failed to load resource: the server responded with a status of 4") {
				continue
			}
			t.Errorf("browser console: %s", m)
		}
	})
	return b
}

// do runs steps with a time limit.
func (b *browser) do(steps ...chromedp.Action[chromedp.Void]) {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, 30*time.Second)
	defer cancel()
	if err := chromedp.Do(ctx, steps...); err != nil {
		shot := filepath.Join(b.t.TempDir(), "failure.png")
		if png, serr := chromedp.Run(b.ctx, chromedp.CaptureScreenshot()); serr == nil {
			os.WriteFile(shot, png, 0o644)
		}
		html, _ := chromedp.Run(b.ctx, chromedp.Evaluate[string]("document.body ? document.body.innerText.slice(0, 2000) : ''"))
		b.t.Fatalf("browser: %v\npage text: %s\n(screenshot %s)", err, html, shot)
	}
}

func (b *browser) open(path string) { b.t.Helper(); b.do(chromedp.Navigate(b.base + path)) }

// text returns the text of the first element matching sel.
func (b *browser) text(sel string) string {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, 20*time.Second)
	defer cancel()
	s, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(sel)))
	if err != nil {
		b.t.Fatalf("text of %s: %v", sel, err)
	}
	return strings.TrimSpace(s)
}

// eval evaluates a JavaScript expression.
func eval[T any](b *browser, expr string) T {
	b.t.Helper()
	v, err := chromedp.Run(b.ctx, chromedp.Evaluate[T](expr))
	if err != nil {
		b.t.Fatalf("evaluate %s: %v", expr, err)
	}
	return v
}

// evalAsync evaluates an expression whose value is a promise.
func evalAsync[T any](b *browser, expr string) T {
	b.t.Helper()
	v, err := chromedp.Run(b.ctx, chromedp.Evaluate[T](expr, chromedp.EvalAwaitPromise))
	if err != nil {
		b.t.Fatalf("evaluate %s: %v", expr, err)
	}
	return v
}

// waitFor waits until a JavaScript condition holds, across page loads
// (a form that navigates answers with a new page).
func (b *browser) waitFor(cond string) {
	b.t.Helper()
	// Generous: under the race detector on a loaded 2-core machine a page's
	// polling and a job's steps take many times their usual time.
	deadline := time.Now().Add(60 * time.Second)
	var last error
	for time.Now().Before(deadline) {
		ctx, cancel := context.WithTimeout(b.ctx, 2*time.Second)
		// The page must also be loaded: a navigation changes location
		// before the new document is there.
		ok, err := chromedp.Run(ctx, chromedp.Evaluate[bool]("(function(){ try { return !!("+cond+") && document.readyState === 'complete' } catch (e) { return false } })()"))
		cancel()
		if err == nil && ok {
			return
		}
		last = err
		time.Sleep(100 * time.Millisecond)
	}
	text, _ := chromedp.Run(b.ctx, chromedp.Evaluate[string]("document.body ? document.body.innerText.slice(0, 1500) : ''"))
	b.t.Fatalf("waiting for %s: %v\npage text: %s", cond, last, text)
}

func (b *browser) login(user string) {
	b.t.Helper()
	b.open("/login")
	if loggedIn := eval[bool](b, `!!document.querySelector("form[action='/logout']")`); loggedIn {
		b.do(chromedp.Submit(chromedp.CSS("form[action='/logout']")), chromedp.WaitVisible(chromedp.CSS("#username")))
	}
	b.do(
		chromedp.SetValue(chromedp.CSS("#username"), user),
		chromedp.SetValue(chromedp.CSS("#password"), demo.Password),
		chromedp.Submit(chromedp.CSS("form[action='/login']")),
		chromedp.WaitVisible(chromedp.CSS("form[action='/logout']")),
	)
}

// acceptDialogs makes confirm() answer yes on the current page.
func (b *browser) acceptDialogs() {
	b.t.Helper()
	eval[bool](b, "window.confirm = function () { return true }; true")
}

// shot saves a screenshot of the viewport (1280×800) as name.png.
func (b *browser) shot(dir, name string) {
	b.t.Helper()
	png, err := chromedp.Run(b.ctx, chromedp.CaptureScreenshot())
	if err != nil {
		b.t.Fatalf("screenshot: %v", err)
	}
	if err := os.WriteFile(filepath.Join(dir, name+".png"), png, 0o644); err != nil {
		b.t.Fatal(err)
	}
}

// rowInput selects an input of the indicator row whose name is indicator.
func rowInput(indicator, field string) string {
	return fmt.Sprintf(`Array.from(document.querySelectorAll("tr.ind-row")).find(r => r.querySelector("[name=name]").value === %q).querySelector("[name=%s]")`, indicator, field)
}

// setRowValue types into a row's input and leaves it, which saves the row.
func (b *browser) setRowValue(indicator, field, value string) {
	b.t.Helper()
	typeAt(b, chromedp.JSPath(rowInput(indicator, field)), value)
}

// typeInto replaces the text of the input selected by css as a user does:
// focus, select all, type, leave (which fires change).
func (b *browser) typeInto(css, value string) {
	b.t.Helper()
	typeAt(b, chromedp.CSS(css), value)
}

func typeAt[S chromedp.Selectable](b *browser, sel S, value string) {
	b.t.Helper()
	b.do(chromedp.Focus(sel))
	eval[bool](b, "document.activeElement.select(); true")
	b.do(chromedp.SendKeys(sel, value), chromedp.Blur(sel))
}

func (b *browser) scoreText() (total, grade string) {
	return b.text("#score-panel [data-total]"), b.text("#score-panel [data-grade]")
}
