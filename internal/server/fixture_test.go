package server_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"jixiao"
	"jixiao/examples"
	"jixiao/internal/api"
	"jixiao/internal/app"
	"jixiao/internal/auth"
	"jixiao/internal/caseio"
	"jixiao/internal/riverjobs"
	"jixiao/internal/server"
	"jixiao/internal/sqlstore"
	"jixiao/internal/sqlstore/sqltest"
)

// fast hashes passwords cheaply in tests.
var fast = auth.Params{Memory: 1024, Time: 1, Threads: 1}

const password = "correct-horse-battery"

// fixture is a running server with two bureaus (or a tree of
// organisations), three departments, one evaluation per department, and
// one user per role (or more).
type fixture struct {
	t      testing.TB
	db     *sqlstore.DB
	app    *app.App
	jobs   *riverjobs.Queue
	srv    *httptest.Server
	orgs   map[string]*jixiao.OrgRecord      // by key: B1, B2, D1, D2, D3 (or a tree's)
	evals  map[string]*jixiao.EvaluationInfo // by department
	users  map[string]*jixiao.User           // by username
	tokens map[string]string                 // API token by username
	recs   map[string]records                // by department
	n      int                               // for unique names
}

// records are the IDs of one department's stored records.
type records struct {
	eval, indicator, goal, project, file int64
	decl                                 int64 // a draft declaration
}

// png is a minimal PNG image, an acceptable evidence file.
var png = []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89")

// openStore opens SQLite, or PostgreSQL when pg is set.
func openStore(t testing.TB, pg bool) *sqlstore.DB {
	t.Helper()
	if pg {
		return sqltest.Postgres(t, sqltest.PostgresDSN(t))
	}
	return sqltest.SQLite(t)
}

// orgSpec is an organisation of a fixture: its key (also its code), kind
// and parent's key.
type orgSpec struct {
	key    string
	kind   jixiao.OrgKind
	parent string
}

// userSpec is a user of a fixture: name, role, organisation's key and the
// departments assigned to an evaluator.
type userSpec struct {
	name     string
	role     jixiao.Role
	org      string
	assigned []string
}

// twoBureaus is the plain fixture's tree: D1 and D2 under bureau B1, D3
// under bureau B2.
var twoBureaus = []orgSpec{{"B1", jixiao.OrgBureau, ""}, {"B2", jixiao.OrgBureau, ""},
	{"D1", jixiao.OrgDepartment, "B1"}, {"D2", jixiao.OrgDepartment, "B1"}, {"D3", jixiao.OrgDepartment, "B2"}}

// roleUsers are one user per role, named after it, working at bureau (or
// department dept, or assigned it).
func roleUsers(bureau, dept string) []userSpec {
	return []userSpec{
		{"admin", jixiao.RoleAdmin, bureau, nil},
		{"preparer", jixiao.RolePreparer, dept, nil},
		{"approver", jixiao.RoleApprover, dept, nil},
		{"reviewer", jixiao.RoleReviewer, bureau, nil},
		{"evaluator", jixiao.RoleEvaluator, "", []string{dept}},
		{"auditor", jixiao.RoleAuditor, bureau, nil},
	}
}

func newFixture(t testing.TB, pg bool) *fixture {
	return buildFixture(t, pg, twoBureaus, roleUsers("B1", "D1"))
}

// buildFixture is a running server on the organisations of tree, with one
// evaluation of the reference case in each of D1, D2 and D3 (which tree
// must have), and users.
func buildFixture(t testing.TB, pg bool, tree []orgSpec, users []userSpec) *fixture {
	t.Helper()
	ctx := context.Background()
	db := openStore(t, pg)
	f := &fixture{t: t, db: db, orgs: map[string]*jixiao.OrgRecord{}, evals: map[string]*jixiao.EvaluationInfo{},
		users: map[string]*jixiao.User{}, tokens: map[string]string{}, recs: map[string]records{}}
	sys := &jixiao.User{Username: "fixture"}
	for _, spec := range tree {
		o := &jixiao.OrgRecord{Code: spec.key, Name: spec.key + "单位", Kind: spec.kind}
		if spec.parent != "" {
			o.ParentID = f.orgs[spec.parent].ID
		}
		o, err := db.CreateOrg(ctx, sys, o)
		if err != nil {
			t.Fatal(err)
		}
		f.orgs[spec.key] = o
	}
	ref, err := examples.FS.ReadFile("shijiazhuang-2024.yaml")
	if err != nil {
		t.Fatal(err)
	}
	declYAML, err := examples.FS.ReadFile("declarations/shijiazhuang-2025.yaml")
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range []string{"D1", "D2", "D3"} {
		c, err := caseio.Parse("ref.yaml", ref)
		if err != nil {
			t.Fatal(err)
		}
		// The reference report prints no 成文日期; a department dates its
		// report before submitting it.
		c.Evaluation.Date = "2025-03-20"
		info, err := db.ImportEvaluation(ctx, sys, f.orgs[d].ID, c.Evaluation, false)
		if err != nil {
			t.Fatal(err)
		}
		f.evals[d] = info
		r := records{eval: info.ID}
		ins, err := db.Indicators(ctx, info.ID)
		if err != nil || len(ins) == 0 {
			t.Fatal("indicators", err)
		}
		gs, err := db.Goals(ctx, info.ID)
		if err != nil || len(gs) == 0 {
			t.Fatal("goals", err)
		}
		ps, err := db.Projects(ctx, info.ID)
		if err != nil || len(ps) == 0 {
			t.Fatal("projects", err)
		}
		fi, err := db.SaveFile(ctx, sys, info.ID, "scan.png", "image/png", png)
		if err != nil {
			t.Fatal(err)
		}
		r.indicator, r.goal, r.project, r.file = ins[0].ID, gs[0].ID, ps[0].ID, fi.ID
		df, err := caseio.ParseDeclaration("decl.yaml", declYAML)
		if err != nil {
			t.Fatal(err)
		}
		dr, err := db.CreateDeclaration(ctx, sys, f.orgs[d].ID, df.Declaration)
		if err != nil {
			t.Fatal(err)
		}
		r.decl = dr.ID
		f.recs[d] = r
	}
	f.app = app.New(db)
	f.app.Hash = fast
	hash, _ := auth.Hash(password, fast)
	for _, spec := range users {
		u := &jixiao.User{Username: spec.name, Role: spec.role}
		if spec.org != "" {
			u.OrgID = f.orgs[spec.org].ID
		}
		for _, d := range spec.assigned {
			u.Assigned = append(u.Assigned, f.orgs[d].ID)
		}
		u, err := db.CreateUser(ctx, sys, u, hash)
		if err != nil {
			t.Fatal(err)
		}
		f.users[u.Username] = u
		secret, _, err := f.app.CreateToken(jixiao.WithUser(ctx, u), "测试")
		if err != nil {
			t.Fatal(err)
		}
		f.tokens[u.Username] = secret
	}
	// Jobs are queued, not done: no server of the fixture starts the queue
	// (TestReportJob does).
	if f.jobs, err = riverjobs.New(db.SQL(), db.Dialect(), f.app.JobHandlers(), riverjobs.Config{PollInterval: 50 * time.Millisecond,
		Logger: slog.New(slog.NewTextHandler(io.Discard, nil))}); err != nil {
		t.Fatal(err)
	}
	f.app.Jobs, f.app.ReadCase = f.jobs, api.ReadCase
	h, err := server.Handler(server.Config{Evaluations: f.app, Users: f.app, Jobs: f.app, Tasks: f.app, SessionStore: db, Health: db.Check,
		Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		t.Fatal(err)
	}
	f.srv = httptest.NewServer(h)
	t.Cleanup(f.srv.Close)
	return f
}

// response is a decoded API response.
type response struct {
	Status int
	Body   []byte
}

func (r response) json(t testing.TB, v any) {
	t.Helper()
	if err := json.Unmarshal(r.Body, v); err != nil {
		t.Fatalf("response %d is not JSON: %v\n%s", r.Status, err, r.Body)
	}
}

func (r response) errorCode() string {
	var e struct {
		Error struct{ Code, Message string }
	}
	json.Unmarshal(r.Body, &e)
	return e.Error.Code
}

// do sends a request as user (by token; "" for nobody).
func (f *fixture) do(user, method, path string, body any) response {
	f.t.Helper()
	var rd io.Reader
	ctype := "application/json"
	switch b := body.(type) {
	case nil:
	case []byte:
		rd = bytes.NewReader(b)
		ctype = "application/yaml"
	case *multipart.Writer:
		f.t.Fatal("use upload")
	default:
		data, _ := json.Marshal(b)
		rd = bytes.NewReader(data)
	}
	req, err := http.NewRequest(method, f.srv.URL+path, rd)
	if err != nil {
		f.t.Fatal(err)
	}
	if rd != nil {
		req.Header.Set("Content-Type", ctype)
	}
	if user != "" {
		req.Header.Set("Authorization", "Bearer "+f.tokens[user])
	}
	return f.send(req)
}

func (f *fixture) send(req *http.Request) response {
	f.t.Helper()
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		f.t.Fatal(err)
	}
	defer resp.Body.Close()
	data, _ := io.ReadAll(resp.Body)
	return response{Status: resp.StatusCode, Body: data}
}

// upload sends a file as user.
func (f *fixture) upload(user, path, name string, data []byte) response {
	f.t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	w, _ := mw.CreateFormFile("file", name)
	w.Write(data)
	mw.Close()
	req, _ := http.NewRequest("POST", f.srv.URL+path, &buf)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	if user != "" {
		req.Header.Set("Authorization", "Bearer "+f.tokens[user])
	}
	return f.send(req)
}
