package app

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/csv"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"time"

	"jixiao"
	"jixiao/internal/yamlcodec"
)

// reportArgs are the arguments of a report job.
type reportArgs struct {
	Evaluation int64  `json:"evaluation"`
	Format     string `json:"format"`
	Check      bool   `json:"check,omitempty"`
	// MonitorEntry names a monitoring entry whose report it is (then
	// Evaluation is 0).
	MonitorEntry int64 `json:"monitor_entry,omitempty"`
	// Results names the year whose results-application report it is
	// (then Evaluation is 0).
	Results int `json:"results,omitempty"`
	// MonitorRound names a monitoring round whose whole report it is.
	MonitorRound int64 `json:"monitor_round,omitempty"`
}

// rescoreArgs are the arguments of a re-scoring job.
type rescoreArgs struct {
	Rulebook string `json:"rulebook,omitempty"`
}

// importArgs are the arguments of an import job; the upload is its input
// file, named here by its digest (the same upload again is the same job
// while it waits).
type importArgs struct {
	Org     int64  `json:"org"`
	Replace bool   `json:"replace,omitempty"`
	SHA256  string `json:"sha256"`
	// Checked marks a case checked and confirmed on the upload page: its
	// input is the case as the upload held it (JSON), and Name the file
	// uploaded.
	Checked bool   `json:"checked,omitempty"`
	Name    string `json:"name,omitempty"`
}

// maxImport bounds an upload to import (as the API's case body).
const maxImport = 16 << 20

// rescorePage is how many evaluations a re-scoring job lists at a time.
const rescorePage = 500

// JobHandlers are the handlers of the application's background jobs, for
// the job queue to run.
func (a *App) JobHandlers() map[string]jixiao.JobHandler {
	return map[string]jixiao.JobHandler{
		jixiao.JobReport:  a.runReport,
		jixiao.JobRescore: a.runRescore,
		jixiao.JobImport:  a.runImport,
		jixiao.JobBulk:    a.runBulk,
		jixiao.JobReminders: func(ctx context.Context, _ *jixiao.JobRun) (*jixiao.JobOutput, error) {
			n, err := a.SendReminders(ctx)
			if err != nil {
				return nil, err
			}
			return &jixiao.JobOutput{Note: fmt.Sprintf("已发送%d条提醒", n)}, nil
		},
	}
}

// jobs returns the job queue, or an error when the server runs none.
func (a *App) jobs() (jixiao.JobQueue, error) {
	if a.Jobs == nil {
		return nil, jixiao.Errorf(jixiao.EINTERNAL, "后台任务不可用")
	}
	return a.Jobs, nil
}

// enqueue adds a job for u, with its input file (nil: none), within the
// bound on unfinished jobs.
func (a *App) enqueue(ctx context.Context, u *jixiao.User, kind string, args any, input []byte) (*jixiao.Job, error) {
	q, err := a.jobs()
	if err != nil {
		return nil, err
	}
	n, err := q.Unfinished(ctx, u.ID)
	if err != nil {
		return nil, err
	}
	if n >= maxUnfinishedJobs {
		return nil, jixiao.Errorf(jixiao.ETOOMANY, "您已有 %d 个后台任务尚未完成，请等它们完成（或取消）后再开始新的任务", n)
	}
	return q.EnqueueInput(ctx, kind, u.ID, args, input)
}

// StartReport queues the report (check: the 核查报告) of evaluation id in
// format.
func (a *App) StartReport(ctx context.Context, id int64, format string, check bool) (*jixiao.Job, error) {
	formats := []string{"docx", "html", "pdf", "xlsx"}
	what := "报告"
	if check {
		formats, what = formats[:3], "核查报告"
	}
	if !slices.Contains(formats, format) {
		return nil, jixiao.Errorf(jixiao.EINVALID, "%s格式“%s”不支持，应为 %s", what, format, strings.Join(formats, "、"))
	}
	u, _, err := a.evaluation(ctx, id, actRead)
	if err != nil {
		return nil, err
	}
	return a.enqueue(ctx, u, jixiao.JobReport, reportArgs{Evaluation: id, Format: format, Check: check}, nil)
}

// StartMonitorReport queues the PDF of the monitoring report of submitted
// entry id (read on its department).
func (a *App) StartMonitorReport(ctx context.Context, id int64) (*jixiao.Job, error) {
	u, _, e, err := a.entry(ctx, id, actRead)
	if err != nil {
		return nil, err
	}
	if e.State != jixiao.EntrySubmitted {
		return nil, jixiao.Errorf(jixiao.ECONFLICT, "监控填报提交后才有监控报告")
	}
	return a.enqueue(ctx, u, jixiao.JobReport, reportArgs{MonitorEntry: id, Format: "pdf"}, nil)
}

// StartMonitorRoundReport queues the PDF of the report of monitoring
// round id as a whole, as the user sees it.
func (a *App) StartMonitorRoundReport(ctx context.Context, id int64) (*jixiao.Job, error) {
	u, err := actor(ctx)
	if err != nil {
		return nil, err
	}
	v, err := a.MonitorRound(ctx, id)
	if err != nil {
		return nil, err
	}
	if v.Submitted == 0 {
		return nil, errNoneSubmitted
	}
	return a.enqueue(ctx, u, jixiao.JobReport, reportArgs{MonitorRound: id, Format: "pdf"}, nil)
}

// StartApplicationReport queues the PDF of the results-application
// report of year, as the user sees it; a year without graded evaluations
// is refused before it is queued.
func (a *App) StartApplicationReport(ctx context.Context, year int) (*jixiao.Job, error) {
	u, err := actor(ctx)
	if err != nil {
		return nil, err
	}
	t, err := a.ApplicationTable(ctx, year)
	if err != nil {
		return nil, err
	}
	if len(t.Application.Rows) == 0 {
		return nil, jixiao.Errorf(jixiao.EINVALID, "%d年度没有已评定等级的自评，无法生成结果应用报告", year)
	}
	return a.enqueue(ctx, u, jixiao.JobReport, reportArgs{Results: year, Format: "pdf"}, nil)
}

// StartRescore queues the scoring again of the evaluations the user sees
// under rulebook (every rulebook when empty).
func (a *App) StartRescore(ctx context.Context, rulebook string) (*jixiao.Job, error) {
	u, err := actor(ctx)
	if err != nil {
		return nil, err
	}
	if !mayRescore(u) {
		return nil, jixiao.Errorf(jixiao.EFORBIDDEN, "只有管理员和财政复核人员可以重新评分")
	}
	if len(rulebook) > 200 {
		return nil, jixiao.Errorf(jixiao.EINVALID, "评分规则名称过长")
	}
	return a.enqueue(ctx, u, jixiao.JobRescore, rescoreArgs{Rulebook: strings.TrimSpace(rulebook)}, nil)
}

// StartImport queues the import of an uploaded case into organisation
// orgID (0: the user's own).
func (a *App) StartImport(ctx context.Context, orgID int64, data []byte, replace bool) (*jixiao.Job, error) {
	u, err := actor(ctx)
	if err != nil {
		return nil, err
	}
	if orgID == 0 {
		orgID = u.OrgID
	}
	if err := a.allow(ctx, u, actWrite, orgID); err != nil {
		return nil, err
	}
	switch {
	case a.ReadCase == nil:
		return nil, jixiao.Errorf(jixiao.EINTERNAL, "后台导入不可用")
	case len(data) == 0:
		return nil, jixiao.Errorf(jixiao.EINVALID, "请求内容为空：请上传案例文件或工作簿")
	case len(data) > maxImport:
		return nil, jixiao.Errorf(jixiao.EINVALID, "文件过大（%s），上限为 %s", jixiao.SizeText(int64(len(data))), jixiao.SizeText(maxImport))
	}
	sum := sha256.Sum256(data)
	return a.enqueue(ctx, u, jixiao.JobImport, importArgs{Org: orgID, Replace: replace, SHA256: hex.EncodeToString(sum[:])}, data)
}

// StartUploadImport queues the import of an upload the user checked and
// confirmed into their organisation (replacing the evaluation it names).
func (a *App) StartUploadImport(ctx context.Context, p *jixiao.PendingUpload) (*jixiao.Job, error) {
	u, err := actor(ctx)
	if err != nil {
		return nil, err
	}
	if err := a.allow(ctx, u, actWrite, u.OrgID); err != nil {
		return nil, err
	}
	data, err := json.Marshal(p.Evaluation)
	if err != nil {
		return nil, fmt.Errorf("upload import: %w", err)
	}
	if len(data) > jixiao.MaxJobOutput {
		return nil, jixiao.Errorf(jixiao.EINVALID, "“%s”的数据过多（%s，上限 %s）：请拆分为几个文件分别导入", p.Name,
			jixiao.SizeText(int64(len(data))), jixiao.SizeText(jixiao.MaxJobOutput))
	}
	sum := sha256.Sum256(data)
	return a.enqueue(ctx, u, jixiao.JobImport, importArgs{Org: u.OrgID, Replace: p.Replace != 0, SHA256: hex.EncodeToString(sum[:]),
		Checked: true, Name: p.Name}, data)
}

// RecentJobs returns the user's last jobs of kind, newest first.
func (a *App) RecentJobs(ctx context.Context, kind string) ([]*jixiao.Job, error) {
	u, err := actor(ctx)
	if err != nil {
		return nil, err
	}
	q, err := a.jobs()
	if err != nil {
		return nil, err
	}
	return q.Recent(ctx, u.ID, kind, recentJobs)
}

// recentJobs is how many of their last jobs of a kind a page shows a user.
const recentJobs = 5

// job returns job id if the user may see it (another's job does not exist
// for them).
func (a *App) job(ctx context.Context, id int64) (jixiao.JobQueue, *jixiao.Job, error) {
	u, err := actor(ctx)
	if err != nil {
		return nil, nil, err
	}
	q, err := a.jobs()
	if err != nil {
		return nil, nil, err
	}
	j, err := q.Job(ctx, id)
	if err != nil {
		return nil, nil, err
	}
	if !mayManageJob(u, j.UserID) {
		return nil, nil, jixiao.Errorf(jixiao.ENOTFOUND, "任务不存在或已过期（已结束的任务保留一天）")
	}
	return q, j, nil
}

// Job returns a job the user started (an administrator: any job).
func (a *App) Job(ctx context.Context, id int64) (*jixiao.Job, error) {
	_, j, err := a.job(ctx, id)
	return j, err
}

// JobOutput returns the result file of such a job.
func (a *App) JobOutput(ctx context.Context, id int64) (*jixiao.JobOutput, error) {
	q, j, err := a.job(ctx, id)
	if err != nil {
		return nil, err
	}
	if j.State != jixiao.JobDone {
		return nil, jixiao.Errorf(jixiao.ECONFLICT, "任务尚未完成（%s），还没有结果文件", JobStateTitle(j.State))
	}
	return q.Output(ctx, id)
}

// CancelJob cancels such a job.
func (a *App) CancelJob(ctx context.Context, id int64) (*jixiao.Job, error) {
	q, j, err := a.job(ctx, id)
	if err != nil {
		return nil, err
	}
	if j.Finished() {
		return j, nil
	}
	return q.Cancel(ctx, id)
}

// JobStateTitle is a job state's Chinese name.
func JobStateTitle(state string) string {
	switch state {
	case jixiao.JobQueued:
		return "排队中"
	case jixiao.JobRunning:
		return "进行中"
	case jixiao.JobDone:
		return "已完成"
	case jixiao.JobFailed:
		return "失败"
	case jixiao.JobCancelled:
		return "已取消"
	}
	return state
}

// runAs returns ctx acting for the user who started the job: a job does
// what its user may do now (a user disabled meanwhile, nothing).
func (a *App) runAs(ctx context.Context, run *jixiao.JobRun) (context.Context, error) {
	u, err := a.db.User(ctx, run.UserID)
	if err != nil {
		if jixiao.ErrorCode(err) == jixiao.ENOTFOUND {
			return nil, jixiao.Errorf(jixiao.EUNAUTHORIZED, "发起任务的用户已不存在")
		}
		return nil, err
	}
	if u.Disabled {
		return nil, jixiao.Errorf(jixiao.EUNAUTHORIZED, "发起任务的用户已停用")
	}
	return jixiao.WithUser(ctx, u), nil
}

// runReport makes a report file.
func (a *App) runReport(ctx context.Context, run *jixiao.JobRun) (*jixiao.JobOutput, error) {
	var args reportArgs
	if err := json.Unmarshal(run.Args, &args); err != nil {
		return nil, jixiao.Errorf(jixiao.EINVALID, "任务参数有误")
	}
	ctx, err := a.runAs(ctx, run)
	if err != nil {
		return nil, err
	}
	if err := run.Progress(ctx, 10, "正在生成"); err != nil {
		return nil, err
	}
	// A PDF waits its turn for the printer; the page shows its place.
	ctx = jixiao.WithQueueStatus(ctx, func(s jixiao.QueueStatus) {
		status, pct := fmt.Sprintf("等待转换为 PDF（前面还有 %d 份）", s.Ahead), 20
		if s.Running {
			status, pct = "正在转换为 PDF", 50
		}
		if err := run.Progress(ctx, pct, status); err != nil {
			a.Logger.Warn("job progress", "job", run.ID, "err", err)
		}
	})
	write, id := a.Report, args.Evaluation
	switch {
	case args.MonitorEntry != 0:
		write, id = a.MonitorReport, args.MonitorEntry
	case args.MonitorRound != 0:
		write, id = a.MonitorRoundReport, args.MonitorRound
	case args.Results != 0:
		write = func(ctx context.Context, year int64, format string, w io.Writer) (string, string, error) {
			return a.ApplicationReport(ctx, int(year), format, w)
		}
		id = int64(args.Results)
	case args.Check:
		write = a.CheckReport
	}
	var buf bytes.Buffer
	ctype, name, err := write(ctx, id, args.Format, &buf)
	if jixiao.ErrorCode(err) == jixiao.ETOOMANY {
		// The print queue is full: the job tries again after its back-off.
		return nil, fmt.Errorf("print queue full: %w", err)
	}
	if err != nil {
		return nil, err
	}
	return &jixiao.JobOutput{Name: name, ContentType: ctype, Data: buf.Bytes()}, nil
}

// runRescore scores and checks again every evaluation the job's user sees
// under its rulebook, refreshing their summaries, and lists the results in
// a CSV file.
func (a *App) runRescore(ctx context.Context, run *jixiao.JobRun) (*jixiao.JobOutput, error) {
	var args rescoreArgs
	if err := json.Unmarshal(run.Args, &args); err != nil {
		return nil, jixiao.Errorf(jixiao.EINVALID, "任务参数有误")
	}
	ctx, err := a.runAs(ctx, run)
	if err != nil {
		return nil, err
	}
	var infos []*jixiao.EvaluationInfo
	for offset := 0; ; offset += rescorePage {
		page, total, err := a.ListEvaluations(ctx, jixiao.EvaluationFilter{Offset: offset, Limit: rescorePage})
		if err != nil {
			return nil, err
		}
		for _, info := range page {
			if args.Rulebook == "" || info.Rulebook == args.Rulebook || strings.HasPrefix(info.Rulebook, args.Rulebook+"@") {
				infos = append(infos, info)
			}
		}
		if len(page) == 0 || offset+len(page) >= total {
			break
		}
	}
	var buf bytes.Buffer
	buf.WriteString("\uFEFF") // Excel reads UTF-8 with its mark
	w := csv.NewWriter(&buf)
	w.Write([]string{"单位", "年度", "类型", "评分规则", "得分", "等级", "错误", "警告", "未能评分的原因"})
	last := time.Time{}
	for i, info := range infos {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		s, err := a.computeSummary(ctx, info)
		if err != nil {
			return nil, err
		}
		score := ""
		if s.Scored {
			score = s.Total.String()
		}
		w.Write([]string{info.OrgName, strconv.Itoa(info.Year), info.Subject.Title(), info.Rulebook, score, s.Grade,
			strconv.Itoa(s.Errors), strconv.Itoa(s.Warnings), s.Problem})
		// Progress is written at most twice a second.
		if now := time.Now(); now.Sub(last) >= 500*time.Millisecond || i == len(infos)-1 {
			last = now
			if err := run.Progress(ctx, (i+1)*100/len(infos), fmt.Sprintf("已重新评分 %d / %d 份", i+1, len(infos))); err != nil {
				return nil, err
			}
		}
	}
	w.Flush()
	if err := w.Error(); err != nil {
		return nil, err
	}
	name := "重新评分结果.csv"
	if args.Rulebook != "" {
		name = "重新评分结果-" + args.Rulebook + ".csv"
	}
	return &jixiao.JobOutput{Name: name, ContentType: "text/csv; charset=utf-8", Data: buf.Bytes()}, nil
}

// runImport reads an uploaded case and stores it; its result is the
// stored evaluation (JSON, as the API's import answers).
func (a *App) runImport(ctx context.Context, run *jixiao.JobRun) (*jixiao.JobOutput, error) {
	var args importArgs
	if err := json.Unmarshal(run.Args, &args); err != nil {
		return nil, jixiao.Errorf(jixiao.EINVALID, "任务参数有误")
	}
	ctx, err := a.runAs(ctx, run)
	if err != nil {
		return nil, err
	}
	if err := run.Progress(ctx, 10, "正在读取文件"); err != nil {
		return nil, err
	}
	if run.Input == nil {
		return nil, jixiao.Errorf(jixiao.EINVALID, "上传的文件已不在")
	}
	var ev *jixiao.Evaluation
	switch {
	case args.Checked:
		ev = new(jixiao.Evaluation)
		if err := json.Unmarshal(run.Input, ev); err != nil {
			return nil, fmt.Errorf("checked upload of job %d: %w", run.ID, err)
		}
	case a.ReadCase == nil:
		return nil, jixiao.Errorf(jixiao.EINTERNAL, "后台导入不可用")
	default:
		if ev, err = a.ReadCase(run.Input, false); err != nil {
			return nil, invalid(err)
		}
	}
	if err := run.Progress(ctx, 50, "正在保存"); err != nil {
		return nil, err
	}
	info, err := a.ImportEvaluation(ctx, args.Org, ev, args.Replace)
	if jixiao.ErrorCode(err) == jixiao.ECONFLICT && !args.Replace && !args.Checked {
		return nil, jixiao.Errorf(jixiao.ECONFLICT, "%s（查询参数 replace=true）", jixiao.ErrorMessage(err))
	}
	if err != nil {
		return nil, invalid(err)
	}
	out, err := json.Marshal(info)
	if err != nil {
		return nil, err
	}
	res := &jixiao.JobOutput{Name: "导入结果.json", ContentType: "application/json", Data: out}
	if args.Checked {
		verb := "导入"
		if args.Replace {
			verb = "覆盖"
		}
		res.Note = fmt.Sprintf("已%s“%s”：%d年度%s评价", verb, args.Name, info.Year, info.Subject.Title())
	}
	return res, nil
}

// invalid gives the problems of a case (its reading or its validation,
// which come as lists of their own) the code EINVALID, with each problem
// on its line (the first 50); other errors pass.
func invalid(err error) error {
	var es yamlcodec.Errors
	var ps jixiao.Problems
	var lines []string
	switch {
	case errors.As(err, &es):
		for _, e := range es {
			lines = append(lines, e.Error())
		}
	case errors.As(err, &ps):
		for _, p := range ps {
			lines = append(lines, strings.TrimPrefix(p.Path+"：", "：")+p.Message)
		}
	default:
		return err
	}
	head := fmt.Sprintf("案例有%d处问题：", len(lines))
	if len(lines) > 50 {
		lines = append(lines[:50], fmt.Sprintf("……另有%d处", len(lines)-50))
	}
	return jixiao.Errorf(jixiao.EINVALID, "%s\n%s", head, strings.Join(lines, "\n"))
}
