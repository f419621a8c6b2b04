package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/http/httputil"
	"os/exec"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"jixiao"
	"jixiao/internal/auth"
	"jixiao/internal/demo"
	"jixiao/internal/sqlstore"
	"jixiao/internal/sqlstore/sqltest"
)

// TestThreeServers runs three `jixiao serve` processes on one PostgreSQL
// database behind a round-robin reverse proxy, puts a mixed load on them
// (sign-ins, reads, saves of indicators by several users, submits), kills
// one with SIGKILL in the middle, keeps going, and checks with the data:
// every save answered with success is stored, no save or submit was
// applied twice, every session (those made on the killed server too)
// works on the others, and failed sign-ins spread over the servers are
// counted together.
//
// The load is a set of actors, each a loop run until the load stops and a
// check made once the servers are quiet: another kind of work (jobs done
// exactly once) is one more actor: report jobs and a ZIP of the
// department's reports asked for after the kill are each done once, on
// their first attempt, by the servers left; a case uploaded on one server
// and confirmed on another is imported by a job that a third reports done.
func TestThreeServers(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary and runs three servers under load")
	}
	pg := sqltest.PostgresDSN(t)
	if pg == "" {
		t.Skip("PostgreSQL is not available: " + sqltest.EnvPostgres + " is not set")
	}
	bin := binary(t)
	dsn := sqltest.EmptyPostgres(t, pg)
	ctx := context.Background()
	db, err := sqlstore.Open(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })

	// The demo data: a department per example case, each with a draft;
	// each department gets a preparer and an approver.
	fast := auth.Params{Memory: 1024, Time: 1, Threads: 1}
	data, err := demo.Load(ctx, db, demo.Options{Hash: fast})
	if err != nil {
		t.Fatal(err)
	}
	const password = "集群测试密码-2024"
	hash, err := auth.Hash(password, fast)
	if err != nil {
		t.Fatal(err)
	}
	system := &jixiao.User{Username: "测试"}
	for i, d := range data.Departments {
		for _, role := range []jixiao.Role{jixiao.RolePreparer, jixiao.RoleApprover} {
			if _, err := db.CreateUser(ctx, system, &jixiao.User{Username: fmt.Sprintf("%s%d", role, i), Role: role, OrgID: d.ID}, hash); err != nil {
				t.Fatal(err)
			}
		}
	}

	servers := make([]*exec.Cmd, 3)
	addrs := make([]string, 3)
	logs := make([]*lockedWriter, 3)
	var started sync.WaitGroup
	for i := range servers {
		logs[i] = new(lockedWriter)
		cmd := exec.Command(bin, "serve", "--db", dsn, "--addr", "127.0.0.1:0")
		cmd.Stderr = logs[i]
		stdout, err := cmd.StdoutPipe()
		if err != nil {
			t.Fatal(err)
		}
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		servers[i] = cmd
		t.Cleanup(func() {
			cmd.Process.Kill()
			cmd.Wait()
			if t.Failed() {
				t.Logf("server %d said:\n%s", i, logs[i])
			}
		})
		started.Go(func() {
			lines := bufio.NewScanner(stdout)
			for lines.Scan() {
				if _, url, ok := strings.Cut(lines.Text(), "http://"); ok && addrs[i] == "" {
					addrs[i] = strings.Replace(strings.TrimSuffix(url, "/"), "localhost", "127.0.0.1", 1)
					break
				}
			}
			go io.Copy(io.Discard, stdout)
		})
	}
	started.Wait()
	for i, a := range addrs {
		if a == "" {
			t.Fatalf("server %d did not start:\n%s", i, logs[i])
		}
	}

	lb := &balancer{backends: addrs, dead: make([]bool, len(addrs)), transport: &http.Transport{MaxIdleConnsPerHost: 16}}
	front := httptest.NewServer(&httputil.ReverseProxy{
		Rewrite: func(r *httputil.ProxyRequest) {
			r.Out.URL.Scheme, r.Out.URL.Host = "http", "backend" // the balancer chooses
		},
		Transport: lb,
	})
	defer front.Close()

	// A browser that signed in through a server about to be killed keeps
	// its device token for the throttle's check below.
	// Its session must then work on the others.
	victim := newBrowser(t, "http://"+addrs[0])
	if code, _ := victim.login(t, "preparer0", password); code != http.StatusOK {
		t.Fatalf("sign-in on server 0: %d", code)
	}
	var (
		stop     = make(chan struct{})
		killed   = make(chan struct{})
		sessions sessionList
		actors   sync.WaitGroup
		checks   []func(t *testing.T)
	)
	sessions.add(session{user: "preparer0", b: &browser{c: victim.c, base: front.URL}, backend: 0})
	// Preparers of the first three departments save one indicator each,
	// over and over, signing in again now and then (each sign-in is a new
	// session, kept for the end).
	for i := range 3 {
		w := &saver{user: fmt.Sprintf("preparer%d", i), password: password, eval: data.Evaluations[i].ID, base: front.URL, sessions: &sessions}
		actors.Go(func() { w.run(t, stop) })
		checks = append(checks, func(t *testing.T) { w.check(t, db) })
	}
	// Approvers of the other departments submit their drafts: one while
	// the three servers run, one after the kill.
	for i, when := range []chan struct{}{nil, killed} {
		s := &submitter{user: fmt.Sprintf("approver%d", 3+i), password: password, eval: data.Evaluations[3+i].ID, base: front.URL}
		actors.Go(func() { s.run(t, when) })
		checks = append(checks, func(t *testing.T) { s.check(t, db) })
	}

	// A preparer asks for reports as background jobs once a server is
	// gone: the two left do each of them, once.
	reports := &jobber{user: "preparer1", password: password, eval: data.Evaluations[1].ID, year: data.Evaluations[1].Year, base: front.URL}
	actors.Go(func() { reports.run(t, killed) })
	checks = append(checks, func(t *testing.T) { reports.check(t) })

	time.Sleep(2 * time.Second)
	if err := servers[0].Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	servers[0].Wait()
	close(killed)
	time.Sleep(2 * time.Second)
	close(stop)
	actors.Wait()
	if t.Failed() {
		return
	}
	for _, check := range checks {
		check(t)
	}
	t.Logf("the proxy sent %d requests again to another server, %d of them writes", lb.retries.Load(), lb.retriedWrites.Load())

	// Every session still works, those made on the killed server too.
	onKilled := 0
	for _, s := range sessions.all() {
		if s.backend == 0 {
			onKilled++
		}
		var me jixiao.User
		if code := s.b.call(t, "GET", "/api/v1/me", nil, &me); code != http.StatusOK || me.Username != s.user {
			t.Errorf("session of %s made on server %d: %d %q", s.user, s.backend, code, me.Username)
		}
	}
	if onKilled == 0 {
		t.Error("no session was made on the killed server")
	}
	t.Logf("%d sessions checked, %d of them made on the killed server", len(sessions.all()), onKilled)

	// A case uploaded and shown by one server is imported when the user
	// confirms it on another.
	uploader := newBrowser(t, "http://"+addrs[1])
	uploader.c.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	if code, msg := uploader.login(t, "preparer3", password); code != http.StatusOK {
		t.Fatalf("preparer3 signs in: %d %s", code, msg)
	}
	var form bytes.Buffer
	mw := multipart.NewWriter(&form)
	fw, _ := mw.CreateFormFile("file", "新项目.yaml")
	fw.Write([]byte("format: jixiao-case/1\nsubject: project\nyear: 2025\nrulebook: mof-2020\norg:\n  name: 某单位\nprojects:\n  - name: 集群测试项目\n"))
	mw.Close()
	req, _ := http.NewRequest("POST", uploader.base+"/evaluations/upload", &form)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	req.Header.Set("HX-Request", "true")
	resp, err := uploader.c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	page, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	token := regexp.MustCompile(`/uploads/([0-9a-f]+)`).FindSubmatch(page)
	if resp.StatusCode != http.StatusOK || token == nil {
		t.Fatalf("upload on server 1: %d %s", resp.StatusCode, page)
	}
	uploader.base = "http://" + addrs[2]
	if resp, err = uploader.c.Post(uploader.base+"/uploads/"+string(token[1]), "application/x-www-form-urlencoded", nil); err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	// The import is a job: its page, asked of server 1, shows it done.
	jobPage := resp.Header.Get("Location")
	if resp.StatusCode != http.StatusSeeOther || !strings.HasPrefix(jobPage, "/jobs/r") {
		t.Fatalf("confirmed on server 2: %d to %q", resp.StatusCode, jobPage)
	}
	uploader.base = "http://" + addrs[1]
	var job jixiao.Job
	for deadline := time.Now().Add(30 * time.Second); time.Now().Before(deadline); time.Sleep(100 * time.Millisecond) {
		if code := uploader.call(t, "GET", "/api/v1/jobs/"+strings.TrimPrefix(jobPage, "/jobs/r"), nil, &job); code != http.StatusOK || job.Finished() {
			break
		}
	}
	var imported int
	db.SQL().QueryRow("SELECT count(*) FROM evaluations WHERE org_id = $1 AND year = 2025", data.Departments[3].ID).Scan(&imported)
	if job.State != jixiao.JobDone || imported != 1 {
		t.Errorf("import job confirmed on server 2: %s %q, %d evaluations imported", job.State, job.Error, imported)
	}

	// Failed sign-ins spread over the two servers left are counted
	// together: after six (five are free) the next attempt must wait,
	// though each server saw only three.
	attacker := []*browser{newBrowser(t, "http://"+addrs[1]), newBrowser(t, "http://"+addrs[2])}
	for i := range 6 {
		if code, _ := attacker[i%2].login(t, "preparer0", "wrong password"); code != http.StatusUnauthorized {
			t.Fatalf("failed sign-in %d: %d", i+1, code)
		}
	}
	if code, msg := newBrowser(t, "http://"+addrs[1]).login(t, "preparer0", password); code != http.StatusTooManyRequests {
		t.Errorf("sign-in after six failures on two servers: %d %s, want 429", code, msg)
	}
	// The user signs in from the browser known to the killed server: its
	// device token is good on every server, and its own throttle applies.
	victim.base = "http://" + addrs[2]
	if code, msg := victim.login(t, "preparer0", password); code != http.StatusOK {
		t.Errorf("sign-in from a known browser during the throttle: %d %s", code, msg)
	}
}

// balancer sends each request to the next live backend in turn. A
// request whose connection was refused or reset before any answer is sent
// again to another backend; its body is kept for that. Every write the
// load makes carries the version it read, so a write sent twice is
// applied at most once (the second is a conflict), and the checks confirm
// it with the data.
type balancer struct {
	backends  []string
	transport http.RoundTripper
	retries   atomic.Int64
	// retriedWrites counts the writes among them.
	retriedWrites atomic.Int64

	mu   sync.Mutex
	dead []bool
	next int
}

func (lb *balancer) pick(tried []bool) (int, bool) {
	lb.mu.Lock()
	defer lb.mu.Unlock()
	for range lb.backends {
		i := lb.next % len(lb.backends)
		lb.next++
		if !lb.dead[i] && !tried[i] {
			return i, true
		}
	}
	return 0, false
}

func (lb *balancer) RoundTrip(req *http.Request) (*http.Response, error) {
	var body []byte
	if req.Body != nil {
		var err error
		if body, err = io.ReadAll(io.LimitReader(req.Body, 1<<20)); err != nil {
			return nil, err
		}
		req.Body.Close()
	}
	tried := make([]bool, len(lb.backends))
	err := errors.New("no live backend")
	for {
		i, ok := lb.pick(tried)
		if !ok {
			return nil, err
		}
		tried[i] = true
		out := req.Clone(req.Context())
		out.URL.Host = lb.backends[i]
		out.Body, out.ContentLength = http.NoBody, 0
		if len(body) > 0 {
			out.Body, out.ContentLength = io.NopCloser(bytes.NewReader(body)), int64(len(body))
		}
		var resp *http.Response
		resp, err = lb.transport.RoundTrip(out)
		if err == nil {
			resp.Header.Set("X-Backend", strconv.Itoa(i))
			return resp, nil
		}
		if errors.Is(err, syscall.ECONNREFUSED) {
			lb.mu.Lock()
			lb.dead[i] = true
			lb.mu.Unlock()
		} else if !errors.Is(err, syscall.ECONNRESET) && !errors.Is(err, io.EOF) && !errors.Is(err, io.ErrUnexpectedEOF) && !errors.Is(err, syscall.EPIPE) {
			return nil, err
		}
		lb.retries.Add(1)
		if req.Method != http.MethodGet {
			lb.retriedWrites.Add(1)
		}
	}
}

// browser is a client with its own cookies.
type browser struct {
	c    *http.Client
	base string
}

func newBrowser(t *testing.T, base string) *browser {
	jar, err := cookiejar.New(nil)
	if err != nil {
		t.Fatal(err)
	}
	return &browser{c: &http.Client{Jar: jar, Timeout: 30 * time.Second}, base: base}
}

// call sends a JSON request and decodes a successful answer into out; it
// returns the status (0 when no answer came) and the backend that
// answered, as the balancer says.
func (b *browser) call(t *testing.T, method, path string, in, out any) int {
	code, _, _ := b.do(t, method, path, in, out)
	return code
}

func (b *browser) do(t *testing.T, method, path string, in, out any) (code, backend int, msg string) {
	var body io.Reader
	if in != nil {
		data, err := json.Marshal(in)
		if err != nil {
			t.Error(err)
			return 0, -1, ""
		}
		body = bytes.NewReader(data)
	}
	req, err := http.NewRequest(method, b.base+path, body)
	if err != nil {
		t.Error(err)
		return 0, -1, ""
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := b.c.Do(req)
	if err != nil {
		return 0, -1, err.Error()
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	if err != nil {
		return 0, -1, err.Error()
	}
	backend = -1
	if s := resp.Header.Get("X-Backend"); s != "" {
		backend, _ = strconv.Atoi(s)
	}
	if (resp.StatusCode == http.StatusOK || resp.StatusCode == http.StatusAccepted) && out != nil {
		d := json.NewDecoder(bytes.NewReader(data))
		d.UseNumber()
		if err := d.Decode(out); err != nil {
			t.Errorf("%s %s: %v", method, path, err)
		}
	}
	return resp.StatusCode, backend, string(data)
}

func (b *browser) login(t *testing.T, user, password string) (int, string) {
	code, _, msg := b.do(t, "POST", "/api/v1/login", map[string]string{"username": user, "password": password}, nil)
	return code, msg
}

type session struct {
	user    string
	b       *browser
	backend int
}

type sessionList struct {
	mu sync.Mutex
	s  []session
}

func (l *sessionList) add(s session) { l.mu.Lock(); l.s = append(l.s, s); l.mu.Unlock() }
func (l *sessionList) all() []session {
	l.mu.Lock()
	defer l.mu.Unlock()
	return slices.Clone(l.s)
}

// saver saves one indicator of its evaluation again and again, each time
// with a new improvement text, and remembers which saves were answered
// with success.
// jobber asks for reports of one evaluation as background jobs (after
// start is closed), each a different request; check waits for them and
// requires each done on its first attempt, with its file.
type jobber struct {
	user, password string
	eval           int64
	year           int
	base           string

	b   *browser
	ids []int64
}

func (j *jobber) run(t *testing.T, start chan struct{}) {
	<-start
	j.b = newBrowser(t, j.base)
	if code, _, msg := j.b.do(t, "POST", "/api/v1/login", map[string]string{"username": j.user, "password": j.password}, nil); code != http.StatusOK {
		t.Errorf("%s signs in: %d %s", j.user, code, msg)
		return
	}
	for _, q := range []string{"format=docx", "format=html", "format=xlsx", "format=docx&check=true", "format=html&check=true"} {
		var job jixiao.Job
		if code := j.b.call(t, "POST", fmt.Sprintf("/api/v1/evaluations/%d/report-jobs?%s", j.eval, q), nil, &job); code != http.StatusAccepted {
			t.Errorf("report job %s: %d", q, code)
			continue
		}
		j.ids = append(j.ids, job.ID)
	}
	// And the reports of all the department's evaluations in one ZIP.
	var job jixiao.Job
	if code := j.b.call(t, "POST", "/api/v1/bulk-jobs", map[string]any{"format": "docx", "year": j.year}, &job); code != http.StatusAccepted {
		t.Errorf("bulk job: %d", code)
		return
	}
	j.ids = append(j.ids, job.ID)
}

func (j *jobber) check(t *testing.T) {
	if j.b == nil {
		return
	}
	deadline := time.Now().Add(90 * time.Second)
	for _, id := range j.ids {
		var job jixiao.Job
		for {
			if code := j.b.call(t, "GET", fmt.Sprintf("/api/v1/jobs/%d", id), nil, &job); code == http.StatusOK && job.Finished() || time.Now().After(deadline) {
				break
			}
			time.Sleep(200 * time.Millisecond)
		}
		if job.State != jixiao.JobDone || job.Attempt != 1 || job.ResultSize == 0 {
			t.Errorf("%s job %d: state %s, attempt %d, result %d bytes; want done on the first attempt with a file", job.Kind, id, job.State, job.Attempt, job.ResultSize)
		}
	}
	if len(j.ids) != 6 {
		t.Errorf("%d jobs started, want 6 (5 reports, 1 ZIP)", len(j.ids))
	}
	t.Logf("%d report and ZIP jobs done once each by the servers left", len(j.ids))
}

type saver struct {
	user, password string
	eval           int64
	base           string
	sessions       *sessionList

	indicator int64
	acked     []string // in order
	tries     int
}

// record is an indicator as read and written: kept as JSON values so that
// it goes back exactly as it came.
type record struct {
	ID        int64          `json:"id"`
	Version   int64          `json:"version"`
	Indicator map[string]any `json:"indicator"`
}

func (w *saver) signIn(t *testing.T) *browser {
	b := newBrowser(t, w.base)
	code, backend, msg := b.do(t, "POST", "/api/v1/login", map[string]string{"username": w.user, "password": w.password}, nil)
	if code != http.StatusOK {
		t.Errorf("%s signs in: %d %s", w.user, code, msg)
		return nil
	}
	w.sessions.add(session{user: w.user, b: b, backend: backend})
	return b
}

func (w *saver) run(t *testing.T, stop chan struct{}) {
	b := w.signIn(t)
	if b == nil {
		return
	}
	var list struct{ Items []record }
	if code := b.call(t, "GET", fmt.Sprintf("/api/v1/evaluations/%d/indicators", w.eval), nil, &list); code != http.StatusOK || len(list.Items) == 0 {
		t.Errorf("%s lists indicators: %d", w.user, code)
		return
	}
	cur := list.Items[0]
	w.indicator = cur.ID
	for k := 1; ; k++ {
		select {
		case <-stop:
			// A last save, answered: the stored text must be this one.
			w.save(t, b, &cur, k)
			return
		default:
		}
		if k%10 == 0 {
			if b = w.signIn(t); b == nil {
				return
			}
		}
		var sc map[string]any
		if code := b.call(t, "GET", fmt.Sprintf("/api/v1/evaluations/%d/indicators", w.eval), nil, &list); code != http.StatusOK {
			t.Logf("%s reads: %d", w.user, code)
		}
		if k%5 == 0 {
			b.call(t, "GET", fmt.Sprintf("/api/v1/evaluations/%d/scorecard", w.eval), nil, &sc)
		}
		w.save(t, b, &cur, k)
	}
}

// save writes try k and, when its answer is not a success, reads the
// indicator again for its version.
func (w *saver) save(t *testing.T, b *browser, cur *record, k int) {
	text := fmt.Sprintf("%s 第%d次保存", w.user, k)
	cur.Indicator["improvement"] = text
	w.tries++
	var out record
	code, _, msg := b.do(t, "PUT", fmt.Sprintf("/api/v1/indicators/%d", cur.ID), map[string]any{"version": cur.Version, "indicator": cur.Indicator}, &out)
	if code == http.StatusOK {
		w.acked = append(w.acked, text)
		*cur = out
		return
	}
	if code != http.StatusConflict && code != 0 && code != http.StatusBadGateway {
		t.Errorf("%s saves: %d %s", w.user, code, msg)
	}
	for range 20 {
		if code := b.call(t, "GET", fmt.Sprintf("/api/v1/indicators/%d", cur.ID), nil, cur); code == http.StatusOK {
			return
		}
		time.Sleep(100 * time.Millisecond)
	}
	t.Errorf("%s cannot read indicator %d again", w.user, cur.ID)
}

// check: every save answered with success is in the audit log, in order,
// and no save is there twice; the stored text is the last save's; each
// stored save raised the version by one.
func (w *saver) check(t *testing.T, db *sqlstore.DB) {
	rows, err := db.SQL().Query("SELECT new_value FROM audit_log WHERE entity = 'indicator' AND entity_id = $1 AND action = 'update' ORDER BY id", w.indicator)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var stored []string
	for rows.Next() {
		var v string
		var r struct {
			Indicator struct {
				Improvement string `json:"improvement"`
			} `json:"indicator"`
		}
		if err := rows.Scan(&v); err != nil {
			t.Fatal(err)
		}
		if err := json.Unmarshal([]byte(v), &r); err != nil {
			t.Fatal(err)
		}
		stored = append(stored, r.Indicator.Improvement)
	}
	seen := map[string]bool{}
	for _, s := range stored {
		if seen[s] {
			t.Errorf("%s: the save %q is stored twice", w.user, s)
		}
		seen[s] = true
	}
	at := 0
	for _, a := range w.acked {
		i := slices.Index(stored[at:], a)
		if i < 0 {
			t.Errorf("%s: the save %q was answered with success but is not stored (or out of order)", w.user, a)
			continue
		}
		at += i + 1
	}
	var text string
	var version int64
	if err := db.SQL().QueryRow("SELECT improvement, version FROM indicators WHERE id = $1", w.indicator).Scan(&text, &version); err != nil {
		t.Fatal(err)
	}
	if len(w.acked) == 0 || text != w.acked[len(w.acked)-1] {
		t.Errorf("%s: stored %q, the last save answered was %q", w.user, text, w.acked[len(w.acked)-1:])
	}
	if version != int64(len(stored))+1 {
		t.Errorf("%s: version %d after %d stored saves", w.user, version, len(stored))
	}
	if len(w.acked) < 10 {
		t.Errorf("%s: only %d saves answered with success", w.user, len(w.acked))
	}
	t.Logf("%s: %d saves tried, %d answered with success, %d stored", w.user, w.tries, len(w.acked), len(stored))
}

// submitter signs in, reads its evaluation and submits it (once the
// channel it waits for is closed, if any), trying again until it is
// submitted.
type submitter struct {
	user, password string
	eval           int64
	base           string
	answered       bool
}

func (s *submitter) run(t *testing.T, after chan struct{}) {
	if after != nil {
		<-after
	} else {
		time.Sleep(time.Second)
	}
	b := newBrowser(t, s.base)
	if code, msg := b.login(t, s.user, s.password); code != http.StatusOK {
		t.Errorf("%s signs in: %d %s", s.user, code, msg)
		return
	}
	for range 20 {
		var info jixiao.EvaluationInfo
		if code := b.call(t, "GET", fmt.Sprintf("/api/v1/evaluations/%d", s.eval), nil, &info); code != http.StatusOK {
			time.Sleep(100 * time.Millisecond)
			continue
		}
		if info.Status == jixiao.StatusSubmitted {
			return
		}
		code, _, msg := b.do(t, "POST", fmt.Sprintf("/api/v1/evaluations/%d/submit", s.eval),
			map[string]any{"version": info.Version, "override": map[string]string{"reason": "集群测试：仍要提交"}}, nil)
		switch code {
		case http.StatusOK:
			s.answered = true
			return
		case 0, http.StatusConflict, http.StatusBadGateway:
		default:
			t.Errorf("%s submits: %d %s", s.user, code, msg)
			return
		}
	}
	t.Errorf("%s could not submit", s.user)
}

// check: the evaluation was submitted exactly once.
func (s *submitter) check(t *testing.T, db *sqlstore.DB) {
	var n int
	if err := db.SQL().QueryRow("SELECT count(*) FROM transitions WHERE evaluation_id = $1 AND to_status = $2", s.eval, string(jixiao.StatusSubmitted)).Scan(&n); err != nil {
		t.Fatal(err)
	}
	var status string
	db.SQL().QueryRow("SELECT status FROM evaluations WHERE id = $1", s.eval).Scan(&status)
	if n != 1 || status != string(jixiao.StatusSubmitted) {
		t.Errorf("%s: %d submissions stored, status %s; want one, submitted", s.user, n, status)
	}
	if !s.answered {
		t.Logf("%s: the submission's answer was lost; the data shows it", s.user)
	}
}

// lockedWriter keeps a process's output while the test may read it.
type lockedWriter struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (l *lockedWriter) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.buf.Write(p)
}

func (l *lockedWriter) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.buf.String()
}
