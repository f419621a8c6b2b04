package web_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"os"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/alexedwards/scs/v2"

	"jixiao"
	"jixiao/internal/app"
	"jixiao/internal/auth"
	"jixiao/internal/demo"
	"jixiao/internal/server"
	"jixiao/internal/sqlstore"
	"jixiao/internal/sqlstore/sqltest"
	"jixiao/internal/synth"
	"jixiao/internal/testutil"
	"jixiao/internal/web"
)

// smallProvince is the default size of BenchmarkProvince, small enough for
// CI's one run of every benchmark; `make bench-province` sets the full size
// with JIXIAO_BENCH_PROVINCE.
var smallProvince = synth.ProvinceSize{Units: 20, Projects: 60, Indicators: 600, Years: 2}

// BenchmarkProvince measures a generated province (JIXIAO_BENCH_PROVINCE
// "units,projects,indicators,years", default 20,60,600,2) on each database:
//
//   - load: storing it (batched transactions): seconds, evaluations and
//     indicator rows per second;
//   - overview-first: the province finance department's roll-up page
//     (逐级汇总) on a server that has computed nothing yet (every
//     evaluation of the year scored and checked), with the peak heap;
//   - overview-restart: the same on a server started afterwards, which
//     reads the summaries stored by the first;
//   - overview-later and bureau-later: the roll-up and the bureau's full
//     list on a warm server (p50, p99);
//   - scorecard-N and save-N: N concurrent clients (8, 32, 64) reading
//     scorecards of random units, and preparers saving indicators of their
//     own units (p50, p99, req/s); JIXIAO_BENCH_REQUESTS requests in each
//     (default 2 per client);
//   - rescore: every evaluation of every year scored and checked on a new
//     server, the stored summaries deleted first (evaluations/s, peak
//     heap, and the process's peak RSS so far).
//
// Every sub-benchmark does its work once per iteration, so that
// `-benchtime 1x` runs each once:
//
//	JIXIAO_BENCH_PROVINCE=1500,18000,300000,3 go test ./internal/web -run '^$' -bench Province -benchtime 1x
func BenchmarkProvince(b *testing.B) {
	z := smallProvince
	if s := os.Getenv("JIXIAO_BENCH_PROVINCE"); s != "" {
		var err error
		if z, err = synth.ParseProvinceSize(s); err != nil {
			b.Fatal(err)
		}
	}
	requests := 0
	if s := os.Getenv("JIXIAO_BENCH_REQUESTS"); s != "" {
		requests, _ = strconv.Atoi(s)
	}
	b.Logf("province: %d units, %d projects, %d indicator rows a year (%d projects × %d indicators per unit), %d years",
		z.Units, z.Units*z.ProjectsPerUnit(), z.Rows(), z.ProjectsPerUnit(), z.IndicatorsPerProject(), z.Years)
	for _, engine := range []string{"sqlite", "postgres"} {
		b.Run(engine, func(b *testing.B) {
			open := func() *sqlstore.DB { return sqltest.SQLite(b) }
			if engine == "postgres" {
				dsn := sqltest.PostgresDSN(b)
				if dsn == "" {
					b.Skip("JIXIAO_TEST_POSTGRES_DSN is not set")
				}
				open = func() *sqlstore.DB { return sqltest.Postgres(b, dsn) }
			}
			benchProvince(b, z, open, requests)
		})
	}
}

// provinceServer is a server (API and pages) on a loaded province.
type provinceServer struct {
	app    *app.App
	srv    *httptest.Server
	tokens map[int64]string // by user
}

func newProvinceServer(b testing.TB, db *sqlstore.DB, p *demo.Province) *provinceServer {
	b.Helper()
	a := app.New(db)
	a.Hash = fastHash
	logger := slog.New(slog.NewTextHandler(io.Discard, nil))
	h, err := server.Handler(server.Config{Evaluations: a, Users: a, SessionStore: db, Logger: logger,
		Pages: func(s *scs.SessionManager) (http.Handler, error) {
			return web.New(web.Config{Evaluations: a, Users: a, Sessions: s, Logger: logger})
		}})
	if err != nil {
		b.Fatal(err)
	}
	ps := &provinceServer{app: a, srv: httptest.NewServer(h), tokens: map[int64]string{}}
	b.Cleanup(ps.srv.Close)
	for _, u := range append([]*jixiao.User{p.Reviewer}, p.Preparers...) {
		secret, _, err := a.CreateToken(jixiao.WithUser(context.Background(), u), "bench")
		if err != nil {
			b.Fatal(err)
		}
		ps.tokens[u.ID] = secret
	}
	return ps
}

var fastHash = auth.Params{Memory: 1024, Time: 1, Threads: 1}

var benchClient = &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 128}}

// send makes one request; an answer other than 200 is an error of the
// benchmark (and nil). It may be called from the clients' goroutines.
func (ps *provinceServer) send(b testing.TB, user *jixiao.User, method, path string, body []byte) []byte {
	req, _ := http.NewRequest(method, ps.srv.URL+path, bytes.NewReader(body))
	req.Header.Set("Authorization", "Bearer "+ps.tokens[user.ID])
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := benchClient.Do(req)
	if err != nil {
		b.Error(err)
		return nil
	}
	defer resp.Body.Close()
	data, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != 200 {
		b.Errorf("%s %s: %d %.300s", method, path, resp.StatusCode, data)
		return nil
	}
	return data
}

func benchProvince(b *testing.B, z synth.ProvinceSize, open func() *sqlstore.DB, requests int) {
	ctx := context.Background()
	var db *sqlstore.DB
	var p *demo.Province
	b.Run("load", func(b *testing.B) {
		var took time.Duration
		for range b.N {
			db = open()
			t0 := time.Now()
			var err error
			if p, err = demo.LoadProvince(ctx, db, z, demo.ProvinceOptions{Hash: fastHash}); err != nil {
				b.Fatal(err)
			}
			took += time.Since(t0)
		}
		per := took.Seconds() / float64(b.N)
		b.ReportMetric(per, "load-s")
		b.ReportMetric(float64(z.Units*z.Years)/per, "evals/s")
		b.ReportMetric(float64(z.Rows()*z.Years)/per, "rows/s")
	})
	if p == nil {
		b.Fatal("the province was not loaded")
	}
	last := p.Years[len(p.Years)-1]
	levels := fmt.Sprintf("/bureau/levels?year=%d", last)

	b.Run("overview-first", func(b *testing.B) {
		var took time.Duration
		var heap uint64
		for range b.N {
			ps := newProvinceServer(b, db, p) // nothing computed yet
			heap = max(heap, testutil.PeakHeap(func() {
				t0 := time.Now()
				ps.send(b, p.Reviewer, "GET", levels, nil)
				took += time.Since(t0)
			}))
		}
		b.ReportMetric(float64(took.Milliseconds())/float64(b.N), "first-ms")
		b.ReportMetric(float64(heap)/(1<<20), "peak-heap-MB")
	})
	// A server started after the summaries were stored (a restart, or
	// another server on the database) reads them.
	b.Run("overview-restart", func(b *testing.B) {
		var took time.Duration
		for range b.N {
			ps := newProvinceServer(b, db, p)
			t0 := time.Now()
			ps.send(b, p.Reviewer, "GET", levels, nil)
			took += time.Since(t0)
			if n := ps.app.SummariesComputed(); n != 0 {
				b.Errorf("a server started after the summaries were stored computed %d", n)
			}
		}
		b.ReportMetric(float64(took.Milliseconds())/float64(b.N), "first-ms")
	})

	// A warm server: the bureau's list summarises every year's
	// evaluations (its year filter applies after), the roll-up the last
	// year's.
	ps := newProvinceServer(b, db, p)
	bureau := fmt.Sprintf("/bureau?year=%d", last)
	ps.send(b, p.Reviewer, "GET", bureau, nil)
	for _, page := range []struct{ name, path string }{{"overview-later", levels}, {"bureau-later", bureau}} {
		b.Run(page.name, func(b *testing.B) {
			var lat testutil.Latencies
			start := time.Now()
			for range max(b.N, 5) {
				t0 := time.Now()
				ps.send(b, p.Reviewer, "GET", page.path, nil)
				lat.Add(time.Since(t0))
			}
			lat.Report(b, time.Since(start))
		})
	}

	evals := p.Evaluations[last]
	for _, clients := range []int{8, 32, 64} {
		n := func(bN int) int { return max(bN, requests, 2*clients) }
		b.Run(fmt.Sprintf("scorecard-%d", clients), func(b *testing.B) {
			total := n(b.N)
			var lat testutil.Latencies
			var next atomic.Int64
			var wg sync.WaitGroup
			start := time.Now()
			for c := range clients {
				wg.Go(func() {
					rng := rand.New(rand.NewPCG(uint64(c), 7))
					for next.Add(1) <= int64(total) {
						e := evals[rng.IntN(len(evals))]
						t0 := time.Now()
						ok := ps.send(b, p.Reviewer, "GET", fmt.Sprintf("/api/v1/evaluations/%d/scorecard", e), nil) != nil
						lat.Add(time.Since(t0))
						if !ok {
							return
						}
					}
				})
			}
			wg.Wait()
			lat.Report(b, time.Since(start))
		})
		b.Run(fmt.Sprintf("save-%d", clients), func(b *testing.B) {
			// Client c is preparer c mod P, saving its own indicator: the
			// (c div P)-th of its unit's evaluation of the last year.
			type target struct {
				user    *jixiao.User
				path    string
				version int64
				in      map[string]json.RawMessage
			}
			ts := make([]*target, clients)
			for c := range clients {
				k := c % len(p.Preparers)
				ins, err := db.Indicators(ctx, evals[p.PreparerUnit[k]])
				if err != nil {
					b.Fatal(err)
				}
				t := &target{user: p.Preparers[k], path: fmt.Sprintf("/api/v1/indicators/%d", ins[(c/len(p.Preparers))%len(ins)].ID)}
				var rec struct {
					Version   int64                      `json:"version"`
					Indicator map[string]json.RawMessage `json:"indicator"`
				}
				if err := json.Unmarshal(ps.send(b, t.user, "GET", t.path, nil), &rec); err != nil {
					b.Fatal(err)
				}
				t.version, t.in = rec.Version, rec.Indicator
				ts[c] = t
			}
			total := n(b.N)
			var lat testutil.Latencies
			var next atomic.Int64
			var wg sync.WaitGroup
			start := time.Now()
			for c := range clients {
				wg.Go(func() {
					t := ts[c]
					for i := 0; next.Add(1) <= int64(total); i++ {
						t.in["improvement"], _ = json.Marshal(fmt.Sprintf("第%d次修改", i))
						body, _ := json.Marshal(map[string]any{"version": t.version, "indicator": t.in})
						t0 := time.Now()
						resp := ps.send(b, t.user, "PUT", t.path, body)
						lat.Add(time.Since(t0))
						if resp == nil {
							return
						}
						var saved struct {
							Version int64 `json:"version"`
						}
						json.Unmarshal(resp, &saved)
						t.version = saved.Version
					}
				})
			}
			wg.Wait()
			lat.Report(b, time.Since(start))
		})
	}

	b.Run("rescore", func(b *testing.B) {
		var took time.Duration
		var heap uint64
		count := 0
		for range b.N {
			a := app.New(db) // nothing cached, nothing stored
			if err := db.ForgetSummaries(ctx); err != nil {
				b.Fatal(err)
			}
			as := jixiao.WithUser(ctx, p.Reviewer)
			heap = max(heap, testutil.PeakHeap(func() {
				t0 := time.Now()
				ss, _, err := a.Summaries(as, jixiao.EvaluationFilter{Limit: z.Units * z.Years})
				took += time.Since(t0)
				if err != nil || len(ss) != z.Units*z.Years || a.SummariesComputed() != int64(len(ss)) {
					b.Fatalf("rescore: %v, %d summaries, %d computed", err, len(ss), a.SummariesComputed())
				}
				count += len(ss)
			}))
		}
		b.ReportMetric(took.Seconds()/float64(b.N), "rescore-s")
		b.ReportMetric(float64(count)/took.Seconds(), "evals/s")
		b.ReportMetric(float64(heap)/(1<<20), "peak-heap-MB")
		b.ReportMetric(float64(testutil.PeakRSS())/(1<<20), "peak-rss-MB")
	})
}
