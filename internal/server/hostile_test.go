package server_test

import (
	"bytes"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/netip"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/alexedwards/scs/v2"
	"github.com/alexedwards/scs/v2/memstore"

	"jixiao"
	"jixiao/examples"
	"jixiao/internal/api"
	"jixiao/internal/server"
	"jixiao/internal/testutil"
)

// The hostile-input suite: what an attacker sends, and what the server
// must answer. Memory is asserted on the heap the request needed at once
// (testutil.PeakHeap), never on time.

// bombs are request bodies that cost a parser far more than their size.
var bombs = map[string][]byte{
	"json-arrays-1e5":  []byte(strings.Repeat("[", 100_000)),
	"json-objects-1e5": []byte(strings.Repeat(`{"a":`, 100_000)),
	"yaml-seqs-1e5":    []byte(strings.Repeat("- ", 100_000) + "x"),
	"yaml-indent-2000": []byte(staircase(2000)),
}

func staircase(n int) string {
	var b strings.Builder
	for i := range n {
		b.WriteString(strings.Repeat(" ", i) + "k:\n")
	}
	return b.String()
}

// maxBombHeap is what refusing one bomb may take: the body itself and the
// guard's constant state, with room for the server's other work (before
// the guard, one 200 KB body took 13 GB).
const maxBombHeap = 32 << 20

// TestBombsToEveryRoute sends each bomb to every route that takes a body,
// as a signed-in administrator (who passes every permission check), and
// as nobody to the public ones: each is refused with the reason, within a
// bounded heap.
func TestBombsToEveryRoute(t *testing.T) {
	f := newFixture(t, false)
	routes := (&api.API{}).Routes()
	n := 0
	for _, rt := range routes {
		if rt.Method != http.MethodPost && rt.Method != http.MethodPut {
			continue
		}
		path := strings.NewReplacer("{id}", fmt.Sprint(f.recs["D1"].eval), "{eval}", fmt.Sprint(f.recs["D1"].eval)).Replace(rt.Path)
		if rt.Path == "/evaluations/{id}/case" {
			path += "?revision=1"
		}
		if rt.Path == "/rule-files" {
			path += "?kind=calendar"
		}
		switch {
		case strings.HasPrefix(rt.Path, "/indicators/"):
			path = strings.Replace(rt.Path, "{id}", fmt.Sprint(f.recs["D1"].indicator), 1)
		case strings.HasPrefix(rt.Path, "/goals/"):
			path = strings.Replace(rt.Path, "{id}", fmt.Sprint(f.recs["D1"].goal), 1)
		case strings.HasPrefix(rt.Path, "/projects/"):
			path = strings.Replace(rt.Path, "{id}", fmt.Sprint(f.recs["D1"].project), 1)
		case strings.HasPrefix(rt.Path, "/declarations/{id}"):
			path = strings.Replace(rt.Path, "{id}", fmt.Sprint(f.recs["D1"].decl), 1)
		case strings.HasPrefix(rt.Path, "/users/"):
			path = strings.Replace(rt.Path, "{id}", fmt.Sprint(f.users["auditor"].ID), 1)
		case strings.HasPrefix(rt.Path, "/library/{code}"):
			path = strings.Replace(rt.Path, "{code}", "GX-0001", 1)
		}
		for name, body := range bombs {
			for _, user := range []string{"admin", ""} {
				if user == "" && !rt.Public {
					continue
				}
				var r response
				heap := testutil.PeakHeap(func() { r = f.do(user, rt.Method, api.Prefix+path, body) })
				n++
				if heap > maxBombHeap {
					t.Errorf("%s %s (%s, %q): peak heap %d MiB", rt.Method, rt.Path, name, user, heap>>20)
				}
				if !refused(rt, user, r) {
					t.Errorf("%s %s (%s, %q): %d %.300s", rt.Method, rt.Path, name, user, r.Status, r.Body)
				}
			}
		}
	}
	t.Logf("%d bombs sent", n)
}

// refused says whether r is the right refusal of a bomb on rt: the
// document's nesting named (or, for an anonymous request, its size), or,
// for routes that take no document, their own refusal.
func refused(rt api.Route, user string, r response) bool {
	msg := string(r.Body)
	switch {
	case rt.Path == "/import-jobs": // the job reads it (TestImportJob: a bomb fails there)
		return r.Status == 202
	case rt.Path == "/declarations/{id}/baseline": // takes no body; the fixture's declaration has nothing approved
		return r.Status == 400 && strings.Contains(msg, "没有已批复的版本")
	case rt.Path == "/monitoring/entries/{id}/report-jobs" || rt.Path == "/monitoring/rounds/{id}/report-jobs" || rt.Path == "/recheck/samples/{id}/rectifications":
		// Take no body; the fixture has no such monitoring entry or sample.
		return r.Status == 404
	case rt.Path == "/results-application/report-jobs": // takes no body; refused for want of its year
		return r.Status == 400 && strings.Contains(msg, "查询参数 year")
	case rt.Path == "/evaluations/{id}/rectifications": // takes no body; the fixture's evaluation is a draft
		return r.Status == 400 && strings.Contains(msg, "尚未提交")
	case rt.Path == "/evaluations/{id}/review-rectifications": // takes no body; the fixture's evaluation was never returned
		return r.Status == 400 && strings.Contains(msg, "没有退回时的审核意见")
	case rt.Body == nil: // takes no body (logout, starting a job, cancelling one): the body is not read
		return r.Status == 200 || r.Status == 202
	case rt.Path == "/report-audits": // text: it is read as a (strange) report
		return r.Status == 200 || (r.Status == 400 && strings.Contains(msg, "UTF-8"))
	case rt.Path == "/evaluations/{id}/files":
		return r.Status == 400 && strings.Contains(msg, "multipart")
	case rt.Path == "/rectifications/{id}/files":
		// Multipart; the fixture has no such rectification item, refused
		// before the body is read (TestRectificationFiles bounds the files).
		return r.Status == 404 || r.Status == 400 && strings.Contains(msg, "multipart")
	case user == "" && len(msg) > 0 && strings.Contains(msg, "上限为 8 千字节"):
		return r.Status == 400
	}
	return r.Status == 400 && (strings.Contains(msg, "嵌套层数超过") || strings.Contains(msg, "上限为"))
}

// TestLargeBodiesRefusedByRoute: each route reads at most its limit, and
// says which; a request without a user may send 8 KiB.
func TestLargeBodiesRefusedByRoute(t *testing.T) {
	f := newFixture(t, false)
	big := func(n int) []byte { return []byte(`{"name": "` + strings.Repeat("x", n) + `"}`) }
	cases := []struct {
		user, method, path string
		body               []byte
		status             int
		want               string
	}{
		{"", "POST", "/login", big(20 << 10), 400, "上限为 8 千字节"},
		{"admin", "PUT", fmt.Sprintf("/indicators/%d", f.recs["D1"].indicator), big(2 << 20), 400, "此接口的上限为 1 兆字节"},
		{"admin", "POST", fmt.Sprintf("/evaluations/%d/projects", f.recs["D1"].eval), big(5 << 20), 400, "此接口的上限为 4 兆字节"},
		{"admin", "POST", "/evaluations", big(17 << 20), 400, "此接口的上限为 16 兆字节"},
		// A flat array of values: small enough in bytes, too many values.
		{"admin", "POST", "/evaluations", []byte("[" + strings.Repeat("1,", 300_000) + "1]"), 400, "包含的值超过 250000 个"},
	}
	for _, c := range cases {
		var r response
		heap := testutil.PeakHeap(func() { r = f.do(c.user, c.method, api.Prefix+c.path, c.body) })
		if r.Status != c.status || !strings.Contains(string(r.Body), c.want) {
			t.Errorf("%s %s (%d bytes): %d %.200s", c.method, c.path, len(c.body), r.Status, r.Body)
		}
		if limit := uint64(len(c.body))*3 + 16<<20; heap > limit {
			t.Errorf("%s %s: peak heap %d MiB for a %d MiB body", c.method, c.path, heap>>20, len(c.body)>>20)
		}
	}
}

// TestDeletedRecordsStayInTheirBureau: a department of one bureau deletes
// an indicator and a draft evaluation; a department of another bureau then
// creates records. No id comes back, and no history of the deleted records
// is shown to the other bureau (in the API and in the audit of records).
func TestDeletedRecordsStayInTheirBureau(t *testing.T) {
	f := newFixture(t, false)
	ctx := t.Context()
	admin := jixiao.WithUser(ctx, f.users["admin"])
	other, err := f.app.CreateUser(admin, &jixiao.User{Username: "preparer3", Role: jixiao.RolePreparer, OrgID: f.orgs["D3"].ID}, password)
	if err != nil {
		t.Fatal(err)
	}
	secret, _, err := f.app.CreateToken(jixiao.WithUser(ctx, other), "测试")
	if err != nil {
		t.Fatal(err)
	}
	f.tokens["preparer3"] = secret

	// Bureau 1's department makes a secret indicator and deletes it.
	var made jixiao.IndicatorRecord
	r := f.do("preparer", "POST", fmt.Sprintf("/api/v1/evaluations/%d/indicators", f.recs["D1"].eval),
		map[string]any{"goal_id": f.recs["D1"].goal, "indicator": map[string]any{"name": "机密指标甲", "target": "1项"}})
	if r.Status != 200 {
		t.Fatalf("create: %d %s", r.Status, r.Body)
	}
	r.json(t, &made)
	if r := f.do("preparer", "DELETE", fmt.Sprintf("/api/v1/indicators/%d?version=%d", made.ID, made.Version), nil); r.Status != 200 {
		t.Fatalf("delete: %d %s", r.Status, r.Body)
	}
	// Bureau 2's department makes an indicator: it gets a new id.
	var mine jixiao.IndicatorRecord
	r = f.do("preparer3", "POST", fmt.Sprintf("/api/v1/evaluations/%d/indicators", f.recs["D3"].eval),
		map[string]any{"goal_id": f.recs["D3"].goal, "indicator": map[string]any{"name": "我的指标", "target": "1项"}})
	if r.Status != 200 {
		t.Fatalf("create: %d %s", r.Status, r.Body)
	}
	r.json(t, &mine)
	if mine.ID <= made.ID {
		t.Errorf("new indicator %d, deleted %d: an id came back", mine.ID, made.ID)
	}
	for _, id := range []int64{mine.ID, made.ID} {
		r := f.do("preparer3", "GET", fmt.Sprintf("/api/v1/audit?entity=indicator&entity_id=%d", id), nil)
		if strings.Contains(string(r.Body), "机密指标甲") {
			t.Errorf("history of indicator %d shows bureau 1's deleted indicator", id)
		}
	}
	if r := f.do("preparer3", "GET", fmt.Sprintf("/api/v1/audit?entity=indicator&entity_id=%d", made.ID), nil); r.Status != 404 {
		t.Errorf("deleted indicator's history: %d", r.Status)
	}

	// The same with a draft evaluation, deleted whole.
	ref := mustRead(t, "project-training-2024.yaml")
	var draft jixiao.EvaluationInfo
	r = f.do("preparer", "POST", "/api/v1/evaluations", bytes.ReplaceAll(ref, []byte("职业技能培训补贴项目"), []byte("机密项目乙")))
	if r.Status != 200 {
		t.Fatalf("import: %d %s", r.Status, r.Body)
	}
	r.json(t, &draft)
	if r := f.do("preparer", "DELETE", fmt.Sprintf("/api/v1/evaluations/%d?version=%d", draft.ID, draft.Version), nil); r.Status != 200 {
		t.Fatalf("delete draft: %d %s", r.Status, r.Body)
	}
	var theirs jixiao.EvaluationInfo
	r = f.do("preparer3", "POST", "/api/v1/evaluations", ref)
	if r.Status != 200 {
		t.Fatalf("import: %d %s", r.Status, r.Body)
	}
	r.json(t, &theirs)
	if theirs.ID <= draft.ID {
		t.Errorf("new evaluation %d, deleted %d: an id came back", theirs.ID, draft.ID)
	}
	for _, path := range []string{fmt.Sprintf("/api/v1/evaluations/%d/audit", theirs.ID), fmt.Sprintf("/api/v1/audit?entity=evaluation&entity_id=%d", theirs.ID)} {
		r := f.do("preparer3", "GET", path, nil)
		if r.Status != 200 || strings.Contains(string(r.Body), "机密项目乙") {
			t.Errorf("%s: %d, shows the deleted draft: %v", path, r.Status, strings.Contains(string(r.Body), "机密项目乙"))
		}
	}
	// An attempt on bureau 1's evaluation is refused as if it did not
	// exist, and written to the audit log.
	if r := f.do("preparer3", "GET", fmt.Sprintf("/api/v1/evaluations/%d", f.recs["D1"].eval), nil); r.Status != 404 {
		t.Errorf("another bureau's evaluation: %d", r.Status)
	}
	var log api.List[*jixiao.AuditEntry]
	f.do("auditor", "GET", fmt.Sprintf("/api/v1/audit?user=%d&entity=org", other.ID), nil).json(t, &log)
	if log.Total == 0 || log.Items[0].Action != "refused" || !strings.Contains(log.Items[0].New, "404") {
		t.Errorf("refusals audited: %+v", log.Items)
	}
}

func mustRead(t *testing.T, name string) []byte {
	t.Helper()
	data, err := examples.FS.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// TestThrottleCannotLockOut plays the lockout abuse behind a reverse
// proxy: an attacker fails many sign-ins, for many users and for one; the
// other users behind the same proxy sign in, and the attacked user signs
// in from a browser that signed in before, or after a short wait.
func TestThrottleCannotLockOut(t *testing.T) {
	f := newFixture(t, false)
	now := time.Unix(1_900_000_000, 0)
	var mu sync.Mutex
	clock := func() time.Time { mu.Lock(); defer mu.Unlock(); return now }
	advance := func(d time.Duration) { mu.Lock(); now = now.Add(d); mu.Unlock() }
	f.app.Accounts.Now, f.app.Addresses.Now, f.app.DeviceThrottle.Now = clock, clock, clock
	h, err := server.Handler(server.Config{Evaluations: f.app, Users: f.app, SessionStore: f.db, Logger: slog.New(slog.NewTextHandler(io.Discard, nil)),
		TrustedProxies: []netip.Prefix{netip.MustParsePrefix("127.0.0.0/8")}})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(h)
	defer srv.Close()
	type browser struct{ c *http.Client }
	newBrowser := func() *browser {
		jar, _ := cookiejar.New(nil)
		return &browser{c: &http.Client{Jar: jar}}
	}
	login := func(b *browser, from, user, pw string) response {
		t.Helper()
		req, _ := http.NewRequest("POST", srv.URL+"/api/v1/login", strings.NewReader(fmt.Sprintf(`{"username":%q,"password":%q}`, user, pw)))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("X-Forwarded-For", from)
		resp, err := b.c.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		data, _ := io.ReadAll(resp.Body)
		return response{Status: resp.StatusCode, Body: data}
	}
	owner := newBrowser()
	if r := login(owner, "198.51.100.7", "approver", password); r.Status != 200 {
		t.Fatalf("owner's first sign-in: %d %s", r.Status, r.Body)
	}
	attacker := newBrowser()
	// 60 failures from one address, each for another user name (password
	// spraying).
	for i := range 60 {
		advance(2 * time.Minute) // the attacker waits out every delay
		login(attacker, "203.0.113.9", fmt.Sprintf("user%d", i), "wrong-password-1")
	}
	r := login(attacker, "203.0.113.9", "user99", "wrong-password-1")
	if r.Status != 429 {
		t.Errorf("the spraying address is not slowed down: %d %s", r.Status, r.Body)
	}
	// Behind the same proxy, another person signs in at once.
	if r := login(newBrowser(), "198.51.100.20", "reviewer", password); r.Status != 200 {
		t.Errorf("another address behind the proxy: %d %s", r.Status, r.Body)
	}
	// A client that is not the proxy cannot choose its address: its
	// X-Forwarded-For is ignored (tested on clientAddress).

	// 30 failures for the owner's name, from several addresses.
	for i := range 30 {
		login(attacker, fmt.Sprintf("203.0.113.%d", 10+i%5), "approver", "wrong-password-2")
	}
	r = login(newBrowser(), "198.51.100.7", "approver", password)
	if r.Status != 429 {
		t.Errorf("the guessed name is not slowed down: %d %s", r.Status, r.Body)
	}
	// The owner's own browser signs in; the name's wait is short.
	if r := login(owner, "198.51.100.7", "approver", password); r.Status != 200 {
		t.Errorf("owner from a known browser: %d %s", r.Status, r.Body)
	}
	advance(2 * time.Minute)
	if r := login(newBrowser(), "198.51.100.8", "approver", password); r.Status != 200 {
		t.Errorf("owner from a new browser after two minutes: %d %s", r.Status, r.Body)
	}
	// Every attempt is in the audit log.
	var log api.List[*jixiao.AuditEntry]
	f.do("auditor", "GET", "/api/v1/audit?entity=user&per_page=500", nil).json(t, &log)
	count := map[string]int{}
	for _, e := range log.Items {
		count[e.Action]++
	}
	if count["login"] != 4 || count["login_failed"] < 60 || count["login_throttled"] < 2 {
		t.Errorf("audited sign-ins: %v", count)
	}
}

// TestPasswordChangeEndsOtherSessions: two browsers and a token of one
// user; a password change in one browser ends the other browser's session
// and the token, and the browser that changed it carries on.
func TestPasswordChangeEndsOtherSessions(t *testing.T) {
	f := newFixture(t, false)
	browser := func() *http.Client { jar, _ := cookiejar.New(nil); return &http.Client{Jar: jar} }
	call := func(c *http.Client, method, path, body string) int {
		t.Helper()
		req, _ := http.NewRequest(method, f.srv.URL+path, strings.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		resp, err := c.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	a, b := browser(), browser()
	for _, c := range []*http.Client{a, b} {
		if st := call(c, "POST", "/api/v1/login", fmt.Sprintf(`{"username":"auditor","password":%q}`, password)); st != 200 {
			t.Fatalf("login %d", st)
		}
	}
	if st := call(a, "POST", "/api/v1/me/password", fmt.Sprintf(`{"old_password":%q,"new_password":"晚风-吹过-柳树梢头"}`, password)); st != 200 {
		t.Fatalf("change: %d", st)
	}
	if st := call(a, "GET", "/api/v1/me", ""); st != 200 {
		t.Errorf("the browser that changed it: %d", st)
	}
	if st := call(b, "GET", "/api/v1/me", ""); st != 401 {
		t.Errorf("the other browser: %d", st)
	}
	if r := f.do("auditor", "GET", "/api/v1/me", nil); r.Status != 401 {
		t.Errorf("the token: %d", r.Status)
	}
	// An administrator ends the user's remaining session.
	if r := f.do("admin", "DELETE", fmt.Sprintf("/api/v1/users/%d/sessions", f.users["auditor"].ID), nil); r.Status != 200 {
		t.Fatalf("end sessions: %d %s", r.Status, r.Body)
	}
	if st := call(a, "GET", "/api/v1/me", ""); st != 401 {
		t.Errorf("after the administrator ended it: %d", st)
	}
}

func TestClientAddress(t *testing.T) {
	trusted, err := server.ParseProxies([]string{"10.0.0.0/8", "192.0.2.1"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := server.ParseProxies([]string{"not-an-address"}); err == nil || !strings.Contains(err.Error(), "可信代理") {
		t.Errorf("bad proxy: %v", err)
	}
	cases := []struct{ peer, xff, want string }{
		{"198.51.100.1:5000", "203.0.113.5", "198.51.100.1:5000"}, // not a proxy: its claim is ignored
		{"10.1.2.3:5000", "203.0.113.5", "203.0.113.5:0"},
		{"10.1.2.3:5000", "1.1.1.1, 203.0.113.5", "203.0.113.5:0"}, // the client's own claim is left of the proxy's
		{"10.1.2.3:5000", "203.0.113.5, 10.9.9.9", "203.0.113.5:0"},
		{"192.0.2.1:5000", "203.0.113.5, 192.0.2.1", "203.0.113.5:0"},
		{"10.1.2.3:5000", "", "10.1.2.3:5000"},
		{"10.1.2.3:5000", "garbage", "10.1.2.3:5000"},
		{"[::ffff:10.1.2.3]:5000", "2001:db8::1", "[2001:db8::1]:0"},
	}
	for _, c := range cases {
		var got string
		h, err := server.Handler(server.Config{SessionStore: memstore.New(), TrustedProxies: trusted, Logger: slog.New(slog.NewTextHandler(io.Discard, nil)),
			Pages: func(*scs.SessionManager) (http.Handler, error) {
				return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { got = r.RemoteAddr }), nil
			}})
		if err != nil {
			t.Fatal(err)
		}
		req := httptest.NewRequest("GET", "/x", nil)
		req.RemoteAddr = c.peer
		if c.xff != "" {
			req.Header.Set("X-Forwarded-For", c.xff)
		}
		h.ServeHTTP(httptest.NewRecorder(), req)
		if got != c.want {
			t.Errorf("peer %s, X-Forwarded-For %q: %q, want %q", c.peer, c.xff, got, c.want)
		}
	}
}
