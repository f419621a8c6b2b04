package app

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"path"
	"slices"
	"strings"
	"unicode/utf8"

	"jixiao"
	"jixiao/internal/check"
	"jixiao/internal/report"
	"jixiao/internal/report/docx"
	"jixiao/internal/report/html"
	"jixiao/internal/report/pdf"
	"jixiao/internal/scoring"
	"jixiao/internal/xlsxio"
)

// ListEvaluations returns the evaluations the user may see that f selects.
func (a *App) ListEvaluations(ctx context.Context, f jixiao.EvaluationFilter) ([]*jixiao.EvaluationInfo, int, error) {
	u, err := actor(ctx)
	if err != nil {
		return nil, 0, err
	}
	all, ids, err := a.scope(ctx, u)
	if err != nil {
		return nil, 0, err
	}
	if !all {
		if f.OrgIDs == nil {
			f.OrgIDs = ids
		} else {
			f.OrgIDs = slices.DeleteFunc(slices.Clone(f.OrgIDs), func(id int64) bool { return !slices.Contains(ids, id) })
		}
	}
	return a.db.ListEvaluations(ctx, f)
}

// Evaluation returns a whole case.
func (a *App) Evaluation(ctx context.Context, id int64) (*jixiao.Evaluation, *jixiao.EvaluationInfo, error) {
	if _, _, err := a.evaluation(ctx, id, actRead); err != nil {
		return nil, nil, err
	}
	return a.db.LoadEvaluation(ctx, id)
}

// ImportEvaluation stores a case for organisation orgID (0: the user's own).
func (a *App) ImportEvaluation(ctx context.Context, orgID int64, ev *jixiao.Evaluation, replace bool) (*jixiao.EvaluationInfo, error) {
	u, err := actor(ctx)
	if err != nil {
		return nil, err
	}
	if orgID == 0 {
		orgID = u.OrgID
	}
	if orgID == 0 {
		return nil, jixiao.Errorf(jixiao.EINVALID, "请指定评价所属的单位")
	}
	if err := a.allow(ctx, u, actWrite, orgID); err != nil {
		return nil, err
	}
	o, err := a.db.Org(ctx, orgID)
	if err != nil {
		return nil, err
	}
	if o.Kind != jixiao.OrgDepartment {
		return nil, jixiao.Errorf(jixiao.EINVALID, "评价只能属于部门（单位类型 department），“%s”不是部门", o.Name)
	}
	if err := a.pinRulebook(ctx, ev); err != nil {
		return nil, err
	}
	return a.db.ImportEvaluation(ctx, u, orgID, ev, replace)
}

// ReplaceCase replaces a whole case at revision.
func (a *App) ReplaceCase(ctx context.Context, id, revision int64, ev *jixiao.Evaluation) (*jixiao.EvaluationInfo, error) {
	u, _, err := a.evaluation(ctx, id, actWrite)
	if err != nil {
		return nil, err
	}
	if err := a.pinRulebook(ctx, ev); err != nil {
		return nil, err
	}
	return a.db.ReplaceCase(ctx, u, id, revision, ev)
}

// UpdateEvaluation replaces an evaluation's own fields and sections.
func (a *App) UpdateEvaluation(ctx context.Context, id, version int64, ev *jixiao.Evaluation) (*jixiao.EvaluationInfo, error) {
	u, _, err := a.evaluation(ctx, id, actWrite)
	if err != nil {
		return nil, err
	}
	if err := a.pinRulebook(ctx, ev); err != nil {
		return nil, err
	}
	return a.db.UpdateEvaluation(ctx, u, id, version, ev)
}

// DeleteEvaluation deletes a draft.
func (a *App) DeleteEvaluation(ctx context.Context, id, version int64) error {
	u, _, err := a.evaluation(ctx, id, actWrite)
	if err != nil {
		return err
	}
	return a.db.DeleteEvaluation(ctx, u, id, version)
}

// score loads and scores evaluation id for a user who may read it.
func (a *App) score(ctx context.Context, id int64) (*jixiao.Evaluation, *jixiao.Rulebook, *jixiao.Scorecard, jixiao.Problems, error) {
	ev, _, err := a.Evaluation(ctx, id)
	if err != nil {
		return nil, nil, nil, nil, err
	}
	rb, err := a.rulebookOf(ctx, ev)
	if err != nil {
		return nil, nil, nil, nil, err
	}
	sc, err := scoring.Score(ev, rb)
	if ps, ok := err.(jixiao.Problems); ok {
		return ev, rb, nil, ps, nil
	}
	return ev, rb, sc, nil, err
}

// Scorecard scores evaluation id; an unchanged evaluation's scorecard is
// recalled (scorecards.go). The scorecard is shared: callers must not
// change it.
func (a *App) Scorecard(ctx context.Context, id int64) (*jixiao.Scorecard, error) {
	_, info, err := a.evaluation(ctx, id, actRead)
	if err != nil {
		return nil, err
	}
	k, err := a.cachedScore(ctx, info)
	if err != nil {
		return nil, hide(err)
	}
	if k.problems != nil {
		return nil, k.problems
	}
	return k.sc, nil
}

// Assess loads, scores and checks evaluation id.
func (a *App) Assess(ctx context.Context, id int64) (*jixiao.Assessment, error) {
	can, err := a.Can(ctx, id)
	if err != nil {
		return nil, err
	}
	ev, info, err := a.db.LoadEvaluation(ctx, id)
	if err != nil {
		return nil, hide(err)
	}
	as := &jixiao.Assessment{Evaluation: ev, Info: info, Can: can}
	return as, a.assess(ctx, as)
}

// AssessCase scores and checks a case that is not stored.
func (a *App) AssessCase(ctx context.Context, ev *jixiao.Evaluation) (*jixiao.Assessment, error) {
	if _, err := actor(ctx); err != nil {
		return nil, err
	}
	as := &jixiao.Assessment{Evaluation: ev}
	return as, a.assess(ctx, as)
}

// assess scores and checks as.Evaluation into as.
func (a *App) assess(ctx context.Context, as *jixiao.Assessment) error {
	ev := as.Evaluation
	rb, err := a.rulebookOf(ctx, ev)
	if err != nil {
		as.ScoreProblems = jixiao.Problems{{Path: "rulebook", Message: jixiao.ErrorMessage(err)}}
		return nil
	}
	sc, err := scoring.Score(ev, rb)
	ps, isProblems := err.(jixiao.Problems)
	if err != nil && !isProblems {
		return err
	}
	if isProblems {
		sc = nil
	}
	as.Scorecard, as.ScoreProblems = sc, ps
	as.Findings = check.Check(check.Input{Evaluation: ev, Rulebook: rb, Scorecard: sc, ScoreProblems: ps})
	if as.Info != nil {
		// A stored evaluation created from a declaration's baseline is
		// compared with the approved version it names (D05).
		fs, err := a.baselineFindings(ctx, as.Info.OrgID, ev)
		if err != nil {
			return err
		}
		as.Findings = append(as.Findings, fs...)
	}
	return nil
}

// Findings checks evaluation id, against its baseline too (D05) when it
// was created from an approved declaration.
func (a *App) Findings(ctx context.Context, id int64) ([]jixiao.Finding, error) {
	ev, rb, sc, ps, err := a.score(ctx, id)
	if err != nil {
		return nil, err
	}
	fs := check.Check(check.Input{Evaluation: ev, Rulebook: rb, Scorecard: sc, ScoreProblems: ps})
	if ev.Baseline != nil {
		info, err := a.db.EvaluationInfo(ctx, id)
		if err != nil {
			return nil, err
		}
		more, err := a.baselineFindings(ctx, info.OrgID, ev)
		if err != nil {
			return nil, err
		}
		fs = append(fs, more...)
	}
	return fs, nil
}

// Report writes evaluation id's report or tables in format: what the unit
// submits, which never holds the checker's findings (CheckReport does).
func (a *App) Report(ctx context.Context, id int64, format string, w io.Writer) (string, string, error) {
	if !slices.Contains([]string{"docx", "html", "pdf", "xlsx"}, format) {
		return "", "", jixiao.Errorf(jixiao.EINVALID, "报告格式“%s”不支持，应为 docx、html、pdf 或 xlsx", format)
	}
	ev, _, sc, ps, err := a.score(ctx, id)
	if err != nil {
		return "", "", err
	}
	if ps != nil {
		return "", "", ps
	}
	name := fmt.Sprintf("%s-%d年度%s绩效自评", ev.Name(), ev.Year, ev.Subject.Title())
	if format == "xlsx" {
		var buf bytes.Buffer
		if err := xlsxio.Export(&buf, ev, sc); err != nil {
			return "", "", err
		}
		if _, err := io.Copy(w, &buf); err != nil {
			return "", "", err
		}
		return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", name + "表.xlsx", nil
	}
	// The conclusion compares the year with the one before, from the
	// stored evaluations of the same subject.
	opt := report.DefaultOptions
	if opt.Years, err = a.YearComparison(ctx, id); err != nil {
		return "", "", err
	}
	// 存在的问题及改进措施 counts the department's earlier rectification
	// and lists the open items carried into the year, as the
	// self-evaluation page shows them.
	info, err := a.db.EvaluationInfo(ctx, id)
	if err != nil {
		return "", "", err
	}
	if opt.Rectification, err = a.carriedInto(ctx, info.OrgID, ev.Year); err != nil {
		return "", "", err
	}
	opt.Today = a.today()
	ctype, err := a.writeDocument(ctx, format, report.Build(ev, sc, opt), w)
	if err != nil {
		return "", "", err
	}
	return ctype, name + "报告." + format, nil
}

// CheckReport writes the 核查报告 of evaluation id in format (docx, html or
// pdf): the checker's findings, for the unit before it submits and for the
// reviewer. It is a document of its own, never part of the submission, and
// is made also when the case cannot be scored yet (the findings say why).
func (a *App) CheckReport(ctx context.Context, id int64, format string, w io.Writer) (string, string, error) {
	if !slices.Contains([]string{"docx", "html", "pdf"}, format) {
		return "", "", jixiao.Errorf(jixiao.EINVALID, "核查报告格式“%s”不支持，应为 docx、html 或 pdf", format)
	}
	ev, rb, sc, ps, err := a.score(ctx, id)
	if err != nil {
		return "", "", err
	}
	findings := check.Check(check.Input{Evaluation: ev, Rulebook: rb, Scorecard: sc, ScoreProblems: ps})
	name := fmt.Sprintf("%s-%d年度%s绩效自评核查报告.%s", ev.Name(), ev.Year, ev.Subject.Title(), format)
	ctype, err := a.writeDocument(ctx, format, report.Review(ev, rb, sc, findings), w)
	if err != nil {
		return "", "", err
	}
	return ctype, name, nil
}

// writeDocument renders doc in format (docx, html or pdf) to w and returns
// its content type. The whole file is made before any of it is written.
func (a *App) writeDocument(ctx context.Context, format string, doc *report.Document, w io.Writer) (string, error) {
	var buf bytes.Buffer
	var ctype string
	var err error
	switch format {
	case "docx":
		ctype = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
		err = docx.Render(&buf, doc)
	case "html":
		ctype = "text/html; charset=utf-8"
		err = html.Render(&buf, doc)
	case "pdf":
		ctype = "application/pdf"
		var page bytes.Buffer
		if err = docx.Render(&page, doc); err == nil {
			var data []byte
			if a.Printer != nil {
				data, err = a.Printer.Print(ctx, page.Bytes())
			} else {
				data, err = pdf.Print(ctx, page.Bytes(), pdf.Options{})
			}
			if err == nil {
				buf.Write(data)
			}
		}
	default:
		return "", jixiao.Errorf(jixiao.EINVALID, "文件格式“%s”不支持，应为 docx、html 或 pdf", format)
	}
	if err != nil {
		return "", err
	}
	if _, err := io.Copy(w, &buf); err != nil {
		return "", err
	}
	return ctype, nil
}

// Transition moves an evaluation through the review workflow. Submitting
// is refused while the report has blanks, unless overridden (see
// submitNote).
func (a *App) Transition(ctx context.Context, id, version int64, act jixiao.WorkflowAction, reason string, comments []jixiao.Comment, override ...jixiao.SubmitOverride) (*jixiao.EvaluationInfo, error) {
	var need action
	var from []jixiao.Status
	var to jixiao.Status
	switch act {
	case jixiao.ActionSubmit:
		need, from, to = actSubmit, []jixiao.Status{jixiao.StatusDraft, jixiao.StatusReturned}, jixiao.StatusSubmitted
	case jixiao.ActionReturn:
		need, from, to = actReview, []jixiao.Status{jixiao.StatusSubmitted}, jixiao.StatusReturned
		if strings.TrimSpace(reason) == "" && len(comments) == 0 {
			return nil, jixiao.Errorf(jixiao.EINVALID, "退回时须写明意见（总体意见或逐项意见）")
		}
	case jixiao.ActionAccept:
		need, from, to = actReview, []jixiao.Status{jixiao.StatusSubmitted}, jixiao.StatusAccepted
	case jixiao.ActionReopen:
		need, from, to = actReopen, []jixiao.Status{jixiao.StatusAccepted}, jixiao.StatusReturned
		if strings.TrimSpace(reason) == "" {
			return nil, jixiao.Errorf(jixiao.EINVALID, "重新打开时须写明原因，部门会看到这个原因")
		}
	default:
		return nil, jixiao.Errorf(jixiao.EINVALID, "操作“%s”无效，应为提交（submit）、退回（return）、通过（accept）或重新打开（reopen）", act)
	}
	u, _, err := a.evaluation(ctx, id, need)
	if err != nil {
		return nil, err
	}
	if act == jixiao.ActionReopen {
		if err := a.allowReopen(ctx, u, id); err != nil {
			return nil, err
		}
	}
	for _, c := range comments {
		if strings.TrimSpace(c.Text) == "" {
			return nil, jixiao.Errorf(jixiao.EINVALID, "逐项意见不能为空（%s）", c.Item)
		}
	}
	if act == jixiao.ActionSubmit {
		if reason, err = a.submitNote(ctx, id, version, reason, override); err != nil {
			return nil, err
		}
	}
	return a.db.Transition(ctx, u, id, version, from, to, reason, comments)
}

// submitNote refuses to submit evaluation id at version while its report
// has blanks (jixiao.NarrativeBlanks: the placeholders 【待填写：…】 it
// would print, F05), unless override gives a reason. It returns the note
// the history records: the submitter's own, and for an override the
// blanks and the reason. A stale version is left to the store, which
// refuses it.
func (a *App) submitNote(ctx context.Context, id, version int64, note string, override []jixiao.SubmitOverride) (string, error) {
	if len(override) > 1 {
		return "", jixiao.Errorf(jixiao.EINVALID, "“仍要提交”只能给出一次")
	}
	ev, info, err := a.db.LoadEvaluation(ctx, id)
	if err != nil {
		return "", hide(err)
	}
	blanks := jixiao.NarrativeBlanks(ev)
	if info.Version != version || len(blanks) == 0 {
		return note, nil
	}
	e := &jixiao.BlanksError{Blanks: blanks}
	if len(override) == 0 {
		return "", e
	}
	why := strings.TrimSpace(override[0].Reason)
	switch n := utf8.RuneCountInString(why); {
	case n == 0:
		return "", jixiao.Errorf(jixiao.EINVALID, "选择“仍要提交”时须写明理由（报告尚有%d处待填写：%s）", len(blanks), e.Sections())
	case n > jixiao.MaxOverrideReason:
		return "", jixiao.Errorf(jixiao.EINVALID, "“仍要提交”的理由不能超过%d字，现有%d字", jixiao.MaxOverrideReason, n)
	}
	over := fmt.Sprintf("仍要提交：报告尚有%d处待填写（%s），理由：%s", len(blanks), e.Sections(), why)
	if note = strings.TrimSpace(note); note != "" {
		return note + "；" + over, nil
	}
	return over, nil
}

// Transitions returns an evaluation's workflow history.
func (a *App) Transitions(ctx context.Context, id int64) ([]*jixiao.Transition, error) {
	if _, _, err := a.evaluation(ctx, id, actRead); err != nil {
		return nil, err
	}
	return a.db.Transitions(ctx, id)
}

// Comments returns the reviewers' comments on an evaluation.
func (a *App) Comments(ctx context.Context, id int64) ([]*jixiao.Comment, error) {
	if _, _, err := a.evaluation(ctx, id, actRead); err != nil {
		return nil, err
	}
	return a.db.Comments(ctx, id)
}

// Indicators lists an evaluation's indicators.
func (a *App) Indicators(ctx context.Context, evalID int64) ([]*jixiao.IndicatorRecord, error) {
	if _, _, err := a.evaluation(ctx, evalID, actRead); err != nil {
		return nil, err
	}
	return a.db.Indicators(ctx, evalID)
}

// indicator authorises act on indicator id and returns it.
func (a *App) indicator(ctx context.Context, id int64, act action) (*jixiao.User, *jixiao.IndicatorRecord, error) {
	r, err := a.db.Indicator(ctx, id)
	if err != nil {
		return nil, nil, hide(err)
	}
	u, _, err := a.evaluation(ctx, r.EvaluationID, act)
	return u, r, err
}

// hide turns not-found into the message that does not tell whether the
// record exists.
func hide(err error) error {
	if jixiao.ErrorCode(err) == jixiao.ENOTFOUND {
		return jixiao.Errorf(jixiao.ENOTFOUND, "记录不存在或无权访问")
	}
	return err
}

// Indicator returns an indicator.
func (a *App) Indicator(ctx context.Context, id int64) (*jixiao.IndicatorRecord, error) {
	_, r, err := a.indicator(ctx, id, actRead)
	return r, err
}

// CreateIndicator adds an indicator.
func (a *App) CreateIndicator(ctx context.Context, evalID int64, owner jixiao.Owner, in *jixiao.Indicator) (*jixiao.IndicatorRecord, error) {
	u, _, err := a.evaluation(ctx, evalID, actWrite)
	if err != nil {
		return nil, err
	}
	return a.db.CreateIndicator(ctx, u, evalID, owner, in)
}

// CreateIndicators adds indicators, all or none.
func (a *App) CreateIndicators(ctx context.Context, evalID int64, owner jixiao.Owner, ins []jixiao.Indicator) ([]*jixiao.IndicatorRecord, error) {
	u, _, err := a.evaluation(ctx, evalID, actWrite)
	if err != nil {
		return nil, err
	}
	return a.db.CreateIndicators(ctx, u, evalID, owner, ins)
}

// UpdateIndicator changes an indicator.
func (a *App) UpdateIndicator(ctx context.Context, id, version int64, in *jixiao.Indicator) (*jixiao.IndicatorRecord, error) {
	u, _, err := a.indicator(ctx, id, actWrite)
	if err != nil {
		return nil, err
	}
	return a.db.UpdateIndicator(ctx, u, id, version, in)
}

// DeleteIndicator removes an indicator.
func (a *App) DeleteIndicator(ctx context.Context, id, version int64) error {
	u, _, err := a.indicator(ctx, id, actWrite)
	if err != nil {
		return err
	}
	return a.db.DeleteIndicator(ctx, u, id, version)
}

// Goals lists an evaluation's sub-goals.
func (a *App) Goals(ctx context.Context, evalID int64) ([]*jixiao.GoalRecord, error) {
	if _, _, err := a.evaluation(ctx, evalID, actRead); err != nil {
		return nil, err
	}
	return a.db.Goals(ctx, evalID)
}

func (a *App) goal(ctx context.Context, id int64, act action) (*jixiao.User, *jixiao.GoalRecord, error) {
	g, err := a.db.Goal(ctx, id)
	if err != nil {
		return nil, nil, hide(err)
	}
	u, _, err := a.evaluation(ctx, g.EvaluationID, act)
	return u, g, err
}

// Goal returns a sub-goal.
func (a *App) Goal(ctx context.Context, id int64) (*jixiao.GoalRecord, error) {
	_, g, err := a.goal(ctx, id, actRead)
	return g, err
}

// UpdateGoal changes a sub-goal.
func (a *App) UpdateGoal(ctx context.Context, id, version int64, g *jixiao.Goal) (*jixiao.GoalRecord, error) {
	u, _, err := a.goal(ctx, id, actWrite)
	if err != nil {
		return nil, err
	}
	return a.db.UpdateGoal(ctx, u, id, version, g)
}

// Projects lists an evaluation's projects.
func (a *App) Projects(ctx context.Context, evalID int64) ([]*jixiao.ProjectRecord, error) {
	if _, _, err := a.evaluation(ctx, evalID, actRead); err != nil {
		return nil, err
	}
	return a.db.Projects(ctx, evalID)
}

func (a *App) project(ctx context.Context, id int64, act action) (*jixiao.User, *jixiao.ProjectRecord, error) {
	p, err := a.db.Project(ctx, id)
	if err != nil {
		return nil, nil, hide(err)
	}
	u, _, err := a.evaluation(ctx, p.EvaluationID, act)
	return u, p, err
}

// Project returns a project.
func (a *App) Project(ctx context.Context, id int64) (*jixiao.ProjectRecord, error) {
	_, p, err := a.project(ctx, id, actRead)
	return p, err
}

// UpdateProject changes a project.
func (a *App) UpdateProject(ctx context.Context, id, version int64, p *jixiao.Project) (*jixiao.ProjectRecord, error) {
	u, _, err := a.project(ctx, id, actWrite)
	if err != nil {
		return nil, err
	}
	return a.db.UpdateProject(ctx, u, id, version, p)
}

// allowedTypes are the evidence files accepted, by sniffed content type.
var allowedTypes = map[string]string{
	"application/pdf": ".pdf", "image/png": ".png", "image/jpeg": ".jpg", "image/gif": ".gif", "image/webp": ".webp",
	"application/zip": ".zip/.docx/.xlsx", "text/plain; charset=utf-8": ".txt", "application/vnd.ms-excel": ".xls", "application/msword": ".doc",
}

// UploadFile stores an evidence file after checking its size and type
// (sniffed from its content, not trusted from the client).
func (a *App) UploadFile(ctx context.Context, evalID int64, name, _ string, data []byte) (*jixiao.FileInfo, error) {
	u, _, err := a.evaluation(ctx, evalID, actWrite)
	if err != nil {
		return nil, err
	}
	if int64(len(data)) > a.MaxFileSize {
		return nil, jixiao.Errorf(jixiao.EINVALID, "文件“%s”过大（%s），佐证材料不能超过 %s", name, jixiao.SizeText(int64(len(data))), jixiao.SizeText(a.MaxFileSize))
	}
	if len(data) == 0 {
		return nil, jixiao.Errorf(jixiao.EINVALID, "文件“%s”是空的", name)
	}
	ctype := http.DetectContentType(data)
	if ctype == "application/octet-stream" && isOLE(data) {
		ctype = oleType(name)
	}
	if _, ok := allowedTypes[ctype]; !ok {
		return nil, jixiao.Errorf(jixiao.EINVALID, "文件“%s”的类型（%s）不允许上传；佐证材料可以是 PDF、图片（PNG、JPEG）、Word、Excel、文本或 ZIP", name, ctype)
	}
	name = path.Base(strings.ReplaceAll(name, `\`, "/"))
	return a.db.SaveFile(ctx, u, evalID, name, ctype, data)
}

// isOLE reports an old Office (.doc, .xls) compound file.
func isOLE(data []byte) bool {
	return bytes.HasPrefix(data, []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1})
}

func oleType(name string) string {
	if strings.HasSuffix(strings.ToLower(name), ".xls") {
		return "application/vnd.ms-excel"
	}
	return "application/msword"
}

// File returns a stored file.
func (a *App) File(ctx context.Context, id int64) (*jixiao.FileInfo, []byte, error) {
	f, data, err := a.db.File(ctx, id)
	if err != nil {
		return nil, nil, hide(err)
	}
	if _, _, err := a.evaluation(ctx, f.EvaluationID, actRead); err != nil {
		return nil, nil, err
	}
	return f, data, nil
}

// Files lists an evaluation's evidence files.
func (a *App) Files(ctx context.Context, evalID int64) ([]*jixiao.FileInfo, error) {
	if _, _, err := a.evaluation(ctx, evalID, actRead); err != nil {
		return nil, err
	}
	return a.db.Files(ctx, evalID)
}

// Evidence lists an indicator's evidence.
func (a *App) Evidence(ctx context.Context, indicatorID int64) ([]*jixiao.EvidenceRecord, error) {
	if _, _, err := a.indicator(ctx, indicatorID, actRead); err != nil {
		return nil, err
	}
	return a.db.Evidence(ctx, indicatorID)
}

// AddEvidence attaches evidence to an indicator.
func (a *App) AddEvidence(ctx context.Context, indicatorID int64, e jixiao.Evidence, fileID int64) (*jixiao.EvidenceRecord, error) {
	u, _, err := a.indicator(ctx, indicatorID, actWrite)
	if err != nil {
		return nil, err
	}
	return a.db.AddEvidence(ctx, u, indicatorID, e, fileID)
}

// Audit returns audit entries the user may read: everything for
// administrators and auditors; for others, the history of an evaluation
// (or a record in it) they may see, or their own actions.
func (a *App) Audit(ctx context.Context, f jixiao.AuditFilter) ([]*jixiao.AuditEntry, int, error) {
	u, err := actor(ctx)
	if err != nil {
		return nil, 0, err
	}
	all, _, err := a.scope(ctx, u)
	if err != nil {
		return nil, 0, err
	}
	switch {
	case all && slices.Contains(permissions[u.Role], actAudit):
	case f.EvaluationID != 0:
		_, info, err := a.evaluation(ctx, f.EvaluationID, actAudit)
		if err != nil {
			return nil, 0, err
		}
		// Only the history within the evaluation's own organisation.
		f.OrgID = info.OrgID
	case f.Entity != "" && f.EntityID != 0:
		evalID, err := a.entityEvaluation(ctx, f.Entity, f.EntityID)
		if err != nil {
			return nil, 0, err
		}
		_, info, err := a.evaluation(ctx, evalID, actAudit)
		if err != nil {
			return nil, 0, err
		}
		// Only the record's history within its evaluation and organisation.
		f.EvaluationID, f.OrgID = evalID, info.OrgID
	case f.UserID == u.ID:
	default:
		return nil, 0, jixiao.Errorf(jixiao.EFORBIDDEN, "请指定要查看的评价或记录（只有管理员和审计人员可以查看全部审计日志）")
	}
	return a.db.Audit(ctx, f)
}

// entityEvaluation returns the evaluation a record belongs to.
func (a *App) entityEvaluation(ctx context.Context, entity string, id int64) (int64, error) {
	switch entity {
	case "evaluation":
		return id, nil
	case "indicator":
		r, err := a.db.Indicator(ctx, id)
		if err != nil {
			return 0, hide(err)
		}
		return r.EvaluationID, nil
	case "goal":
		g, err := a.db.Goal(ctx, id)
		if err != nil {
			return 0, hide(err)
		}
		return g.EvaluationID, nil
	case "project":
		p, err := a.db.Project(ctx, id)
		if err != nil {
			return 0, hide(err)
		}
		return p.EvaluationID, nil
	}
	return 0, jixiao.Errorf(jixiao.EFORBIDDEN, "只有管理员和审计人员可以查看%s的审计日志", entity)
}
