package riverjobs_test

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"path/filepath"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"jixiao"
	"jixiao/internal/riverjobs"
	"jixiao/internal/sqlstore"
	"jixiao/internal/sqlstore/sqltest"
)

// engines runs fn on SQLite and, when the test server is there, on
// PostgreSQL, with the DSN of a new database: each open of it is another
// server.
func engines(t *testing.T, fn func(t *testing.T, dsn string)) {
	t.Run("sqlite", func(t *testing.T) { fn(t, filepath.Join(t.TempDir(), "jixiao.db")) })
	if dsn := sqltest.PostgresDSN(t); dsn != "" {
		t.Run("postgres", func(t *testing.T) { fn(t, sqltest.EmptyPostgres(t, dsn)) })
	}
}

// server opens the database of dsn as a server does: its own connections.
func server(t *testing.T, dsn string) *sqlstore.DB {
	t.Helper()
	db, err := sqlstore.OpenWith(context.Background(), dsn, sqlstore.Options{Create: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if _, err := db.SQL().Exec(`CREATE TABLE IF NOT EXISTS side_effects (job_id BIGINT NOT NULL, attempt INTEGER NOT NULL)`); err != nil {
		t.Fatal(err)
	}
	return db
}

// payload is the test jobs' argument.
type payload struct {
	// FailFirst makes the first attempt fail (an internal error).
	FailFirst bool `json:"fail_first"`
	// Invalid fails every attempt with an error that trying again cannot
	// mend.
	Invalid bool `json:"invalid"`
	// N tells apart jobs that are otherwise the same.
	N int `json:"n"`
}

// counting is a handler that records one side effect per attempt that
// succeeds, in the database, with its progress.
func counting(db *sql.DB) jixiao.JobHandler {
	return func(ctx context.Context, run *jixiao.JobRun) (*jixiao.JobOutput, error) {
		var p payload
		if err := json.Unmarshal(run.Args, &p); err != nil {
			return nil, err
		}
		if err := run.Progress(ctx, 50, "处理中"); err != nil {
			return nil, err
		}
		if p.Invalid {
			return nil, jixiao.Errorf(jixiao.EINVALID, "案例有误")
		}
		if p.FailFirst && run.Attempt == 1 {
			return nil, fmt.Errorf("first attempt fails")
		}
		if _, err := db.ExecContext(ctx, `INSERT INTO side_effects (job_id, attempt) VALUES ($1, $2)`, run.ID, run.Attempt); err != nil {
			return nil, err
		}
		return &jixiao.JobOutput{Name: fmt.Sprintf("结果%d.txt", run.ID), ContentType: "text/plain", Data: fmt.Appendf(nil, "job %d", run.ID)}, nil
	}
}

// quiet drops River's log.
var quiet = slog.New(slog.NewTextHandler(io.Discard, nil))

func newQueue(t *testing.T, db *sqlstore.DB) *riverjobs.Queue {
	t.Helper()
	q, err := riverjobs.New(db.SQL(), db.Dialect(), map[string]jixiao.JobHandler{"count": counting(db.SQL())},
		riverjobs.Config{PollInterval: 50 * time.Millisecond, Logger: quiet})
	if err != nil {
		t.Fatal(err)
	}
	return q
}

func start(t *testing.T, q *riverjobs.Queue) {
	t.Helper()
	if err := q.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { stop(t, q) })
}

func stop(t *testing.T, q *riverjobs.Queue) {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := q.Stop(ctx); err != nil {
		t.Error(err)
	}
}

// wait polls job id until it has finished (failing the test after a
// minute).
func wait(t *testing.T, q *riverjobs.Queue, id int64) *jixiao.Job {
	t.Helper()
	deadline := time.Now().Add(time.Minute)
	for {
		j, err := q.Job(context.Background(), id)
		if err != nil {
			t.Fatal(err)
		}
		if j.Finished() {
			return j
		}
		if time.Now().After(deadline) {
			t.Fatalf("job %d not finished: %+v", id, j)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func sideEffects(t *testing.T, db *sqlstore.DB, id int64) int {
	t.Helper()
	var n int
	if err := db.SQL().QueryRow(`SELECT count(*) FROM side_effects WHERE job_id = $1`, id).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// TestJobSurvivesRestart enqueues a job on a server that stops before
// doing it; a new server on the same database does it, once, and its
// result and progress are there for any server.
func TestJobSurvivesRestart(t *testing.T) {
	engines(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		db1 := server(t, dsn)
		q1 := newQueue(t, db1)
		if err := q1.Start(ctx); err != nil {
			t.Fatal(err)
		}
		stop(t, q1)
		j, err := q1.Enqueue(ctx, "count", 7, payload{})
		if err != nil {
			t.Fatal(err)
		}
		if j.State != jixiao.JobQueued || j.UserID != 7 || j.Status != "排队等候" {
			t.Fatalf("new job: %+v", j)
		}
		db1.Close()

		db2 := server(t, dsn)
		q2 := newQueue(t, db2)
		start(t, q2)
		done := wait(t, q2, j.ID)
		if done.State != jixiao.JobDone || done.Percent != 100 || done.Status != "已完成" || done.ResultName != fmt.Sprintf("结果%d.txt", j.ID) {
			t.Fatalf("after restart: %+v", done)
		}
		if n := sideEffects(t, db2, j.ID); n != 1 {
			t.Errorf("job done %d times", n)
		}
		out, err := q2.Output(ctx, j.ID)
		if err != nil {
			t.Fatal(err)
		}
		if string(out.Data) != fmt.Sprintf("job %d", j.ID) || out.ContentType != "text/plain" || done.ResultSize != int64(len(out.Data)) {
			t.Errorf("output %q (%s), size %d", out.Data, out.ContentType, done.ResultSize)
		}
	})
}

// TestJobsDoneOnceByTwoServers has two servers on one database do many
// jobs: every job is done exactly once.
func TestJobsDoneOnceByTwoServers(t *testing.T) {
	engines(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		dbs := []*sqlstore.DB{server(t, dsn), server(t, dsn)}
		qs := []*riverjobs.Queue{newQueue(t, dbs[0]), newQueue(t, dbs[1])}
		const n = 60
		ids := make([]int64, n)
		for i := range ids {
			j, err := qs[i%2].Enqueue(ctx, "count", 1, payload{N: i})
			if err != nil {
				t.Fatal(err)
			}
			ids[i] = j.ID
		}
		var wg sync.WaitGroup
		for _, q := range qs {
			wg.Go(func() { start(t, q) })
		}
		wg.Wait()
		for _, id := range ids {
			if j := wait(t, qs[0], id); j.State != jixiao.JobDone {
				t.Errorf("job %d: %+v", id, j)
			}
		}
		var total, jobs, twice int
		if err := dbs[0].SQL().QueryRow(`SELECT count(*), count(DISTINCT job_id) FROM side_effects`).Scan(&total, &jobs); err != nil {
			t.Fatal(err)
		}
		if err := dbs[0].SQL().QueryRow(`SELECT count(*) FROM (SELECT job_id FROM side_effects GROUP BY job_id HAVING count(*) > 1) d`).Scan(&twice); err != nil {
			t.Fatal(err)
		}
		if total != n || jobs != n || twice != 0 {
			t.Errorf("%d side effects of %d jobs (%d done more than once), want %d of %d", total, jobs, twice, n, n)
		}
	})
}

// TestJobRetried has a job fail on its first attempt: River tries it again
// after its back-off, and the second attempt succeeds.
func TestJobRetried(t *testing.T) {
	engines(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		db := server(t, dsn)
		q := newQueue(t, db)
		j, err := q.Enqueue(ctx, "count", 1, payload{FailFirst: true})
		if err != nil {
			t.Fatal(err)
		}
		if j.MaxAttempts != riverjobs.DefaultMaxAttempts {
			t.Errorf("max attempts %d", j.MaxAttempts)
		}
		start(t, q)
		done := wait(t, q, j.ID)
		if done.State != jixiao.JobDone || done.Attempt != 2 || done.Error != "" {
			t.Fatalf("after a failed attempt: %+v", done)
		}
		var attempt int
		if err := db.SQL().QueryRow(`SELECT attempt FROM side_effects WHERE job_id = $1`, j.ID).Scan(&attempt); err != nil || attempt != 2 {
			t.Errorf("side effect of attempt %d (%v), want 2", attempt, err)
		}
	})
}

// TestJobFailsForGood has a job fail with an error that another attempt
// cannot mend: it fails at once, with the reason in Chinese.
func TestJobFailsForGood(t *testing.T) {
	engines(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		db := server(t, dsn)
		q := newQueue(t, db)
		start(t, q)
		j, err := q.Enqueue(ctx, "count", 1, payload{Invalid: true})
		if err != nil {
			t.Fatal(err)
		}
		done := wait(t, q, j.ID)
		if done.State != jixiao.JobFailed || done.Attempt != 1 || done.Error != "案例有误" {
			t.Fatalf("%+v", done)
		}
		if _, err := q.Output(ctx, j.ID); jixiao.ErrorCode(err) != jixiao.ENOTFOUND {
			t.Errorf("output of a failed job: %v", err)
		}
	})
}

// TestCancelQueuedJob cancels a queued job: it never runs, while a job
// queued after it does.
func TestCancelQueuedJob(t *testing.T) {
	engines(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		db := server(t, dsn)
		q := newQueue(t, db)
		j, err := q.Enqueue(ctx, "count", 1, payload{})
		if err != nil {
			t.Fatal(err)
		}
		c, err := q.Cancel(ctx, j.ID)
		if err != nil {
			t.Fatal(err)
		}
		if c.State != jixiao.JobCancelled {
			t.Fatalf("cancelled job: %+v", c)
		}
		later, err := q.Enqueue(ctx, "count", 1, payload{N: 1})
		if err != nil {
			t.Fatal(err)
		}
		start(t, q)
		if d := wait(t, q, later.ID); d.State != jixiao.JobDone {
			t.Fatalf("later job: %+v", d)
		}
		if c, err := q.Job(ctx, j.ID); err != nil || c.State != jixiao.JobCancelled {
			t.Errorf("cancelled job now %+v (%v)", c, err)
		}
		if n := sideEffects(t, db, j.ID); n != 0 {
			t.Errorf("cancelled job ran %d times", n)
		}
		if _, err := q.Job(ctx, 999999); jixiao.ErrorCode(err) != jixiao.ENOTFOUND {
			t.Errorf("missing job: %v", err)
		}
	})
}

// TestSameJobOnce enqueues the same job twice while it waits: the second
// request gets the first job. Each user's unfinished jobs are counted.
func TestSameJobOnce(t *testing.T) {
	engines(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		db := server(t, dsn)
		q := newQueue(t, db)
		a, err := q.Enqueue(ctx, "count", 3, payload{N: 1})
		if err != nil {
			t.Fatal(err)
		}
		b, err := q.Enqueue(ctx, "count", 3, payload{N: 1})
		if err != nil {
			t.Fatal(err)
		}
		c, err := q.Enqueue(ctx, "count", 4, payload{N: 1})
		if err != nil {
			t.Fatal(err)
		}
		if a.ID != b.ID || c.ID == a.ID {
			t.Errorf("jobs %d, %d (same), %d (another user's)", a.ID, b.ID, c.ID)
		}
		for user, want := range map[int64]int{3: 1, 4: 1, 5: 0} {
			if n, err := q.Unfinished(ctx, user); err != nil || n != want {
				t.Errorf("user %d: %d unfinished (%v), want %d", user, n, err, want)
			}
		}
		start(t, q)
		wait(t, q, a.ID)
		if n, err := q.Unfinished(ctx, 3); err != nil || n != 0 {
			t.Errorf("after the job: %d unfinished (%v)", n, err)
		}
		d, err := q.Enqueue(ctx, "count", 3, payload{N: 1})
		if err != nil || d.ID == a.ID {
			t.Errorf("the same job after the first ended: %+v (%v)", d, err)
		}
	})
}

// BenchmarkJobs enqueues 100 jobs and waits until one server has done
// them all: the time per job includes River's polling (50 ms here) and
// the writes of progress and result.
func BenchmarkJobs(b *testing.B) {
	for _, engine := range []string{"sqlite", "postgres"} {
		b.Run(engine, func(b *testing.B) {
			dsn := filepath.Join(b.TempDir(), "jixiao.db")
			if engine == "postgres" {
				if dsn = sqltest.PostgresDSN(b); dsn == "" {
					b.Skip("no PostgreSQL (JIXIAO_TEST_POSTGRES_DSN)")
				}
				dsn = sqltest.EmptyPostgres(b, dsn)
			}
			db, err := sqlstore.OpenWith(context.Background(), dsn, sqlstore.Options{Create: true})
			if err != nil {
				b.Fatal(err)
			}
			defer db.Close()
			if _, err := db.SQL().Exec(`CREATE TABLE side_effects (job_id BIGINT NOT NULL, attempt INTEGER NOT NULL)`); err != nil {
				b.Fatal(err)
			}
			q, err := riverjobs.New(db.SQL(), db.Dialect(), map[string]jixiao.JobHandler{"count": counting(db.SQL())},
				riverjobs.Config{PollInterval: 50 * time.Millisecond, Workers: 4, Logger: quiet})
			if err != nil {
				b.Fatal(err)
			}
			ctx := context.Background()
			if err := q.Start(ctx); err != nil {
				b.Fatal(err)
			}
			defer q.Stop(ctx)
			const n = 100
			b.ResetTimer()
			for i := range b.N {
				ids := make([]int64, n)
				for k := range ids {
					j, err := q.Enqueue(ctx, "count", 1, payload{N: i*n + k})
					if err != nil {
						b.Fatal(err)
					}
					ids[k] = j.ID
				}
				for _, id := range ids {
					for {
						j, err := q.Job(ctx, id)
						if err != nil {
							b.Fatal(err)
						}
						if j.Finished() {
							break
						}
						time.Sleep(5 * time.Millisecond)
					}
				}
			}
			b.ReportMetric(float64(b.Elapsed().Milliseconds())/float64(b.N*n), "ms/job")
		})
	}
}

// TestCleanForgetsResultsOfDeletedJobs: the progress and result of a job
// River no longer keeps are deleted by the cleaner (run when the server
// starts, then hourly), those of kept jobs stay.
func TestCleanForgetsResultsOfDeletedJobs(t *testing.T) {
	engines(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		db := server(t, dsn)
		q := newQueue(t, db)
		kept, err := q.Enqueue(ctx, "count", 1, payload{})
		if err != nil {
			t.Fatal(err)
		}
		for _, id := range []int64{kept.ID, 424242} {
			if _, err := db.SQL().Exec(`INSERT INTO job_results (job_id, percent, status, updated_at) VALUES ($1, 10, '处理中', 0)`, id); err != nil {
				t.Fatal(err)
			}
		}
		start(t, q)
		wait(t, q, kept.ID)
		deadline := time.Now().Add(time.Minute)
		for {
			var n int
			if err := db.SQL().QueryRow(`SELECT count(*) FROM job_results WHERE job_id = 424242`).Scan(&n); err != nil {
				t.Fatal(err)
			}
			if n == 0 {
				break
			}
			if time.Now().After(deadline) {
				t.Fatal("the result of a job River does not keep was not deleted")
			}
			time.Sleep(50 * time.Millisecond)
		}
		if _, err := q.Output(ctx, kept.ID); err != nil {
			t.Errorf("the result of a kept job: %v", err)
		}
	})
}

// TestCancelRunningJob cancels a job while it runs: it is shown as being
// cancelled, its work is told to stop (its context ends), and it ends
// cancelled.
func TestCancelRunningJob(t *testing.T) {
	engines(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		db := server(t, dsn)
		running := make(chan struct{})
		var once sync.Once
		q, err := riverjobs.New(db.SQL(), db.Dialect(), map[string]jixiao.JobHandler{"block": func(ctx context.Context, run *jixiao.JobRun) (*jixiao.JobOutput, error) {
			once.Do(func() { close(running) })
			select {
			case <-ctx.Done():
				return nil, ctx.Err()
			case <-time.After(time.Minute):
				return &jixiao.JobOutput{}, nil
			}
		}}, riverjobs.Config{PollInterval: 50 * time.Millisecond, Logger: quiet})
		if err != nil {
			t.Fatal(err)
		}
		j, err := q.Enqueue(ctx, "block", 1, nil)
		if err != nil {
			t.Fatal(err)
		}
		start(t, q)
		<-running
		c, err := q.Cancel(ctx, j.ID)
		if err != nil {
			t.Fatal(err)
		}
		if c.State == jixiao.JobRunning && (!c.Cancelling || c.Status != "正在取消…") {
			t.Errorf("running job asked to stop: %+v", c)
		}
		if d := wait(t, q, j.ID); d.State != jixiao.JobCancelled {
			t.Errorf("cancelled running job ended %+v", d)
		}
	})
}

// TestRunningJobSurvivesStop stops a server while a job runs: the job is
// given the stop's time, then told to stop and put back in the queue, and
// a new server does it again from the start.
func TestRunningJobSurvivesStop(t *testing.T) {
	engines(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		running := make(chan struct{})
		var runs atomic.Int32
		handler := func(ctx context.Context, run *jixiao.JobRun) (*jixiao.JobOutput, error) {
			if runs.Add(1) == 1 {
				close(running)
				<-ctx.Done() // works until the server stops it
				return nil, ctx.Err()
			}
			return &jixiao.JobOutput{Name: "结果.txt", ContentType: "text/plain", Data: []byte("ok")}, nil
		}
		open := func() *riverjobs.Queue {
			db := server(t, dsn)
			q, err := riverjobs.New(db.SQL(), db.Dialect(), map[string]jixiao.JobHandler{"work": handler}, riverjobs.Config{PollInterval: 50 * time.Millisecond, Logger: quiet})
			if err != nil {
				t.Fatal(err)
			}
			return q
		}
		q1 := open()
		j, err := q1.Enqueue(ctx, "work", 1, nil)
		if err != nil {
			t.Fatal(err)
		}
		if err := q1.Start(ctx); err != nil {
			t.Fatal(err)
		}
		<-running
		sctx, cancel := context.WithTimeout(ctx, 200*time.Millisecond)
		err = q1.Stop(sctx)
		cancel()
		if err != nil {
			t.Fatal(err)
		}
		// River puts the interrupted job back in the queue; the attempt
		// does not count.
		if s, err := q1.Job(ctx, j.ID); err != nil || s.State != jixiao.JobQueued || s.Attempt != 0 {
			t.Fatalf("job of a stopped server: %+v (%v)", s, err)
		}
		q2 := open()
		start(t, q2)
		if d := wait(t, q2, j.ID); d.State != jixiao.JobDone || d.Attempt != 1 || runs.Load() != 2 {
			t.Errorf("after the restart: %+v, %d runs", d, runs.Load())
		}
	})
}

// TestJobInput enqueues a job with an input file: its handler reads it,
// and it is dropped once the job is done.
func TestJobInput(t *testing.T) {
	engines(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		db := server(t, dsn)
		q, err := riverjobs.New(db.SQL(), db.Dialect(), map[string]jixiao.JobHandler{"echo": func(ctx context.Context, run *jixiao.JobRun) (*jixiao.JobOutput, error) {
			return &jixiao.JobOutput{Name: "回声.bin", ContentType: "application/octet-stream", Data: run.Input}, nil
		}}, riverjobs.Config{PollInterval: 50 * time.Millisecond, Logger: quiet})
		if err != nil {
			t.Fatal(err)
		}
		input := []byte("上传的文件\x00\xff")
		j, err := q.EnqueueInput(ctx, "echo", 1, map[string]string{"sha256": "x"}, input)
		if err != nil {
			t.Fatal(err)
		}
		start(t, q)
		if d := wait(t, q, j.ID); d.State != jixiao.JobDone {
			t.Fatalf("%+v", d)
		}
		out, err := q.Output(ctx, j.ID)
		if err != nil || !bytes.Equal(out.Data, input) {
			t.Fatalf("output %q (%v), want the input %q", out.Data, err, input)
		}
		var kept bool
		if err := db.SQL().QueryRow(`SELECT input IS NOT NULL FROM job_results WHERE job_id = $1`, j.ID).Scan(&kept); err != nil || kept {
			t.Errorf("input kept after the job: %v (%v)", kept, err)
		}
	})
}

// TestSpooledOutput: a handler writes a result larger than a part (and
// than MaxOutput could be kept whole) to the spool, after a first attempt
// that wrote some and failed: the file read back, part by part, is exactly
// the second attempt's, with the size the job reports; the job's parts go
// when River no longer keeps it.
func TestSpooledOutput(t *testing.T) {
	engines(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		db := server(t, dsn)
		// 9 MiB and a bit, of a pattern that tells the attempts apart.
		file := func(attempt int) []byte {
			b := make([]byte, 9<<20+123)
			for i := range b {
				b[i] = byte(i*7 + attempt)
			}
			return b
		}
		q, err := riverjobs.New(db.SQL(), db.Dialect(), map[string]jixiao.JobHandler{"big": func(ctx context.Context, run *jixiao.JobRun) (*jixiao.JobOutput, error) {
			data := file(run.Attempt)
			if run.Attempt == 1 {
				run.Spool.Write(data[:5<<20])
				return nil, fmt.Errorf("first attempt fails")
			}
			for len(data) > 0 { // in uneven writes
				n := min(len(data), 1<<20+17)
				if _, err := run.Spool.Write(data[:n]); err != nil {
					return nil, err
				}
				data = data[n:]
			}
			return &jixiao.JobOutput{Name: "大文件.zip", ContentType: "application/zip", Note: "已完成，共 1 份"}, nil
		}}, riverjobs.Config{PollInterval: 50 * time.Millisecond, Logger: quiet})
		if err != nil {
			t.Fatal(err)
		}
		j, err := q.Enqueue(ctx, "big", 1, map[string]int{"n": 1})
		if err != nil {
			t.Fatal(err)
		}
		// A part of a job River no longer keeps: the cleaner (run when the
		// queue starts) drops it.
		if _, err := db.SQL().Exec(`INSERT INTO job_parts (job_id, seq, data) VALUES (424243, 0, $1)`, []byte("x")); err != nil {
			t.Fatal(err)
		}
		start(t, q)
		d := wait(t, q, j.ID)
		want := file(2)
		if d.State != jixiao.JobDone || d.Attempt != 2 || d.ResultSize != int64(len(want)) || d.Status != "已完成，共 1 份" {
			t.Fatalf("job %+v", d)
		}
		out, err := q.Output(ctx, j.ID)
		if err != nil || out.Body == nil || out.Data != nil || out.Size != int64(len(want)) || out.Name != "大文件.zip" {
			t.Fatalf("output %+v (%v)", out, err)
		}
		got, err := io.ReadAll(out.Body)
		if err != nil || !bytes.Equal(got, want) {
			t.Fatalf("read back %d bytes (%v), want the second attempt's %d", len(got), err, len(want))
		}
		var parts int
		db.SQL().QueryRow(`SELECT count(*) FROM job_parts WHERE job_id = $1`, j.ID).Scan(&parts)
		if parts != 3 {
			t.Errorf("%d parts, want 3 (of 4 MiB)", parts)
		}
		for deadline := time.Now().Add(time.Minute); ; time.Sleep(50 * time.Millisecond) {
			db.SQL().QueryRow(`SELECT count(*) FROM job_parts WHERE job_id = 424243`).Scan(&parts)
			if parts == 0 {
				break
			}
			if time.Now().After(deadline) {
				t.Fatal("the part of a job River does not keep was not deleted")
			}
		}
	})
}

// TestPeriodicJobOnceAcrossServers starts two servers with the same
// periodic job (run on start, then hourly): River's leader alone enqueues
// it, so it runs once, not once per server. After both stop, a server
// that starts runs it again.
func TestPeriodicJobOnceAcrossServers(t *testing.T) {
	engines(t, func(t *testing.T, dsn string) {
		periodic := func(db *sqlstore.DB) *riverjobs.Queue {
			q, err := riverjobs.New(db.SQL(), db.Dialect(), map[string]jixiao.JobHandler{"count": counting(db.SQL())},
				riverjobs.Config{PollInterval: 50 * time.Millisecond, Logger: quiet, Periodic: map[string]time.Duration{"count": time.Hour}})
			if err != nil {
				t.Fatal(err)
			}
			return q
		}
		dbs := []*sqlstore.DB{server(t, dsn), server(t, dsn)}
		qs := []*riverjobs.Queue{periodic(dbs[0]), periodic(dbs[1])}
		for _, q := range qs {
			if err := q.Start(context.Background()); err != nil {
				t.Fatal(err)
			}
		}
		// runs waits until n runs are recorded and returns the jobs of the
		// kind River holds.
		runs := func(n int) int {
			t.Helper()
			deadline := time.Now().Add(time.Minute)
			for {
				var done, jobs int
				if err := dbs[0].SQL().QueryRow(`SELECT count(*) FROM side_effects`).Scan(&done); err != nil {
					t.Fatal(err)
				}
				if err := dbs[0].SQL().QueryRow(`SELECT count(*) FROM river_job WHERE kind = 'count'`).Scan(&jobs); err != nil {
					t.Fatal(err)
				}
				if done >= n {
					return jobs
				}
				if time.Now().After(deadline) {
					t.Fatalf("%d runs after a minute, want %d", done, n)
				}
				time.Sleep(50 * time.Millisecond)
			}
		}
		if jobs := runs(1); jobs != 1 {
			t.Errorf("%d periodic jobs enqueued by two servers, want 1", jobs)
		}
		for _, q := range qs {
			stop(t, q)
		}
		q := periodic(server(t, dsn))
		start(t, q)
		if jobs := runs(2); jobs != 2 {
			t.Errorf("%d periodic jobs after a restart, want 2", jobs)
		}
	})
}
