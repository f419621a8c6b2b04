package server_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/exec"
	"strconv"
	"testing"
	"time"

	"jixiao"
	"jixiao/internal/app"
	"jixiao/internal/demo"
	"jixiao/internal/riverjobs"
	"jixiao/internal/sqlstore"
	"jixiao/internal/sqlstore/sqltest"
)

// BenchmarkBulkJob times a bulk download job (the bureau page's ZIP of
// every evaluation of the reference year, as the bureau's reviewer) from
// its start to its result in the database, on the demo bureau and on the
// demo bureau with generated departments (JIXIAO_BENCH_BULK, default 196:
// about 200 evaluations a year), on SQLite and PostgreSQL, and reports the
// ZIP's size. PDFs (LibreOffice, about 1.5 s each) are made for the demo
// bureau only, and for the larger one too with JIXIAO_BENCH_BULK_PDF=1.
//
//	go test ./internal/server -run '^$' -bench BulkJob -benchtime 1x
func BenchmarkBulkJob(b *testing.B) {
	synthetic := 196
	if s := os.Getenv("JIXIAO_BENCH_BULK"); s != "" {
		synthetic, _ = strconv.Atoi(s)
	}
	for _, engine := range []string{"sqlite", "postgres"} {
		for _, size := range []int{0, synthetic} {
			b.Run(fmt.Sprintf("%s/departments=%d", engine, 5+size), func(b *testing.B) {
				var db *sqlstore.DB
				if engine == "postgres" {
					dsn := sqltest.PostgresDSN(b)
					if dsn == "" {
						b.Skip("JIXIAO_TEST_POSTGRES_DSN is not set")
					}
					db = sqltest.Postgres(b, dsn)
				} else {
					db = sqltest.SQLite(b)
				}
				ctx := context.Background()
				data, err := demo.Load(ctx, db, demo.Options{Hash: fast, Synthetic: size})
				if err != nil {
					b.Fatal(err)
				}
				a := app.New(db)
				logger := slog.New(slog.NewTextHandler(io.Discard, nil))
				q, err := riverjobs.New(db.SQL(), db.Dialect(), a.JobHandlers(), riverjobs.Config{PollInterval: 20 * time.Millisecond, Logger: logger})
				if err != nil {
					b.Fatal(err)
				}
				a.Jobs = q
				if err := q.Start(ctx); err != nil {
					b.Fatal(err)
				}
				b.Cleanup(func() {
					sctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
					defer cancel()
					q.Stop(sctx)
				})
				reviewer, _, err := db.UserByName(ctx, "reviewer")
				if err != nil {
					b.Fatal(err)
				}
				rctx := jixiao.WithUser(ctx, reviewer)
				year := data.Evaluations[0].Year
				formats := []string{"docx", "xlsx", "html"}
				if _, err := exec.LookPath("soffice"); err == nil && (size == 0 || os.Getenv("JIXIAO_BENCH_BULK_PDF") != "") {
					formats = append(formats, "pdf")
				}
				for _, format := range formats {
					b.Run(format, func(b *testing.B) {
						var j *jixiao.Job
						for b.Loop() {
							if j, err = a.StartBulk(rctx, &jixiao.BulkReports{Format: format, Year: year}); err != nil {
								b.Fatal(err)
							}
							for !j.Finished() {
								time.Sleep(20 * time.Millisecond)
								if j, err = a.Job(rctx, j.ID); err != nil {
									b.Fatal(err)
								}
							}
						}
						if j.State != jixiao.JobDone {
							b.Fatalf("job %+v", j)
						}
						b.ReportMetric(float64(j.ResultSize)/(1<<20), "MiB")
						b.Logf("%s: %s", j.Status, jixiao.SizeText(j.ResultSize))
					})
				}
			})
		}
	}
}
