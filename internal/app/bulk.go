package app

import (
	"archive/zip"
	"bytes"
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"path"
	"slices"
	"strings"
	"time"

	"jixiao"
)

// Bounds of bulk downloads.
const (
	// maxBulkFilter bounds the text of a bulk download's filter.
	maxBulkFilter = 200
	// defaultMaxBulkPDF bounds the PDFs of one bulk download (App.MaxBulkPDF):
	// at about two seconds each, well within a job's 30 minutes.
	defaultMaxBulkPDF = 500
	// bulkBusyRetry is how long a bulk job waits before it asks again for
	// a PDF that the full print queue refused (it yields to people waiting
	// for one PDF).
	bulkBusyRetry = 3 * time.Second
)

// bulkFiles names the file each format makes for one evaluation.
var bulkFiles = map[string]string{"docx": "报告.docx", "xlsx": "表.xlsx", "pdf": "报告.pdf", "html": "报告.html"}

// errTooLarge is the ZIP growing past jixiao.MaxJobOutput.
var errTooLarge = errors.New("bulk download too large")

// StartBulk queues the reports (or tables) of the evaluations b chooses
// among those the user sees, into one ZIP file.
func (a *App) StartBulk(ctx context.Context, b *jixiao.BulkReports) (*jixiao.Job, error) {
	u, err := actor(ctx)
	if err != nil {
		return nil, err
	}
	if _, ok := bulkFiles[b.Format]; !ok {
		return nil, jixiao.Errorf(jixiao.EINVALID, "格式“%s”不支持，应为 docx、xlsx、pdf 或 html", b.Format)
	}
	if b.Year < 1990 || b.Year > 2100 {
		return nil, jixiao.Errorf(jixiao.EINVALID, "请指明年度（1990–2100）")
	}
	if len(b.Q) > maxBulkFilter || len(b.Status) > maxBulkFilter || len(b.Subject) > maxBulkFilter || len(b.Grades) > 20 ||
		slices.ContainsFunc(b.Grades, func(g string) bool { return len(g) > maxBulkFilter }) {
		return nil, jixiao.Errorf(jixiao.EINVALID, "筛选条件过长")
	}
	if b.Org != 0 {
		if err := a.allow(ctx, u, actRead, b.Org); err != nil {
			return nil, err
		}
	}
	rows, err := a.bulkRows(ctx, b)
	if err != nil {
		return nil, err
	}
	if len(rows) == 0 {
		return nil, jixiao.Errorf(jixiao.EINVALID, "当前筛选条件下没有评价，无法生成")
	}
	// PDFs take a second or two each: a job must end within its time.
	if maxPDF := cmp.Or(a.MaxBulkPDF, defaultMaxBulkPDF); b.Format == "pdf" && len(rows) > maxPDF {
		return nil, jixiao.Errorf(jixiao.EINVALID, "PDF 一次最多打包 %d 份，当前筛选有 %d 份：请按单位、状态或类型缩小筛选范围，分几次下载（Word、Excel 和网页格式没有这一限制）",
			maxPDF, len(rows))
	}
	return a.enqueue(ctx, u, jixiao.JobBulk, b, nil)
}

// bulkRows are the evaluations b chooses among those the user of ctx
// sees, as the bureau page lists them.
func (a *App) bulkRows(ctx context.Context, b *jixiao.BulkReports) ([]*jixiao.Summary, error) {
	all, _, err := a.Summaries(ctx, jixiao.EvaluationFilter{Limit: 100000, Year: b.Year})
	if err != nil {
		return nil, err
	}
	var rows []*jixiao.Summary
	for _, s := range all {
		if b.Selects(s) {
			rows = append(rows, s)
		}
	}
	return rows, nil
}

// runBulk writes the reports of the evaluations its filter chooses, one
// after another, into one ZIP file of at most jixiao.MaxJobOutput. A
// report that cannot be made is listed (in the job's note and a text file
// in the ZIP) and the others are made; PDFs wait in the shared print queue
// like anybody's.
func (a *App) runBulk(ctx context.Context, run *jixiao.JobRun) (*jixiao.JobOutput, error) {
	var b jixiao.BulkReports
	if err := json.Unmarshal(run.Args, &b); err != nil {
		return nil, jixiao.Errorf(jixiao.EINVALID, "任务参数有误")
	}
	ext, ok := bulkFiles[b.Format]
	if !ok {
		return nil, jixiao.Errorf(jixiao.EINVALID, "任务参数有误")
	}
	ctx, err := a.runAs(ctx, run)
	if err != nil {
		return nil, err
	}
	rows, err := a.bulkRows(ctx, &b)
	if err != nil {
		return nil, err
	}
	if len(rows) == 0 {
		return nil, jixiao.Errorf(jixiao.EINVALID, "筛选条件下已没有评价，无法生成")
	}
	if err := run.Progress(ctx, 0, fmt.Sprintf("已生成 0 / %d 份", len(rows))); err != nil {
		return nil, err
	}
	// The ZIP goes to the queue's spool, part by part, when it has one;
	// otherwise it is kept whole until the end.
	var buf bytes.Buffer
	var dst io.Writer = &buf
	limit := int64(jixiao.MaxJobOutput)
	if run.Spool != nil {
		dst, limit = run.Spool, jixiao.MaxJobSpool
	}
	if a.MaxZip > 0 {
		limit = min(a.MaxZip, limit)
	}
	zw := zip.NewWriter(&capped{w: dst, left: limit})
	names := map[string]int{}
	var failed []string
	last := time.Now()
	for i, s := range rows {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		name := fmt.Sprintf("%s-%d年度%s", strings.ReplaceAll(summaryName(s), " · ", "-"), s.Year, ext)
		e := &entry{zw: zw, names: names, name: name}
		err := a.reportRetrying(ctx, run, i, len(rows), func(ctx context.Context) error {
			_, _, err := a.Report(ctx, s.ID, b.Format, e)
			return err
		})
		if errors.Is(e.err, errTooLarge) {
			return nil, jixiao.Errorf(jixiao.EINVALID, "打包的文件超过上限 %s（已生成 %d / %d 份时）：请按单位、状态或类型缩小筛选范围，分几次下载",
				jixiao.SizeText(limit), i, len(rows))
		}
		if e.err != nil {
			return nil, e.err
		}
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		if err != nil {
			if jixiao.ErrorCode(err) == jixiao.EINTERNAL {
				a.Logger.Error("bulk report", "job", run.ID, "evaluation", s.ID, "err", err)
			}
			failed = append(failed, fmt.Sprintf("%s：%s", summaryName(s), jixiao.ErrorMessage(err)))
		}
		// Progress is written at most twice a second, and at the end.
		if now := time.Now(); now.Sub(last) >= 500*time.Millisecond || i == len(rows)-1 {
			last = now
			if err := run.Progress(ctx, (i+1)*100/len(rows), fmt.Sprintf("已生成 %d / %d 份", i+1, len(rows))); err != nil {
				return nil, err
			}
		}
	}
	note := fmt.Sprintf("已完成，共 %d 份", len(rows)-len(failed))
	if len(failed) > 0 {
		note += fmt.Sprintf("；%d 项未能生成（见压缩包中的“未能生成的评价.txt”）：%s", len(failed), strings.Join(failed[:min(len(failed), 5)], "；"))
		if len(failed) > 5 {
			note += "……"
		}
		note += "。请打开这些评价，按核查结果补全数据后再生成"
		f, err := zw.Create("未能生成的评价.txt")
		if err == nil {
			_, err = io.WriteString(f, "\uFEFF"+strings.Join(failed, "\r\n")+"\r\n")
		}
		if err != nil {
			return nil, bulkWriteError(err, limit)
		}
	}
	if err := zw.Close(); err != nil {
		return nil, bulkWriteError(err, limit)
	}
	what := strings.TrimSuffix(ext, path.Ext(ext))
	out := &jixiao.JobOutput{Name: fmt.Sprintf("%d年度绩效自评%s.zip", b.Year, what), ContentType: "application/zip", Note: note}
	if run.Spool == nil {
		out.Data = buf.Bytes()
	}
	return out, nil
}

// bulkWriteError is an error writing the ZIP: past its bound, in Chinese.
func bulkWriteError(err error, limit int64) error {
	if errors.Is(err, errTooLarge) {
		return jixiao.Errorf(jixiao.EINVALID, "打包的文件超过上限 %s：请按单位、状态或类型缩小筛选范围，分几次下载", jixiao.SizeText(limit))
	}
	return err
}

// reportRetrying runs report, and again after a pause while the print
// queue is full; the job's status says where its current PDF is.
func (a *App) reportRetrying(ctx context.Context, run *jixiao.JobRun, done, total int, report func(context.Context) error) error {
	pct := done * 100 / total
	say := func(status string) {
		if err := run.Progress(ctx, pct, fmt.Sprintf("已生成 %d / %d 份，%s", done, total, status)); err != nil {
			a.Logger.Warn("job progress", "job", run.ID, "err", err)
		}
	}
	qctx := jixiao.WithQueueStatus(ctx, func(s jixiao.QueueStatus) {
		if s.Running {
			say("本份正在转换为 PDF")
		} else {
			say(fmt.Sprintf("本份 PDF 排队中（前面还有 %d 份）", s.Ahead))
		}
	})
	for {
		err := report(qctx)
		if jixiao.ErrorCode(err) != jixiao.ETOOMANY {
			return err
		}
		say("PDF 生成繁忙，稍后自动重试")
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(bulkBusyRetry):
		}
	}
}

// summaryName names an evaluation in a bulk download: the department,
// and the project for a project evaluation.
func summaryName(s *jixiao.Summary) string {
	if s.Subject == jixiao.SubjectProject && s.SubjectKey != "" {
		return fmt.Sprintf("%s · %s", s.OrgName, s.SubjectKey)
	}
	return s.OrgName
}

// capped writes to w until left bytes are written, then fails with
// errTooLarge.
type capped struct {
	w    io.Writer
	left int64
}

func (c *capped) Write(p []byte) (int, error) {
	if int64(len(p)) > c.left {
		return 0, errTooLarge
	}
	c.left -= int64(len(p))
	return c.w.Write(p)
}

// entry is a ZIP entry that is made on the first write, so that a report
// that fails leaves no empty file in the ZIP.
type entry struct {
	zw    *zip.Writer
	names map[string]int // names used, to number repeats
	name  string
	w     io.Writer
	err   error // the first error writing the ZIP
}

func (e *entry) Write(p []byte) (int, error) {
	if e.err != nil {
		return 0, e.err
	}
	if e.w == nil {
		e.names[e.name]++
		name := e.name
		if n := e.names[e.name]; n > 1 {
			name = fmt.Sprintf("%d-%s", n, e.name)
		}
		if e.w, e.err = e.zw.Create(name); e.err != nil {
			return 0, e.err
		}
	}
	n, err := e.w.Write(p)
	if err != nil {
		e.err = err
	}
	return n, e.err
}
