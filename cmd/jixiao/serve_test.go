package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"jixiao/internal/sqlstore/sqltest"
)

// TestServeDemo starts `jixiao serve --demo` as a user would, signs in as
// the bureau's reviewer, reads the reference case's scorecard, and stops
// the server with SIGTERM.
func TestServeDemo(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	cmd := exec.Command(binary(t), "serve", "--demo", "--addr", "127.0.0.1:0")
	stdout, _ := cmd.StdoutPipe()
	var logs bytes.Buffer
	cmd.Stderr = &logs
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer cmd.Process.Kill()
	lines := bufio.NewScanner(stdout)
	var printed strings.Builder
	var base string
	for lines.Scan() {
		printed.WriteString(lines.Text() + "\n")
		if m := regexp.MustCompile(`已启动：(http://\S+)/`).FindStringSubmatch(lines.Text()); m != nil {
			base = m[1]
		}
		if strings.Contains(lines.Text(), "Ctrl+C") {
			break
		}
	}
	go io.Copy(io.Discard, stdout)
	if base == "" {
		t.Fatalf("no URL printed:\n%s\n%s", printed.String(), logs.String())
	}
	for _, want := range []string{"石家庄市财政局", "参考报告", "reviewer", "preparer", "approver", "evaluator", "auditor", "admin", "jixiao-demo"} {
		if !strings.Contains(printed.String(), want) {
			t.Errorf("start-up message lacks %q:\n%s", want, printed.String())
		}
	}

	if r, err := http.Get(base + "/healthz"); err != nil || r.StatusCode != 200 {
		t.Fatalf("healthz: %v %v", r, err)
	}
	// The web application answers: the front page asks to sign in.
	r, err := http.Get(base + "/")
	if err != nil {
		t.Fatal(err)
	}
	page, _ := io.ReadAll(r.Body)
	r.Body.Close()
	if r.StatusCode != 200 || !strings.Contains(string(page), "登录 jixiao 绩效") || r.Request.URL.Path != "/login" {
		t.Errorf("front page: %d %s", r.StatusCode, r.Request.URL)
	}
	jar, _ := cookiejar.New(nil)
	client := &http.Client{Jar: jar, Timeout: 30 * time.Second}
	post := func(path string, body any) *http.Response {
		data, _ := json.Marshal(body)
		r, err := client.Post(base+path, "application/json", bytes.NewReader(data))
		if err != nil {
			t.Fatal(err)
		}
		return r
	}
	if r := post("/api/v1/login", map[string]string{"username": "reviewer", "password": "jixiao-demo"}); r.StatusCode != 200 {
		t.Fatalf("login: %d", r.StatusCode)
	}
	var list struct {
		Items []struct {
			ID      int64  `json:"id"`
			OrgName string `json:"org_name"`
		} `json:"items"`
		Total int `json:"total"`
	}
	r, err = client.Get(base + "/api/v1/evaluations")
	if err != nil {
		t.Fatal(err)
	}
	json.NewDecoder(r.Body).Decode(&list)
	r.Body.Close()
	var ref int64
	for _, e := range list.Items {
		if e.OrgName == "石家庄市自然资源和规划局" {
			ref = e.ID
		}
	}
	if list.Total < 4 || ref == 0 {
		t.Fatalf("demo evaluations: %+v", list)
	}
	r, err = client.Get(base + "/api/v1/evaluations/" + strconv.FormatInt(ref, 10) + "/scorecard")
	if err != nil {
		t.Fatal(err)
	}
	var sc struct {
		Total json.Number `json:"total"`
		Grade string      `json:"grade"`
	}
	json.NewDecoder(r.Body).Decode(&sc)
	r.Body.Close()
	if sc.Total != "96.00" || sc.Grade != "优秀" {
		t.Errorf("reference scorecard in the demo: %s %s", sc.Total, sc.Grade)
	}

	// A bureau in the middle of a year: open tasks, overdue ones escalated
	// to it (in its inbox and its notices), a monitoring round with
	// warnings.
	getJSON := func(path string, v any) {
		t.Helper()
		r, err := client.Get(base + path)
		if err != nil {
			t.Fatal(err)
		}
		defer r.Body.Close()
		if r.StatusCode != 200 {
			t.Fatalf("%s: %d", path, r.StatusCode)
		}
		if err := json.NewDecoder(r.Body).Decode(v); err != nil {
			t.Fatalf("%s: %v", path, err)
		}
	}
	var inbox struct {
		Items []struct {
			Reason    string `json:"reason"`
			Escalated bool   `json:"escalated"`
		} `json:"items"`
	}
	getJSON("/api/v1/inbox", &inbox)
	overdue := 0
	for _, it := range inbox.Items {
		if it.Reason == "overdue" && it.Escalated {
			overdue++
		}
	}
	if overdue == 0 {
		t.Errorf("the bureau's inbox has no overdue task: %+v", inbox.Items)
	}
	var notices struct {
		Items []struct {
			Kind    string `json:"kind"`
			Message string `json:"message"`
		} `json:"items"`
	}
	getJSON("/api/v1/notices", &notices)
	kinds := map[string]int{}
	for _, n := range notices.Items {
		kinds[n.Kind]++
	}
	if kinds["escalate"] == 0 || kinds["monitor-escalate"] == 0 {
		t.Errorf("the demo's notices at start: %v", kinds)
	}
	var rounds struct {
		Items []struct {
			ID int64 `json:"id"`
		} `json:"items"`
	}
	getJSON("/api/v1/monitoring/rounds", &rounds)
	if len(rounds.Items) != 1 {
		t.Fatalf("demo rounds: %+v", rounds)
	}
	var round struct {
		Red     int `json:"red"`
		Pending int `json:"pending"`
		Overdue int `json:"overdue"`
	}
	getJSON("/api/v1/monitoring/rounds/"+strconv.FormatInt(rounds.Items[0].ID, 10), &round)
	if round.Red == 0 || round.Pending == 0 || round.Overdue == 0 {
		t.Errorf("the demo round: %+v", round)
	}

	// The server does background jobs: a re-scoring of the bureau's
	// evaluations, followed until it is done.
	r = post("/api/v1/rescore-jobs", nil)
	var job struct {
		ID         int64  `json:"id"`
		State      string `json:"state"`
		ResultName string `json:"result_name"`
	}
	json.NewDecoder(r.Body).Decode(&job)
	r.Body.Close()
	if r.StatusCode != http.StatusAccepted || job.ID == 0 {
		t.Fatalf("rescore job: %d %+v", r.StatusCode, job)
	}
	for deadline := time.Now().Add(time.Minute); job.State != "done"; time.Sleep(100 * time.Millisecond) {
		if time.Now().After(deadline) || job.State == "failed" || job.State == "cancelled" {
			t.Fatalf("rescore job: %+v", job)
		}
		r, err := client.Get(base + "/api/v1/jobs/" + strconv.FormatInt(job.ID, 10))
		if err != nil {
			t.Fatal(err)
		}
		json.NewDecoder(r.Body).Decode(&job)
		r.Body.Close()
	}
	if job.ResultName != "重新评分结果.csv" {
		t.Errorf("rescore job done: %+v", job)
	}

	// SIGTERM: the server shuts down gracefully and exits 0.
	cmd.Process.Signal(syscall.SIGTERM)
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("exit after SIGTERM: %v\n%s", err, logs.String())
		}
	case <-time.After(30 * time.Second):
		t.Fatal("server did not stop within 30 s of SIGTERM")
	}
	if !strings.Contains(logs.String(), "shutting down") || !strings.Contains(logs.String(), "status=200") {
		t.Errorf("structured logs:\n%s", logs.String())
	}
}

// TestServeRefusesReplicaOfSQLite: a read replica needs PostgreSQL; with
// a SQLite database the server does not start, and says why in Chinese.
func TestServeRefusesReplicaOfSQLite(t *testing.T) {
	db := filepath.Join(t.TempDir(), "jixiao.db")
	out, errs, status := runCLI(t, "serve", "--init", "--db", db, "--db-read", "postgres://jixiao@127.0.0.1:1/jixiao")
	if status != exitInput || out != "" || !strings.Contains(errs, "只能配合 PostgreSQL 主库使用：当前数据库是 SQLite 文件，没有只读副本") {
		t.Errorf("status %d, stdout %q, stderr %q", status, out, errs)
	}
	if _, err := os.Stat(db); !os.IsNotExist(err) {
		t.Errorf("the database was created: %v", err)
	}
}

// TestServeReadReplica starts the server on a PostgreSQL primary with the
// test's streaming replica as --db-read: it attaches the replica, answers,
// and stops on SIGTERM.
func TestServeReadReplica(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	dsn, replica := sqltest.PostgresDSN(t), sqltest.ReplicaDSN(t)
	if dsn == "" || replica == "" {
		t.Skip("no PostgreSQL server with a streaming replica")
	}
	primary := sqltest.EmptyPostgres(t, dsn)
	p, _ := url.Parse(primary)
	r, _ := url.Parse(replica)
	r.Path = p.Path // the same database on the replica
	cmd := exec.Command(binary(t), "serve", "--init", "--db", primary, "--db-read", r.String(), "--addr", "127.0.0.1:0")
	stdout, _ := cmd.StdoutPipe()
	var logs syncBuffer
	cmd.Stderr = &logs
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer cmd.Process.Kill()
	lines := bufio.NewScanner(stdout)
	var base string
	for lines.Scan() {
		if m := regexp.MustCompile(`已启动：(http://\S+)/`).FindStringSubmatch(lines.Text()); m != nil {
			base = m[1]
			break
		}
	}
	go io.Copy(io.Discard, stdout)
	if base == "" {
		t.Fatalf("no URL printed:\n%s", logs.String())
	}
	if !strings.Contains(logs.String(), "read replica attached") {
		t.Errorf("no replica in the log:\n%s", logs.String())
	}
	if r, err := http.Get(base + "/healthz"); err != nil || r.StatusCode != 200 {
		t.Fatalf("healthz: %v %v", r, err)
	}
	cmd.Process.Signal(syscall.SIGTERM)
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("exit after SIGTERM: %v\n%s", err, logs.String())
		}
	case <-time.After(30 * time.Second):
		t.Fatal("server did not stop within 30 s of SIGTERM")
	}
}

// syncBuffer is a bytes.Buffer safe for a process's writes and the test's
// reads at once.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// TestServeMonitoringFiles reads the server's calendar and warning rules
// (--calendar, --monitor-rules) and refuses a bad file before the database
// is created, with the reader's Chinese error naming the file.
func TestServeMonitoringFiles(t *testing.T) {
	dir := t.TempDir()
	good := filepath.Join(dir, "county.yaml")
	if err := os.WriteFile(good, []byte("name: county\ntitle: 某县工作日历\nyears:\n  - year: 2026\n    source: 某县通知\n    holidays:\n      - {name: 防汛调休, from: 2026-08-10, to: 2026-08-10}\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	c := &serveCmd{Calendar: good, MonitorRules: "sichuan-2025"}
	cal, rules, err := c.monitoring()
	if err != nil || cal.Name != "county" || rules.Name != "sichuan-2025" {
		t.Fatalf("read %v %v %v", cal, rules, err)
	}
	bad := filepath.Join(dir, "bad.yaml")
	if err := os.WriteFile(bad, []byte("name: county\nyears:\n  - year: 2026\n    holidays:\n      - {name: 防汛调休, from: 2026-08-12, to: 2026-08-10}\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{{"--calendar", bad}, {"--monitor-rules", bad}, {"--calendar", filepath.Join(dir, "none.yaml")}} {
		db := filepath.Join(t.TempDir(), "jixiao.db")
		out, errs, status := runCLI(t, append([]string{"serve", "--init", "--db", db}, args...)...)
		if status == 0 || out != "" || !strings.Contains(errs, filepath.Base(args[1])) || !(strings.Contains(errs, "错误") || strings.Contains(errs, "无法打开日历文件")) {
			t.Errorf("%v: status %d, stdout %q, stderr %q", args, status, out, errs)
		}
		if _, err := os.Stat(db); !os.IsNotExist(err) {
			t.Errorf("%v: the database was created: %v", args, err)
		}
	}
}
