package web_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"strconv"
	"testing"
	"time"

	"github.com/alexedwards/scs/v2"

	"jixiao"
	"jixiao/internal/app"
	"jixiao/internal/auth"
	"jixiao/internal/demo"
	"jixiao/internal/server"
	"jixiao/internal/sqlstore/sqltest"
	"jixiao/internal/web"
)

// BenchmarkBureauPage measures the finance bureau's overview (table and
// charts) over JIXIAO_BENCH_DEPARTMENTS generated departments (default
// 1000) with two years of evaluations each. The first view scores and
// checks every evaluation (its time is logged); the benchmark measures the
// views after it, which recompute only what changed.
//
//	go test ./internal/web -run '^$' -bench BureauPage -benchtime 20x
func BenchmarkBureauPage(b *testing.B) {
	n := 1000
	if s := os.Getenv("JIXIAO_BENCH_DEPARTMENTS"); s != "" {
		n, _ = strconv.Atoi(s)
	}
	ctx := context.Background()
	db := sqltest.SQLite(b)
	fast := auth.Params{Memory: 1024, Time: 1, Threads: 1}
	start := time.Now()
	if _, err := demo.Load(ctx, db, demo.Options{Hash: fast, Synthetic: n}); err != nil {
		b.Fatal(err)
	}
	a := app.New(db)
	a.Hash = fast
	logger := slog.New(slog.NewTextHandler(io.Discard, nil))
	h, err := server.Handler(server.Config{Evaluations: a, Users: a, SessionStore: db, Logger: logger,
		Pages: func(s *scs.SessionManager) (http.Handler, error) {
			return web.New(web.Config{Evaluations: a, Users: a, Sessions: s, Logger: logger})
		}})
	if err != nil {
		b.Fatal(err)
	}
	srv := httptest.NewServer(h)
	defer srv.Close()
	b.Logf("%d departments (%d evaluations) loaded in %v", n, 2*n+4, time.Since(start).Round(time.Millisecond))
	secret, _, err := a.CreateToken(jixiao.WithUser(ctx, &jixiao.User{ID: reviewerID(b, a)}), "bench")
	if err != nil {
		b.Fatal(err)
	}
	get := func() int {
		req, _ := http.NewRequest("GET", srv.URL+"/bureau?year=2024", nil)
		req.Header.Set("Authorization", "Bearer "+secret)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			b.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 200 {
			b.Fatalf("bureau: %d", resp.StatusCode)
		}
		return len(body)
	}
	t0 := time.Now()
	size := get()
	b.Logf("first view: %v, %d KiB", time.Since(t0).Round(time.Millisecond), size>>10)
	b.ResetTimer()
	for range b.N {
		get()
	}
	b.ReportMetric(float64(size>>10), "KiB/page")
}

func reviewerID(b *testing.B, a *app.App) int64 {
	u, _, err := a.Store().UserByName(context.Background(), "reviewer")
	if err != nil {
		b.Fatal(fmt.Errorf("reviewer: %w", err))
	}
	return u.ID
}
