// Package riverjobs keeps jixiao's background jobs in the database with
// River (github.com/riverqueue/river): on SQLite with its SQLite driver, on
// PostgreSQL with its database/sql driver over pgx. Jobs survive a restart,
// are done once however many servers share the database, are retried with
// River's back-off, and can be cancelled. Their progress and result files
// are kept in the table job_results, readable by every server.
//
// The application sees only jixiao.JobQueue and jixiao.JobHandler.
package riverjobs

import (
	"cmp"
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/riverqueue/river"
	"github.com/riverqueue/river/riverdriver"
	"github.com/riverqueue/river/riverdriver/riverdatabasesql"
	"github.com/riverqueue/river/riverdriver/riversqlite"
	"github.com/riverqueue/river/rivertype"

	"jixiao"
)

// Defaults of Config.
const (
	DefaultWorkers     = 2
	DefaultMaxAttempts = 5
	DefaultTimeout     = 30 * time.Minute
	// DefaultKeep is how long a finished job, its progress and its result
	// are kept.
	DefaultKeep = 24 * time.Hour
	// MaxOutput bounds a job's result file.
	MaxOutput = jixiao.MaxJobOutput
)

// Config says how a Queue works.
type Config struct {
	// Workers is how many jobs this server does at once (default 2).
	Workers int
	// MaxAttempts is how many times a failing job is tried (default 5),
	// with River's back-off between attempts (1 s, 16 s, 81 s, 256 s…).
	MaxAttempts int
	// Timeout bounds one attempt (default 30 minutes).
	Timeout time.Duration
	// Keep is how long finished jobs are kept (default 24 hours).
	Keep time.Duration
	// PollInterval is how often the server looks for new jobs (River's
	// default, 1 s, when zero).
	PollInterval time.Duration
	// Periodic names kinds of job (of the handlers) to run every so
	// often, by no user, and once when a server becomes River's leader.
	// River's leader alone enqueues periodic jobs, and a job of a kind is
	// not enqueued while one is unfinished: however many servers share the
	// database, one runs at a time.
	Periodic map[string]time.Duration
	// RetryPolicy replaces River's back-off (tests).
	RetryPolicy river.ClientRetryPolicy
	Logger      *slog.Logger
}

// Queue is a jixiao.JobQueue on River.
type Queue struct {
	db       *sql.DB
	dialect  string
	client   *river.Client[*sql.Tx]
	handlers map[string]jixiao.JobHandler
	logger   *slog.Logger
	now      func() time.Time
}

var _ jixiao.JobQueue = (*Queue)(nil)

// args are the River arguments of every job: its kind (River's kind), its
// user, and the handler's own arguments.
type args struct {
	kind string
	User int64           `json:"user"`
	Data json.RawMessage `json:"data"`
}

func (a args) Kind() string { return a.kind }

// cleanArgs is the periodic job that forgets the progress and results of
// jobs River no longer keeps.
type cleanArgs struct{}

func (cleanArgs) Kind() string { return "jixiao_clean" }

// New returns the queue of the database db of dialect, whose jobs of each
// kind handlers do. It does no job until Start; it can enqueue at once.
func New(db *sql.DB, dialect string, handlers map[string]jixiao.JobHandler, cfg Config) (*Queue, error) {
	if cfg.Workers <= 0 {
		cfg.Workers = DefaultWorkers
	}
	if cfg.MaxAttempts <= 0 {
		cfg.MaxAttempts = DefaultMaxAttempts
	}
	if cfg.Timeout <= 0 {
		cfg.Timeout = DefaultTimeout
	}
	if cfg.Keep <= 0 {
		cfg.Keep = DefaultKeep
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.Default()
	}
	q := &Queue{db: db, dialect: dialect, handlers: handlers, logger: cfg.Logger, now: time.Now}
	workers := river.NewWorkers()
	for kind, h := range handlers {
		river.AddWorkerArgs(workers, args{kind: kind}, &worker{q: q, kind: kind, handle: h, timeout: cfg.Timeout})
	}
	river.AddWorker(workers, river.WorkFunc(func(ctx context.Context, _ *river.Job[cleanArgs]) error {
		return q.clean(ctx)
	}))
	rc := &river.Config{
		Queues:      map[string]river.QueueConfig{river.QueueDefault: {MaxWorkers: cfg.Workers}},
		Workers:     workers,
		MaxAttempts: cfg.MaxAttempts,
		JobTimeout:  cfg.Timeout,
		// A job left running by a server that died (killed, power lost) is
		// taken up again by another once an attempt could no longer be
		// running: a minute after the attempt's bound.
		RescueStuckJobsAfter:        cfg.Timeout + time.Minute,
		CompletedJobRetentionPeriod: cfg.Keep,
		CancelledJobRetentionPeriod: cfg.Keep,
		DiscardedJobRetentionPeriod: cfg.Keep,
		FetchPollInterval:           cfg.PollInterval,
		RetryPolicy:                 cfg.RetryPolicy,
		Logger:                      cfg.Logger,
		PeriodicJobs: []*river.PeriodicJob{river.NewPeriodicJob(river.PeriodicInterval(time.Hour),
			func() (river.JobArgs, *river.InsertOpts) { return cleanArgs{}, nil }, &river.PeriodicJobOpts{RunOnStart: true})},
	}
	for kind, every := range cfg.Periodic {
		if _, ok := handlers[kind]; !ok {
			return nil, fmt.Errorf("riverjobs: periodic job of kind %q has no handler", kind)
		}
		rc.PeriodicJobs = append(rc.PeriodicJobs, river.NewPeriodicJob(river.PeriodicInterval(every),
			func() (river.JobArgs, *river.InsertOpts) {
				return args{kind: kind, Data: json.RawMessage("null")}, &river.InsertOpts{UniqueOpts: river.UniqueOpts{ByArgs: true, ByState: unfinished}}
			}, &river.PeriodicJobOpts{RunOnStart: true}))
	}
	if cfg.PollInterval > 0 && cfg.PollInterval < river.FetchCooldownDefault {
		rc.FetchCooldown = cfg.PollInterval
	}
	var err error
	switch dialect {
	case SQLite:
		q.client, err = river.NewClient(riverdriver.Driver[*sql.Tx](riversqlite.New(db)), rc)
	case Postgres:
		q.client, err = river.NewClient(riverdriver.Driver[*sql.Tx](riverdatabasesql.New(db)), rc)
	default:
		return nil, fmt.Errorf("riverjobs: unknown dialect %q", dialect)
	}
	if err != nil {
		return nil, fmt.Errorf("riverjobs: %w", err)
	}
	return q, nil
}

// Start starts doing jobs, until Stop.
func (q *Queue) Start(ctx context.Context) error {
	if err := q.client.Start(ctx); err != nil {
		return fmt.Errorf("riverjobs: start: %w", err)
	}
	return nil
}

// Stop stops taking jobs and waits for the running ones to finish, until
// ctx ends; then it cancels them (they run again after a restart, on this
// server or another).
func (q *Queue) Stop(ctx context.Context) error {
	err := q.client.Stop(ctx)
	if errors.Is(err, context.DeadlineExceeded) || errors.Is(err, context.Canceled) {
		cctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		err = q.client.StopAndCancel(cctx)
	}
	if err != nil {
		return fmt.Errorf("riverjobs: stop: %w", err)
	}
	return nil
}

// Enqueue adds a job.
func (q *Queue) Enqueue(ctx context.Context, kind string, userID int64, data any) (*jixiao.Job, error) {
	return q.EnqueueInput(ctx, kind, userID, data, nil)
}

// EnqueueInput adds a job with an input file, in one transaction.
func (q *Queue) EnqueueInput(ctx context.Context, kind string, userID int64, data any, input []byte) (*jixiao.Job, error) {
	if _, ok := q.handlers[kind]; !ok {
		return nil, fmt.Errorf("riverjobs: no handler of kind %q", kind)
	}
	raw, err := json.Marshal(data)
	if err != nil {
		return nil, fmt.Errorf("riverjobs: %w", err)
	}
	tx, err := q.db.BeginTx(ctx, nil)
	if err != nil {
		return nil, fmt.Errorf("riverjobs: begin: %w", err)
	}
	defer tx.Rollback()
	res, err := q.client.InsertTx(ctx, tx, args{kind: kind, User: userID, Data: raw}, &river.InsertOpts{
		UniqueOpts: river.UniqueOpts{ByArgs: true, ByState: unfinished}})
	if err != nil {
		return nil, fmt.Errorf("riverjobs: insert: %w", err)
	}
	if input != nil && !res.UniqueSkippedAsDuplicate {
		if _, err := tx.ExecContext(ctx, `INSERT INTO job_results (job_id, input, updated_at) VALUES ($1, $2, $3)`,
			res.Job.ID, input, q.now().UnixMilli()); err != nil {
			return nil, fmt.Errorf("riverjobs: input: %w", err)
		}
	}
	if err := tx.Commit(); err != nil {
		return nil, fmt.Errorf("riverjobs: commit: %w", err)
	}
	return q.view(ctx, res.Job)
}

// unfinished are the states of a job not yet ended.
var unfinished = []rivertype.JobState{rivertype.JobStateAvailable, rivertype.JobStatePending, rivertype.JobStateRetryable,
	rivertype.JobStateRunning, rivertype.JobStateScheduled}

// Unfinished counts user's jobs that are queued or running.
func (q *Queue) Unfinished(ctx context.Context, userID int64) (int, error) {
	user := "json_extract(args, '$.user')"
	if q.dialect == Postgres {
		user = "(args->>'user')::bigint"
	}
	var n int
	err := q.db.QueryRowContext(ctx, `SELECT count(*) FROM river_job WHERE state IN ('available', 'pending', 'retryable', 'running', 'scheduled')
		AND kind <> 'jixiao_clean' AND `+user+` = $1`, userID).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("riverjobs: unfinished: %w", err)
	}
	return n, nil
}

// maxRecent bounds the jobs Recent returns.
const maxRecent = 50

// Recent returns user's last n jobs of kind, newest first.
func (q *Queue) Recent(ctx context.Context, userID int64, kind string, n int) ([]*jixiao.Job, error) {
	user := "json_extract(args, '$.user')"
	if q.dialect == Postgres {
		user = "(args->>'user')::bigint"
	}
	rows, err := q.db.QueryContext(ctx, `SELECT id FROM river_job WHERE kind = $1 AND `+user+` = $2 ORDER BY id DESC LIMIT $3`,
		kind, userID, min(max(n, 0), maxRecent))
	if err != nil {
		return nil, fmt.Errorf("riverjobs: recent: %w", err)
	}
	var ids []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return nil, fmt.Errorf("riverjobs: recent: %w", err)
		}
		ids = append(ids, id)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("riverjobs: recent: %w", err)
	}
	out := make([]*jixiao.Job, 0, len(ids))
	for _, id := range ids {
		j, err := q.Job(ctx, id)
		if jixiao.ErrorCode(err) == jixiao.ENOTFOUND {
			continue // deleted meanwhile
		}
		if err != nil {
			return nil, err
		}
		out = append(out, j)
	}
	return out, nil
}

// Job returns job id.
func (q *Queue) Job(ctx context.Context, id int64) (*jixiao.Job, error) {
	row, err := q.client.JobGet(ctx, id)
	if err != nil {
		return nil, notFound(err)
	}
	return q.view(ctx, row)
}

// Cancel cancels job id.
func (q *Queue) Cancel(ctx context.Context, id int64) (*jixiao.Job, error) {
	row, err := q.client.JobCancel(ctx, id)
	if err != nil {
		return nil, notFound(err)
	}
	return q.view(ctx, row)
}

// Output returns the result file of finished job id.
func (q *Queue) Output(ctx context.Context, id int64) (*jixiao.JobOutput, error) {
	row, err := q.client.JobGet(ctx, id)
	if err != nil {
		return nil, notFound(err)
	}
	if row.State != rivertype.JobStateCompleted {
		return nil, jixiao.Errorf(jixiao.ENOTFOUND, "任务尚未完成，还没有结果文件")
	}
	var out jixiao.JobOutput
	var parts int
	err = q.db.QueryRowContext(ctx, `SELECT name, content_type, data, size, parts FROM job_results WHERE job_id = $1 AND data IS NOT NULL`, id).
		Scan(&out.Name, &out.ContentType, &out.Data, &out.Size, &parts)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, jixiao.Errorf(jixiao.ENOTFOUND, "该任务没有结果文件")
	}
	if err != nil {
		return nil, fmt.Errorf("riverjobs: output: %w", err)
	}
	if parts > 0 {
		out.Data, out.Body = nil, &partReader{ctx: ctx, q: q, id: id, parts: parts}
	}
	return &out, nil
}

func notFound(err error) error {
	if errors.Is(err, river.ErrNotFound) {
		return jixiao.Errorf(jixiao.ENOTFOUND, "任务不存在或已过期（已结束的任务保留一天）")
	}
	return fmt.Errorf("riverjobs: %w", err)
}

// view is the job of row, with its progress.
func (q *Queue) view(ctx context.Context, row *rivertype.JobRow) (*jixiao.Job, error) {
	var a struct {
		User int64 `json:"user"`
	}
	if err := json.Unmarshal(row.EncodedArgs, &a); err != nil {
		return nil, fmt.Errorf("riverjobs: args of job %d: %w", row.ID, err)
	}
	j := &jixiao.Job{ID: row.ID, Kind: row.Kind, UserID: a.User, Attempt: row.Attempt, MaxAttempts: row.MaxAttempts, CreatedAt: row.CreatedAt}
	if row.FinalizedAt != nil {
		j.FinishedAt = *row.FinalizedAt
	}
	var failed bool
	err := q.db.QueryRowContext(ctx, `SELECT percent, status, error, failed, name, size FROM job_results WHERE job_id = $1`, row.ID).
		Scan(&j.Percent, &j.Status, &j.Error, &failed, &j.ResultName, &j.ResultSize)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("riverjobs: progress: %w", err)
	}
	switch row.State {
	case rivertype.JobStateRunning:
		j.State = jixiao.JobRunning
		var meta struct {
			Cancel *string `json:"cancel_attempted_at"`
		}
		if json.Unmarshal(row.Metadata, &meta) == nil && meta.Cancel != nil {
			j.Cancelling, j.Status = true, "正在取消…"
		}
	case rivertype.JobStateCompleted:
		j.State, j.Percent = jixiao.JobDone, 100
	case rivertype.JobStateDiscarded:
		j.State = jixiao.JobFailed
	case rivertype.JobStateCancelled:
		j.State = jixiao.JobCancelled
		if failed {
			j.State = jixiao.JobFailed
		}
	default: // available, scheduled, retryable, pending
		j.State = jixiao.JobQueued
		if j.Error != "" {
			j.Status = "上次尝试失败，稍后自动重试"
		} else if j.Status == "" {
			j.Status = "排队等候"
		}
	}
	if j.State != jixiao.JobDone {
		j.ResultName, j.ResultSize = "", 0
	}
	return j, nil
}

// progress records a job's progress.
func (q *Queue) progress(ctx context.Context, id int64, percent int, status string) error {
	percent = min(max(percent, 0), 100)
	_, err := q.db.ExecContext(ctx, `INSERT INTO job_results (job_id, percent, status, updated_at) VALUES ($1, $2, $3, $4)
		ON CONFLICT (job_id) DO UPDATE SET percent = excluded.percent, status = excluded.status, updated_at = excluded.updated_at`,
		id, percent, status, q.now().UnixMilli())
	if err != nil {
		return fmt.Errorf("riverjobs: progress: %w", err)
	}
	return nil
}

// finish records how an attempt of a job ended: its result file, or the
// reason it failed (failed: for good).
// A spooled result (sp used) is its parts, written already.
func (q *Queue) finish(ctx context.Context, id int64, out *jixiao.JobOutput, sp *spool, reason string, failed bool) error {
	var name, ctype string
	var data []byte
	var size int64
	percent, status, parts := 0, "", 0
	if out != nil {
		name, ctype, data, percent, status = out.Name, out.ContentType, out.Data, 100, cmp.Or(out.Note, "已完成")
		size = int64(len(data))
		if sp != nil && sp.used() {
			data, size, parts = nil, sp.size, sp.parts
		}
		if data == nil {
			data = []byte{}
		}
	}
	_, err := q.db.ExecContext(ctx, `INSERT INTO job_results (job_id, percent, status, error, failed, name, content_type, size, data, updated_at, parts)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
		ON CONFLICT (job_id) DO UPDATE SET percent = CASE WHEN excluded.data IS NULL THEN job_results.percent ELSE excluded.percent END,
		  status = CASE WHEN excluded.data IS NULL THEN job_results.status ELSE excluded.status END,
		  error = excluded.error, failed = excluded.failed, name = excluded.name, content_type = excluded.content_type,
		  size = excluded.size, data = excluded.data, updated_at = excluded.updated_at, parts = excluded.parts,
		  input = CASE WHEN excluded.data IS NOT NULL OR excluded.failed = 1 THEN NULL ELSE job_results.input END`,
		id, percent, status, reason, boolInt(failed), name, ctype, size, data, q.now().UnixMilli(), parts)
	if err != nil {
		return fmt.Errorf("riverjobs: result: %w", err)
	}
	return nil
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

// clean deletes the progress and results of jobs River no longer keeps.
func (q *Queue) clean(ctx context.Context) error {
	for _, table := range []string{"job_results", "job_parts"} {
		_, err := q.db.ExecContext(ctx, `DELETE FROM `+table+` WHERE NOT EXISTS (SELECT 1 FROM river_job WHERE river_job.id = `+table+`.job_id)`)
		if err != nil {
			return fmt.Errorf("riverjobs: clean: %w", err)
		}
	}
	return nil
}

// worker does River's jobs of one kind with its handler.
type worker struct {
	river.WorkerDefaults[args]
	q       *Queue
	kind    string
	handle  jixiao.JobHandler
	timeout time.Duration
}

func (w *worker) Timeout(*river.Job[args]) time.Duration { return w.timeout }

func (w *worker) Work(ctx context.Context, job *river.Job[args]) error {
	q := w.q
	run := &jixiao.JobRun{ID: job.ID, UserID: job.Args.User, Attempt: job.Attempt, Args: job.Args.Data,
		Progress: func(ctx context.Context, percent int, status string) error {
			return q.progress(ctx, job.ID, percent, status)
		}}
	err := q.db.QueryRowContext(ctx, `SELECT input FROM job_results WHERE job_id = $1`, job.ID).Scan(&run.Input)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return fmt.Errorf("riverjobs: input: %w", err)
	}
	// A new attempt makes its file anew.
	if err := q.dropParts(ctx, job.ID); err != nil {
		return err
	}
	sp := &spool{ctx: ctx, q: q, id: job.ID, max: jixiao.MaxJobSpool}
	run.Spool = sp
	out, err := w.handle(ctx, run)
	if err == nil {
		err = sp.flush()
	}
	if err == nil && out != nil && len(out.Data) > MaxOutput {
		err = jixiao.Errorf(jixiao.EINVALID, "生成的文件过大（%s，上限 %s）", jixiao.SizeText(int64(len(out.Data))), jixiao.SizeText(MaxOutput))
	}
	// The outcome is written even when the job's context has ended (a
	// timeout or a cancellation), so that the page can say why.
	wctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 30*time.Second)
	defer cancel()
	if err == nil {
		if out == nil {
			out = &jixiao.JobOutput{}
		}
		return q.finish(wctx, job.ID, out, sp, "", false)
	}
	// A failed attempt leaves no part of its file.
	if derr := q.dropParts(wctx, job.ID); derr != nil {
		q.logger.Error("riverjobs: drop parts", "job", job.ID, "err", derr)
	}
	if ctx.Err() != nil && errors.Is(err, ctx.Err()) {
		return err // cancelled or timed out: River records it
	}
	code := jixiao.ErrorCode(err)
	permanent := code == jixiao.EINVALID || code == jixiao.ENOTFOUND || code == jixiao.EFORBIDDEN || code == jixiao.EUNAUTHORIZED ||
		code == jixiao.ECONFLICT
	reason := jixiao.ErrorMessage(err)
	if code == jixiao.EINTERNAL {
		q.logger.Error("riverjobs: job failed", "kind", w.kind, "job", job.ID, "attempt", job.Attempt, "err", err)
		reason = "服务器内部错误"
	}
	if ferr := q.finish(wctx, job.ID, nil, nil, reason, permanent); ferr != nil {
		q.logger.Error("riverjobs: record failure", "job", job.ID, "err", ferr)
	}
	if permanent {
		return river.JobCancel(err)
	}
	return err
}
