package api

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"

	"jixiao"
	"jixiao/internal/caseio"
	"jixiao/internal/check"
	"jixiao/internal/xlsxio"
	"jixiao/internal/yamlcodec"
)

// filter reads the list filter and page of an evaluation list.
func filter(r *http.Request) (f jixiao.EvaluationFilter, pg, per int, err error) {
	var offset, limit int
	if offset, limit, pg, per, err = page(r); err != nil {
		return
	}
	q := r.URL.Query()
	f = jixiao.EvaluationFilter{Offset: offset, Limit: limit, Status: jixiao.Status(q.Get("status")), Subject: jixiao.Subject(q.Get("subject"))}
	if f.Year, err = intQuery(r, "year", 0); err != nil {
		return
	}
	org, err := intQuery(r, "org", 0)
	if err != nil {
		return
	}
	if org != 0 {
		f.OrgIDs = []int64{int64(org)}
	}
	return f, pg, per, nil
}

var filterParams = append([]Param{
	{"org", "integer", "单位编号"}, {"year", "integer", "年度"}, {"status", "string", "状态：draft、submitted、returned、accepted"},
	{"subject", "string", "评价对象：department 或 project"}}, pageParams...)

func (a *API) summaries(w http.ResponseWriter, r *http.Request) error {
	f, pg, per, err := filter(r)
	if err != nil {
		return err
	}
	items, total, err := a.Evaluations.Summaries(r.Context(), f)
	if err != nil {
		return err
	}
	return pageOf(w, items, total, pg, per)
}

func (a *API) rollup(w http.ResponseWriter, r *http.Request) error {
	org, err := intQuery(r, "org", 0)
	if err != nil {
		return err
	}
	year, err := intQuery(r, "year", 0)
	if err != nil {
		return err
	}
	ru, err := a.Evaluations.Rollup(r.Context(), int64(org), year)
	if err != nil {
		return err
	}
	return ok(w, ru)
}

func (a *API) evaluations(w http.ResponseWriter, r *http.Request) error {
	f, pg, per, err := filter(r)
	if err != nil {
		return err
	}
	items, total, err := a.Evaluations.ListEvaluations(r.Context(), f)
	if err != nil {
		return err
	}
	return pageOf(w, items, total, pg, per)
}

// readCase reads a case from the request body with the case-file decoder:
// errors name the line, column and field.
func readCase(r *http.Request) (*jixiao.Evaluation, error) {
	data, err := readBody(r)
	if err != nil {
		return nil, err
	}
	return ReadCase(data, strings.Contains(r.Header.Get("Content-Type"), "spreadsheetml"))
}

// ReadCase reads a case sent to the server: a workbook (a case workbook or
// filled standard tables; a zip archive, or workbook set), or YAML or JSON
// within the limits of requests. An import job reads its upload with it.
func ReadCase(data []byte, workbook bool) (*jixiao.Evaluation, error) {
	if workbook || bytes.HasPrefix(data, []byte("PK\x03\x04")) {
		return xlsxio.ReadCase("工作簿", data)
	}
	f, err := caseio.ParseLimits("案例", data, yamlcodec.RequestLimits)
	if err != nil {
		return nil, err
	}
	return f.Evaluation, nil
}

func (a *API) importCase(w http.ResponseWriter, r *http.Request) error {
	org, err := intQuery(r, "org", 0)
	if err != nil {
		return err
	}
	ev, err := readCase(r)
	if err != nil {
		return err
	}
	replace := r.URL.Query().Get("replace") == "true"
	info, err := a.Evaluations.ImportEvaluation(r.Context(), int64(org), ev, replace)
	if jixiao.ErrorCode(err) == jixiao.ECONFLICT && !replace {
		return jixiao.Errorf(jixiao.ECONFLICT, "%s（查询参数 replace=true）", jixiao.ErrorMessage(err))
	}
	if err != nil {
		return err
	}
	return ok(w, info)
}

func (a *API) evaluation(w http.ResponseWriter, r *http.Request) error {
	eid, err := id(r, "id")
	if err != nil {
		return err
	}
	_, info, err := a.Evaluations.Evaluation(r.Context(), eid)
	if err != nil {
		return err
	}
	return ok(w, info)
}

func (a *API) deleteEvaluation(w http.ResponseWriter, r *http.Request) error {
	eid, err := id(r, "id")
	if err != nil {
		return err
	}
	v, err := requiredInt(r, "version")
	if err != nil {
		return err
	}
	if err := a.Evaluations.DeleteEvaluation(r.Context(), eid, v); err != nil {
		return err
	}
	return done(w)
}

func requiredInt(r *http.Request, name string) (int64, error) {
	s := r.URL.Query().Get(name)
	v, err := strconv.ParseInt(s, 10, 64)
	if err != nil || v <= 0 {
		return 0, jixiao.Errorf(jixiao.EINVALID, "须给出查询参数 %s（读取时的%s，正整数），实际为“%s”", name, map[string]string{"version": "版本", "revision": "修订号"}[name], s)
	}
	return v, nil
}

func (a *API) permissions(w http.ResponseWriter, r *http.Request) error {
	eid, err := id(r, "id")
	if err != nil {
		return err
	}
	p, err := a.Evaluations.Can(r.Context(), eid)
	if err != nil {
		return err
	}
	return ok(w, p)
}

func (a *API) getCase(w http.ResponseWriter, r *http.Request) error {
	eid, err := id(r, "id")
	if err != nil {
		return err
	}
	ev, info, err := a.Evaluations.Evaluation(r.Context(), eid)
	if err != nil {
		return err
	}
	w.Header().Set("ETag", strconv.Quote(strconv.FormatInt(info.Revision, 10)))
	w.Header().Set("X-Jixiao-Revision", strconv.FormatInt(info.Revision, 10))
	return ok(w, ev)
}

func (a *API) putCase(w http.ResponseWriter, r *http.Request) error {
	eid, err := id(r, "id")
	if err != nil {
		return err
	}
	rev, err := requiredInt(r, "revision")
	if err != nil {
		return err
	}
	ev, err := readCase(r)
	if err != nil {
		return err
	}
	info, err := a.Evaluations.ReplaceCase(r.Context(), eid, rev, ev)
	if err != nil {
		return err
	}
	return ok(w, info)
}

// BudgetRequest replaces a department's budget at version.
type BudgetRequest struct {
	Version int64          `json:"version" zh:"读取时的版本" jx:"required"`
	Budget  *jixiao.Budget `json:"budget" zh:"部门收支预决算"`
}

func (a *API) getBudget(w http.ResponseWriter, r *http.Request) error {
	eid, err := id(r, "id")
	if err != nil {
		return err
	}
	ev, info, err := a.Evaluations.Evaluation(r.Context(), eid)
	if err != nil {
		return err
	}
	w.Header().Set("X-Jixiao-Version", strconv.FormatInt(info.Version, 10))
	if ev.Budget == nil {
		return ok(w, jixiao.Budget{})
	}
	return ok(w, ev.Budget)
}

func (a *API) putBudget(w http.ResponseWriter, r *http.Request) error {
	eid, err := id(r, "id")
	if err != nil {
		return err
	}
	var req BudgetRequest
	if err := decode(r, &req); err != nil {
		return err
	}
	ev, _, err := a.Evaluations.Evaluation(r.Context(), eid)
	if err != nil {
		return err
	}
	ev.Budget = req.Budget
	info, err := a.Evaluations.UpdateEvaluation(r.Context(), eid, req.Version, ev)
	if err != nil {
		return err
	}
	return ok(w, info)
}

func (a *API) years(w http.ResponseWriter, r *http.Request) error {
	eid, err := id(r, "id")
	if err != nil {
		return err
	}
	c, err := a.Evaluations.YearComparison(r.Context(), eid)
	if err != nil {
		return err
	}
	return ok(w, c)
}

func (a *API) findings(w http.ResponseWriter, r *http.Request) error {
	eid, err := id(r, "id")
	if err != nil {
		return err
	}
	fs, err := a.Evaluations.Findings(r.Context(), eid)
	if err != nil {
		return err
	}
	_, info, err := a.Evaluations.Evaluation(r.Context(), eid)
	if err != nil {
		return err
	}
	rep := &check.Report{Case: strconv.FormatInt(eid, 10), Rulebook: &jixiao.Rulebook{Name: info.Rulebook}, Findings: fs}
	return ok(w, rep.ToJSON())
}

// ReportRetryAfter is the Retry-After (seconds) of a report refused because
// the PDF queue is full.
const ReportRetryAfter = "15"

func (a *API) report(w http.ResponseWriter, r *http.Request) error {
	return a.document(w, r, a.Evaluations.Report)
}

// checkReport sends the 核查报告, a document of its own beside the report.
func (a *API) checkReport(w http.ResponseWriter, r *http.Request) error {
	return a.document(w, r, a.Evaluations.CheckReport)
}

// document sends the file write writes of the evaluation in the path, in
// the format the query names (docx by default).
func (a *API) document(w http.ResponseWriter, r *http.Request, write func(context.Context, int64, string, io.Writer) (string, string, error)) error {
	eid, err := id(r, "id")
	if err != nil {
		return err
	}
	format := r.URL.Query().Get("format")
	if format == "" {
		format = "docx"
	}
	var buf bytes.Buffer
	ctype, name, err := write(r.Context(), eid, format, &buf)
	if err != nil {
		if jixiao.ErrorCode(err) == jixiao.ETOOMANY {
			w.Header().Set("Retry-After", ReportRetryAfter) // the PDF queue is full
		}
		return err
	}
	w.Header().Set("Content-Type", ctype)
	if format != "html" {
		attachment(w, name)
	} else {
		// The printable report carries its styles inline, so that the page
		// saved from the browser stands alone. It has no scripts and runs
		// none (sandbox): its inline styles and embedded pictures are all
		// it may load.
		w.Header().Set("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; img-src data:; sandbox allow-modals")
	}
	w.Header().Set("Content-Length", strconv.Itoa(buf.Len()))
	_, err = io.Copy(w, &buf)
	return err
}

// TransitionRequest moves an evaluation through the workflow at version.
type TransitionRequest struct {
	Version  int64          `json:"version" zh:"读取时的版本" jx:"required"`
	Reason   string         `json:"reason,omitempty" zh:"意见"`
	Comments []CommentInput `json:"comments,omitempty" zh:"逐项意见"`
	// Override submits although the report still has blanks (仍要提交),
	// with the reason; without it such a submission is refused (400, the
	// blanks in details).
	Override *jixiao.SubmitOverride `json:"override,omitempty" zh:"仍要提交（报告尚有待填写之处时），须写明理由"`
}

// CommentInput is a reviewer's comment on one item.
type CommentInput struct {
	Item string `json:"item,omitempty" zh:"所指内容（案例路径，如 goals[2]）"`
	Text string `json:"text" zh:"意见" jx:"required"`
}

func (a *API) transition(act jixiao.WorkflowAction) func(w http.ResponseWriter, r *http.Request) error {
	return func(w http.ResponseWriter, r *http.Request) error {
		eid, err := id(r, "id")
		if err != nil {
			return err
		}
		var req TransitionRequest
		if err := decode(r, &req); err != nil {
			return err
		}
		var cs []jixiao.Comment
		for _, c := range req.Comments {
			cs = append(cs, jixiao.Comment{Item: c.Item, Text: c.Text})
		}
		var override []jixiao.SubmitOverride
		if req.Override != nil {
			override = append(override, *req.Override)
		}
		info, err := a.Evaluations.Transition(r.Context(), eid, req.Version, act, req.Reason, cs, override...)
		if err != nil {
			return err
		}
		return ok(w, info)
	}
}

func (a *API) transitions(w http.ResponseWriter, r *http.Request) error {
	eid, err := id(r, "id")
	if err != nil {
		return err
	}
	ts, err := a.Evaluations.Transitions(r.Context(), eid)
	if err != nil {
		return err
	}
	return list(w, ts)
}

func (a *API) comments(w http.ResponseWriter, r *http.Request) error {
	eid, err := id(r, "id")
	if err != nil {
		return err
	}
	cs, err := a.Evaluations.Comments(r.Context(), eid)
	if err != nil {
		return err
	}
	return list(w, cs)
}

func (a *API) evaluationAudit(w http.ResponseWriter, r *http.Request) error {
	eid, err := id(r, "id")
	if err != nil {
		return err
	}
	return a.auditPage(w, r, jixiao.AuditFilter{EvaluationID: eid})
}

func (a *API) audit(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	f := jixiao.AuditFilter{Entity: q.Get("entity")}
	eid, err := intQuery(r, "entity_id", 0)
	if err != nil {
		return err
	}
	uid, err := intQuery(r, "user", 0)
	if err != nil {
		return err
	}
	f.EntityID, f.UserID = int64(eid), int64(uid)
	return a.auditPage(w, r, f)
}

// auditSearch are the search parameters of the audit routes.
var auditSearch = []Param{{"q", "string", "修改前或修改后的值包含的文字"}, {"person", "string", "操作人的姓名或用户名（部分即可）"},
	{"since", "string", "起始日期（含），如 2025-03-01"}, {"until", "string", "截止日期（含），如 2025-03-31"}}

func (a *API) auditPage(w http.ResponseWriter, r *http.Request, f jixiao.AuditFilter) error {
	offset, limit, pg, per, err := page(r)
	if err != nil {
		return err
	}
	f.Offset, f.Limit = offset, limit
	q := r.URL.Query()
	f.Text, f.Person = q.Get("q"), q.Get("person")
	for _, d := range []struct {
		name, title string
		to          *time.Time
		days        int
	}{{"since", "起始日期", &f.Since, 0}, {"until", "截止日期", &f.Until, 1}} {
		if v := q.Get(d.name); v != "" {
			t, err := time.ParseInLocation("2006-01-02", v, time.Local)
			if err != nil {
				return jixiao.Errorf(jixiao.EINVALID, "查询参数 %s（%s）应为日期，如 2025-03-01，实际为“%s”", d.name, d.title, v)
			}
			*d.to = t.AddDate(0, 0, d.days)
		}
	}
	items, total, err := a.Evaluations.Audit(r.Context(), f)
	if err != nil {
		return err
	}
	return pageOf(w, items, total, pg, per)
}
