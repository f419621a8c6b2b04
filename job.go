package jixiao

import (
	"context"
	"encoding/json"
	"io"
	"slices"
	"strings"
	"time"
)

// Kinds of background jobs.
const (
	// JobReport makes the report (or the 核查报告) of one evaluation as a
	// file: a PDF, or any other format Report knows.
	JobReport = "report"
	// JobRescore scores and checks again every evaluation under a rulebook
	// (after the rulebook changed), refreshing their summaries.
	JobRescore = "rescore"
	// JobImport imports an uploaded case: a workbook, YAML or JSON, or a
	// case checked and confirmed on the upload page.
	JobImport = "import"
	// JobBulk makes the reports (or tables) of many evaluations, chosen
	// as the bureau page filters them, into one ZIP file.
	JobBulk = "bulk"
	// JobReminders sends the reminders of tasks due soon or overdue
	// (periodic, by no user).
	JobReminders = "task_reminders"
)

// Bounds of a job's result file, which is kept in the database:
// MaxJobOutput when the handler returns it whole (JobOutput.Data),
// MaxJobSpool when it writes it in parts as it goes (JobRun.Spool).
const (
	MaxJobOutput = 64 << 20
	MaxJobSpool  = 1 << 30
)

// States of a background job.
const (
	JobQueued    = "queued"    // waits for a worker (or for its next attempt)
	JobRunning   = "running"   // a worker does it
	JobDone      = "done"      // finished; its result can be fetched
	JobFailed    = "failed"    // failed on its last attempt
	JobCancelled = "cancelled" // cancelled before it finished
)

// Job is a background job: durable work stored in the database, done once
// by one of the servers, retried after a failure, that reports its
// progress where every server can read it.
type Job struct {
	ID     int64  `json:"id" zh:"任务编号"`
	Kind   string `json:"kind" zh:"任务类型（report：生成报告；rescore：重新评分；import：导入案例；bulk：批量下载）"`
	State  string `json:"state" zh:"状态：queued 排队中、running 进行中、done 已完成、failed 失败、cancelled 已取消"`
	UserID int64  `json:"user_id" zh:"发起人"`
	// Percent (0–100) and Status (Chinese) are the job's progress.
	Percent int    `json:"percent" zh:"进度（0–100）"`
	Status  string `json:"status" zh:"进度说明"`
	// Attempt is the number of attempts made so far, of at most
	// MaxAttempts.
	Attempt     int    `json:"attempt" zh:"已尝试次数"`
	MaxAttempts int    `json:"max_attempts" zh:"最多尝试次数"`
	Error       string `json:"error,omitempty" zh:"最近一次失败的原因"`
	// Cancelling is set while a running job has been asked to stop.
	Cancelling bool `json:"cancelling,omitempty" zh:"正在取消"`
	// ResultName and ResultSize describe the result file of a finished
	// job that has one.
	ResultName string    `json:"result_name,omitempty" zh:"结果文件名"`
	ResultSize int64     `json:"result_size,omitempty" zh:"结果文件大小（字节）"`
	CreatedAt  time.Time `json:"created_at" zh:"创建时间"`
	FinishedAt time.Time `json:"finished_at,omitzero" zh:"结束时间"`
}

// Finished reports whether the job has ended.
func (j *Job) Finished() bool {
	return j.State == JobDone || j.State == JobFailed || j.State == JobCancelled
}

// JobOutput is the result file of a job.
type JobOutput struct {
	Name        string // the file name for the user
	ContentType string
	Data        []byte
	// Body, when set, is the file instead of Data: a large file read from
	// the database part by part, Size bytes long (JobQueue.Output).
	Body io.Reader
	Size int64
	// Note (Chinese, optional) is shown with the finished job as its
	// status, e.g. what could not be done.
	Note string
}

// BulkReports chooses the evaluations of a bulk download as the bureau
// page's filter does, and the format of their files.
type BulkReports struct {
	Format  string `json:"format" zh:"格式：docx（自评报告 Word）、xlsx（自评表 Excel）、pdf 或 html"`
	Year    int    `json:"year" zh:"年度"`
	Org     int64  `json:"org,omitempty" zh:"单位编号（省略：全部可见单位）"`
	Status  string `json:"status,omitempty" zh:"状态：draft、submitted、returned、accepted（省略：全部）"`
	Subject string `json:"subject,omitempty" zh:"评价类型：department 部门整体、project 项目（省略：全部）"`
	// Grades are the grade names selected (any of them; none: every grade).
	Grades []string `json:"grades,omitempty" zh:"等级名称，任一相符即选中（省略：全部）"`
	// Q is text the department's or the project's name contains.
	Q string `json:"q,omitempty" zh:"单位或项目名称中包含的文字"`
}

// Selects reports whether s is one of the evaluations b chooses.
func (b *BulkReports) Selects(s *Summary) bool {
	return s.Year == b.Year && (b.Org == 0 || s.OrgID == b.Org) && (b.Status == "" || string(s.Status) == b.Status) &&
		(len(b.Grades) == 0 || slices.Contains(b.Grades, s.Grade)) && (b.Subject == "" || string(s.Subject) == b.Subject) &&
		(b.Q == "" || strings.Contains(s.OrgName, b.Q) || strings.Contains(s.SubjectKey, b.Q))
}

// JobRun is a job being done, as its handler sees it.
type JobRun struct {
	ID      int64
	UserID  int64
	Attempt int
	Args    json.RawMessage
	// Input is the file enqueued with the job (nil: none).
	Input []byte
	// Progress records the job's progress: percent (0–100) and a Chinese
	// status, readable by every server.
	Progress func(ctx context.Context, percent int, status string) error
	// Spool (nil: none) takes a large result file as the handler makes it,
	// into the database part by part, up to MaxJobSpool bytes: the
	// handler that writes there returns the file's name and type, without
	// Data. An attempt that fails leaves nothing of it.
	Spool io.Writer
}

// JobHandler does the jobs of one kind. It returns the job's result file
// (nil: none). An error makes the job try again later, up to its
// attempts; an error of code EINVALID, ENOTFOUND, EFORBIDDEN, EUNAUTHORIZED
// or ECONFLICT ends it at once (trying again would fail the same way).
type JobHandler func(ctx context.Context, run *JobRun) (*JobOutput, error)

// JobQueue keeps background jobs: in the database, so that they survive a
// restart and several servers share them.
type JobQueue interface {
	// Enqueue adds a job of kind for user, with args (JSON). While the same
	// job (same kind, user and args) is unfinished, that job is returned
	// instead.
	Enqueue(ctx context.Context, kind string, userID int64, args any) (*Job, error)
	// EnqueueInput adds a job as Enqueue does, with input: a file for its
	// handler (JobRun.Input), kept beside the job rather than in its args.
	EnqueueInput(ctx context.Context, kind string, userID int64, args any, input []byte) (*Job, error)
	// Unfinished counts user's jobs that are queued or running.
	Unfinished(ctx context.Context, userID int64) (int, error)
	// Recent returns user's last n jobs of kind, newest first.
	Recent(ctx context.Context, userID int64, kind string, n int) ([]*Job, error)
	// Job returns job id (ENOTFOUND when there is none).
	Job(ctx context.Context, id int64) (*Job, error)
	// Cancel cancels job id: a queued job never runs, a running one is
	// told to stop.
	Cancel(ctx context.Context, id int64) (*Job, error)
	// Output returns the result file of finished job id (ENOTFOUND when it
	// has none, or no longer).
	Output(ctx context.Context, id int64) (*JobOutput, error)
}

// JobService is what users do with background jobs, within their
// permissions.
type JobService interface {
	// StartReport queues the report (check: the 核查报告) of evaluation
	// id in format.
	StartReport(ctx context.Context, id int64, format string, check bool) (*Job, error)
	// StartMonitorReport queues the PDF of the monitoring report of
	// submitted monitoring entry id.
	StartMonitorReport(ctx context.Context, id int64) (*Job, error)
	// StartApplicationReport queues the PDF of the results-application
	// report (结果应用报告) of year, of the evaluations the user sees.
	StartApplicationReport(ctx context.Context, year int) (*Job, error)
	// StartMonitorRoundReport queues the PDF of the report of monitoring
	// round id as a whole.
	StartMonitorRoundReport(ctx context.Context, id int64) (*Job, error)
	// StartRescore queues the scoring again of every evaluation under the
	// rulebook name (all rulebooks when empty).
	StartRescore(ctx context.Context, rulebook string) (*Job, error)
	// StartImport queues the import of an uploaded case (a workbook, YAML
	// or JSON) into organisation orgID (0: the user's own).
	StartImport(ctx context.Context, orgID int64, data []byte, replace bool) (*Job, error)
	// StartUploadImport queues the import of an upload the user checked
	// and confirmed (EvaluationService.TakeUpload) into their organisation.
	StartUploadImport(ctx context.Context, p *PendingUpload) (*Job, error)
	// StartBulk queues the reports (or tables) of the evaluations b
	// chooses, into one ZIP file.
	StartBulk(ctx context.Context, b *BulkReports) (*Job, error)
	// RecentJobs returns the user's last jobs of kind, newest first.
	RecentJobs(ctx context.Context, kind string) ([]*Job, error)
	// Job returns a job the user started (an administrator: any job).
	Job(ctx context.Context, id int64) (*Job, error)
	// JobOutput returns the result file of such a job.
	JobOutput(ctx context.Context, id int64) (*JobOutput, error)
	// CancelJob cancels such a job.
	CancelJob(ctx context.Context, id int64) (*Job, error)
}
