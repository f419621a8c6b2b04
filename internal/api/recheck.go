package api

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"

	"github.com/shopspring/decimal"

	"jixiao"
)

// SampleRequest draws a re-check sample.
type SampleRequest struct {
	Year int `json:"year" doc:"评价年度"`
	// Seed is the random seed: the same seed and roster give the same
	// sample.
	Seed    int64               `json:"seed" doc:"随机种子，1 至 9007199254740991 的整数；同一名单和同一种子总是抽出同一样本"`
	Method  jixiao.SampleMethod `json:"method,omitempty" doc:"random（简单随机抽样，默认）、amount（按金额分层）或 grade（按自评等级分层）"`
	Size    int                 `json:"size,omitempty" doc:"抽取数量；省略时为名单项数的10%（向上取整）"`
	Include []string            `json:"include,omitempty" doc:"指定项目（项目名称或“单位／项目”），总在样本中"`
}

// OwnEvaluationRequest starts a department's evaluation of its own
// projects (部门评价).
type OwnEvaluationRequest struct {
	Year        int     `json:"year" doc:"评价年度"`
	Evaluations []int64 `json:"evaluations" doc:"要评价的本部门已提交并已评分的自评（评价编号），1 至 50 个"`
}

// RescoreRequest is an evaluator's re-scores of a sampled evaluation.
type RescoreRequest struct {
	Items []jixiao.RescoreInput `json:"items" doc:"评分表的每一项：复核得分，与自评得分不同时须写明理由"`
}

// FeedbackRequest is a department's feedback on a rectification item.
type FeedbackRequest struct {
	Version  int64    `json:"version" doc:"读取时的版本"`
	Evidence []string `json:"evidence,omitempty" doc:"整改证明材料（文字说明）"`
	Link     string   `json:"link,omitempty" doc:"证明材料链接（http:// 或 https://）；与文字说明至少给出一项"`
	Note     string   `json:"note,omitempty" doc:"说明"`
}

// RectActionRequest confirms or returns a rectification item.
type RectActionRequest struct {
	Version int64  `json:"version" doc:"读取时的版本"`
	Note    string `json:"note,omitempty" doc:"说明；退回时为退回理由，必填"`
}

// maxSeed is the largest seed: JSON numbers above 2^53 lose precision in
// many clients.
const maxSeed = 1<<53 - 1

var yearParam = []Param{{"year", "integer", "评价年度"}}

// rechecks returns the re-check service, or an error when the server has
// none.
func (a *API) rechecks() (jixiao.RecheckService, error) {
	if a.Rechecks == nil {
		return nil, jixiao.Errorf(jixiao.EINTERNAL, "抽查复核功能不可用")
	}
	return a.Rechecks, nil
}

// rechecksAnd is the re-check service and the record id of the request's
// path (a sample's, an evaluation's or a rectification item's): the start
// every route of one record shares.
func (a *API) rechecksAnd(r *http.Request) (jixiao.RecheckService, int64, error) {
	rs, err := a.rechecks()
	if err != nil {
		return nil, 0, err
	}
	rid, err := id(r, "id")
	return rs, rid, err
}

// yearQuery reads the required year parameter.
func yearQuery(r *http.Request) (int, error) {
	y, err := intQuery(r, "year", 0)
	if err != nil {
		return 0, err
	}
	if y < 1990 || y > 2100 {
		return 0, jixiao.Errorf(jixiao.EINVALID, "查询参数 year（评价年度）应为四位年份（1990—2100）")
	}
	return y, nil
}

func (a *API) samples(w http.ResponseWriter, r *http.Request) error {
	rs, err := a.rechecks()
	if err != nil {
		return err
	}
	y, err := intQuery(r, "year", 0)
	if err != nil {
		return err
	}
	out, err := rs.Samples(r.Context(), y)
	if err != nil {
		return err
	}
	return list(w, out)
}

func (a *API) evaluateOwn(w http.ResponseWriter, r *http.Request) error {
	rs, err := a.rechecks()
	if err != nil {
		return err
	}
	var req OwnEvaluationRequest
	if err := decode(r, &req); err != nil {
		return err
	}
	rec, err := rs.EvaluateOwn(r.Context(), req.Year, req.Evaluations)
	if err != nil {
		return err
	}
	return ok(w, rec)
}

func (a *API) drawSample(w http.ResponseWriter, r *http.Request) error {
	rs, err := a.rechecks()
	if err != nil {
		return err
	}
	var req SampleRequest
	if err := decode(r, &req); err != nil {
		return err
	}
	if req.Seed < 1 || req.Seed > maxSeed {
		return jixiao.Errorf(jixiao.EINVALID, "seed（随机种子）应为 1 至 %d 的整数", int64(maxSeed))
	}
	switch req.Method {
	case "":
		req.Method = jixiao.SampleRandom
	case jixiao.SampleRandom, jixiao.SampleAmount, jixiao.SampleGrade:
	default:
		return jixiao.Errorf(jixiao.EINVALID, "method（抽样方法）应为 random（简单随机）、amount（按金额分层）或 grade（按等级分层）")
	}
	if req.Size < 0 || req.Size > jixiao.MaxSampleRoster {
		return jixiao.Errorf(jixiao.EINVALID, "size（抽取数量）应在 1 与 %d 之间", jixiao.MaxSampleRoster)
	}
	rec, err := rs.DrawSample(r.Context(), req.Year, jixiao.SampleSpec{Seed: uint64(req.Seed), Method: req.Method, Size: req.Size, Include: req.Include})
	if err != nil {
		return err
	}
	return ok(w, rec)
}

func (a *API) sample(w http.ResponseWriter, r *http.Request) error {
	rs, sid, err := a.rechecksAnd(r)
	if err != nil {
		return err
	}
	res, err := rs.RecheckResult(r.Context(), sid)
	if err != nil {
		return err
	}
	return ok(w, res)
}

func (a *API) recheckSheet(w http.ResponseWriter, r *http.Request) error {
	rs, sid, err := a.rechecksAnd(r)
	if err != nil {
		return err
	}
	eid, err := id(r, "eval")
	if err != nil {
		return err
	}
	sh, err := rs.RecheckSheet(r.Context(), sid, eid)
	if err != nil {
		return err
	}
	return ok(w, sh)
}

func (a *API) rescore(w http.ResponseWriter, r *http.Request) error {
	rs, sid, err := a.rechecksAnd(r)
	if err != nil {
		return err
	}
	eid, err := id(r, "eval")
	if err != nil {
		return err
	}
	var req RescoreRequest
	if err := decode(r, &req); err != nil {
		return err
	}
	if len(req.Items) > jixiao.MaxRecheckItems {
		return jixiao.Errorf(jixiao.EINVALID, "items（评分项）有 %d 项，超过 %d 项的上限", len(req.Items), jixiao.MaxRecheckItems)
	}
	sh, err := rs.SaveRescore(r.Context(), sid, eid, req.Items)
	if err != nil {
		return err
	}
	return ok(w, sh)
}

func (a *API) rectifications(w http.ResponseWriter, r *http.Request) error {
	rs, err := a.rechecks()
	if err != nil {
		return err
	}
	y, err := yearQuery(r)
	if err != nil {
		return err
	}
	org, err := intQuery(r, "org_id", 0)
	if err != nil {
		return err
	}
	var out *jixiao.RectificationYear
	if org > 0 {
		out, err = rs.RectificationsOf(r.Context(), int64(org), y)
	} else {
		out, err = rs.Rectifications(r.Context(), y)
	}
	if err != nil {
		return err
	}
	return ok(w, out)
}

func (a *API) createRectification(w http.ResponseWriter, r *http.Request) error {
	rs, err := a.rechecks()
	if err != nil {
		return err
	}
	var req jixiao.RectificationInput
	if err := decode(r, &req); err != nil {
		return err
	}
	rec, err := rs.CreateRectification(r.Context(), &req)
	if err != nil {
		return err
	}
	return ok(w, rec)
}

func (a *API) rectification(w http.ResponseWriter, r *http.Request) error {
	rs, rid, err := a.rechecksAnd(r)
	if err != nil {
		return err
	}
	rec, err := rs.Rectification(r.Context(), rid)
	if err != nil {
		return err
	}
	return ok(w, rec)
}

func (a *API) rectFeedback(w http.ResponseWriter, r *http.Request) error {
	rs, rid, err := a.rechecksAnd(r)
	if err != nil {
		return err
	}
	var req FeedbackRequest
	if err := decode(r, &req); err != nil {
		return err
	}
	rec, err := rs.RectificationFeedback(r.Context(), rid, req.Version, req.Evidence, req.Link, req.Note)
	if err != nil {
		return err
	}
	return ok(w, rec)
}

func (a *API) rectAction(confirm bool) func(w http.ResponseWriter, r *http.Request) error {
	return func(w http.ResponseWriter, r *http.Request) error {
		rs, err := a.rechecks()
		if err != nil {
			return err
		}
		rid, err := id(r, "id")
		if err != nil {
			return err
		}
		var req RectActionRequest
		if err := decode(r, &req); err != nil {
			return err
		}
		var rec *jixiao.RectificationRecord
		if confirm {
			rec, err = rs.ConfirmRectification(r.Context(), rid, req.Version, req.Note)
		} else {
			rec, err = rs.ReturnRectification(r.Context(), rid, req.Version, req.Note)
		}
		if err != nil {
			return err
		}
		return ok(w, rec)
	}
}

func (a *API) applicationTable(w http.ResponseWriter, r *http.Request) error {
	rs, err := a.rechecks()
	if err != nil {
		return err
	}
	y, err := yearQuery(r)
	if err != nil {
		return err
	}
	t, err := rs.ApplicationTable(r.Context(), y)
	if err != nil {
		return err
	}
	return ok(w, t)
}

func (a *API) applicationXLSX(w http.ResponseWriter, r *http.Request) error {
	rs, err := a.rechecks()
	if err != nil {
		return err
	}
	y, err := yearQuery(r)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	name, err := rs.ApplicationXLSX(r.Context(), y, &buf)
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
	attachment(w, name)
	_, err = w.Write(buf.Bytes())
	return err
}

func (a *API) decide(w http.ResponseWriter, r *http.Request) error {
	rs, eid, err := a.rechecksAnd(r)
	if err != nil {
		return err
	}
	var req jixiao.DecisionInput
	if err := decode(r, &req); err != nil {
		return err
	}
	d, err := rs.Decide(r.Context(), eid, &req)
	if err != nil {
		return err
	}
	return ok(w, d)
}

// recheckRoutes are the routes of re-checks, rectification and results
// application.
func (a *API) recheckRoutes() []Route {
	get, post, put := http.MethodGet, http.MethodPost, http.MethodPut
	amount := decimal.NewFromInt(720)
	return []Route{
		{Method: get, Path: "/recheck/samples", Summary: "抽查样本和部门评价的列表（本人可见的；第三方评价机构只见其负责单位的项目；部门只见本部门的部门评价）", Query: []Param{{"year", "integer", "评价年度（省略：全部年度，最近100个）"}},
			Response: List[*jixiao.SampleRecord]{}, Handle: a.samples},
		{Method: post, Path: "/recheck/samples", Summary: "抽取复核样本（财政复核、管理员）：名单为本人可见的该年度已提交、已通过并已评分的自评，记录随机种子、方法和名单摘要",
			Body: SampleRequest{}, Response: jixiao.SampleRecord{}, Handle: a.drawSample},
		{Method: post, Path: "/department-evaluations", Summary: "组织部门评价（部门的填报人、审核人）：选择本部门该年度已提交并已评分的自评，记为一个样本（method 为 chosen），由本部门在同一张复核评分表上逐项评分，偏差与抽查复核相同；财政局可查看",
			Body: OwnEvaluationRequest{Year: 2024, Evaluations: []int64{12}}, Response: jixiao.SampleRecord{}, Handle: a.evaluateOwn},
		{Method: get, Path: "/recheck/samples/{id}", Summary: "抽查样本及已复核项目的偏差（逐项、逐单位、总体和等级变化）", Response: jixiao.RecheckResult{}, Handle: a.sample},
		{Method: get, Path: "/recheck/samples/{id}/evaluations/{eval}", Summary: "复核评分表：评分表各项的自评得分与复核得分并列", Response: jixiao.RecheckSheet{}, Handle: a.recheckSheet},
		{Method: put, Path: "/recheck/samples/{id}/evaluations/{eval}", Summary: "保存复核评分（第三方评价机构、财政复核；部门评价由本部门的填报人、审核人）：评分表的每一项，得分与自评不同时须写明理由",
			Body: RescoreRequest{}, Response: jixiao.RecheckSheet{}, Handle: a.rescore},
		{Method: get, Path: "/rectifications", Summary: "整改事项：该年度的事项、以前年度尚未完成转入本年度的事项和各年度的完成情况", Query: []Param{yearParam[0], {"org_id", "integer", "只列出这个单位的（如该单位本年度自评页所示）；不填为可见范围内的全部单位"}}, Response: jixiao.RectificationYear{}, Handle: a.rectifications},
		{Method: post, Path: "/rectifications", Summary: "新建整改事项并通知部门（财政复核、管理员）", Body: jixiao.RectificationInput{}, Response: jixiao.RectificationRecord{}, Handle: a.createRectification},
		{Method: post, Path: "/recheck/samples/{id}/rectifications", Summary: "生成整改事项（财政复核、管理员）：样本中复核得分低于自评得分或有复核意见的项目各成一项；已生成的不重复生成",
			Response: RaisedResponse{}, Handle: a.raiseFromRecheck},
		{Method: post, Path: "/evaluations/{id}/rectifications", Summary: "生成整改事项（财政复核、管理员）：已提交自评报告所列的每个存在问题成一项，同位置的改进措施为整改措施；已生成的不重复生成",
			Response: RaisedResponse{}, Handle: a.raiseFromEvaluation},
		{Method: post, Path: "/evaluations/{id}/review-rectifications", Summary: "生成整改事项（财政复核、管理员）：退回自评时写的总体意见和每条逐项意见各成一项，问题来源“审核”；已生成的不重复生成",
			Response: RaisedResponse{}, Handle: a.raiseFromReview},
		{Method: get, Path: "/rectifications/{id}", Summary: "整改事项及其办理记录", Response: jixiao.RectificationRecord{}, Handle: a.rectification},
		{Method: post, Path: "/rectifications/{id}/files", Summary: "上传整改证明文件（部门，事项为通知或退回时；multipart 表单字段 file）：PDF、PNG、JPEG、Word（.docx）或 Excel（.xlsx），每个至多 10 MB，每个事项至多 10 个；随下一次落实反馈提交",
			Body: []byte{}, Response: jixiao.RectFile{}, MaxBody: rectFileBody, Handle: a.uploadRectFile},
		{Method: get, Path: "/rectifications/{id}/files/{file}", Summary: "下载整改证明文件（能查看该事项的用户）", Response: []byte{}, Handle: a.rectFile},
		{Method: post, Path: "/rectifications/{id}/feedback", Summary: "落实反馈（部门）：须附整改证明材料（文字、链接或此前上传的证明文件）", Body: FeedbackRequest{}, Response: jixiao.RectificationRecord{}, Handle: a.rectFeedback},
		{Method: post, Path: "/rectifications/{id}/confirm", Summary: "确认整改（财政复核、管理员）", Body: RectActionRequest{}, Response: jixiao.RectificationRecord{}, Handle: a.rectAction(true)},
		{Method: post, Path: "/rectifications/{id}/return", Summary: "退回整改反馈，须写明理由（财政复核、管理员）", Body: RectActionRequest{}, Response: jixiao.RectificationRecord{}, Handle: a.rectAction(false)},
		{Method: get, Path: "/results-application", Summary: "结果应用表：按评价等级和结果应用规则给出的建议措施和金额，及财政局的决定", Query: yearParam, Response: jixiao.ApplicationTable{}, Handle: a.applicationTable},
		{Method: get, Path: "/results-application/xlsx", Summary: "下载结果应用表（.xlsx）", Query: yearParam, Response: []byte{}, Handle: a.applicationXLSX},
		{Method: get, Path: "/results-application/docx", Summary: "下载结果应用报告（.docx）：各措施的项目数和金额、金额的去向（保留、调剂、收回）和调剂明细、项目明细", Query: yearParam, Response: []byte{}, Handle: a.applicationReport},
		{Method: post, Path: "/results-application/report-jobs", Summary: "在后台生成结果应用报告 PDF（内容与 Word 相同）：立即返回 202 和任务，用 GET /jobs/{id} 查询进度，完成后用 GET /jobs/{id}/result 下载", Query: yearParam, Response: jixiao.Job{}, Status: http.StatusAccepted, Handle: a.startApplicationReport},
		{Method: post, Path: "/evaluations/{id}/decision", Summary: "记录财政局对该评价下一年度预算的决定措施和金额（财政复核、管理员）",
			Body: jixiao.DecisionInput{Action: "压缩", Amount: &amount}, Response: jixiao.ResultDecision{}, Handle: a.decide},
	}
}

// RaisedResponse lists the rectification items raised from a problem
// source, and how many of them are new.
type RaisedResponse struct {
	Items   []*jixiao.RectificationRecord `json:"items"`
	Created int                           `json:"created"`
}

func (a *API) raiseFromRecheck(w http.ResponseWriter, r *http.Request) error {
	return a.raise(w, r, func(rs jixiao.RecheckService, id int64) ([]*jixiao.RectificationRecord, int, error) {
		return rs.RaiseFromRecheck(r.Context(), id)
	})
}

func (a *API) raiseFromEvaluation(w http.ResponseWriter, r *http.Request) error {
	return a.raise(w, r, func(rs jixiao.RecheckService, id int64) ([]*jixiao.RectificationRecord, int, error) {
		return rs.RaiseFromEvaluation(r.Context(), id)
	})
}

func (a *API) raiseFromReview(w http.ResponseWriter, r *http.Request) error {
	return a.raise(w, r, func(rs jixiao.RecheckService, id int64) ([]*jixiao.RectificationRecord, int, error) {
		return rs.RaiseFromReview(r.Context(), id)
	})
}

func (a *API) raise(w http.ResponseWriter, r *http.Request, fn func(jixiao.RecheckService, int64) ([]*jixiao.RectificationRecord, int, error)) error {
	rs, rid, err := a.rechecksAnd(r)
	if err != nil {
		return err
	}
	items, n, err := fn(rs, rid)
	if err != nil {
		return err
	}
	return ok(w, RaisedResponse{Items: items, Created: n})
}

// startApplicationReport queues the PDF of the results-application
// report of the year the query names.
func (a *API) startApplicationReport(w http.ResponseWriter, r *http.Request) error {
	js, err := a.jobs()
	if err != nil {
		return err
	}
	y, err := yearQuery(r)
	if err != nil {
		return err
	}
	j, err := js.StartApplicationReport(r.Context(), y)
	if err != nil {
		return err
	}
	return started(w, j)
}

func (a *API) applicationReport(w http.ResponseWriter, r *http.Request) error {
	rs, err := a.rechecks()
	if err != nil {
		return err
	}
	y, err := yearQuery(r)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	ctype, name, err := rs.ApplicationReport(r.Context(), y, "docx", &buf)
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", ctype)
	attachment(w, name)
	_, err = w.Write(buf.Bytes())
	return err
}

// rectFileBody bounds an evidence file's upload: the file's limit and room
// for the multipart framing. The service refuses a file over its limit.
const rectFileBody = jixiao.MaxRectFileSize + 1<<20

func (a *API) uploadRectFile(w http.ResponseWriter, r *http.Request) error {
	rs, rid, err := a.rechecksAnd(r)
	if err != nil {
		return err
	}
	// Another department's item is not found before the file is read.
	if _, err := rs.Rectification(r.Context(), rid); err != nil {
		return err
	}
	mr, err := r.MultipartReader()
	if err != nil {
		return jixiao.Errorf(jixiao.EINVALID, "请以 multipart/form-data 上传证明文件（表单字段 file），请求不超过 %s", jixiao.SizeText(rectFileBody))
	}
	for {
		p, err := mr.NextPart()
		var tooBig *http.MaxBytesError
		switch {
		case errors.As(err, &tooBig):
			return jixiao.Errorf(jixiao.EINVALID, "上传的证明文件过大：每个文件不能超过 %s", jixiao.SizeText(jixiao.MaxRectFileSize))
		case errors.Is(err, io.EOF):
			return jixiao.Errorf(jixiao.EINVALID, "请求中没有证明文件（表单字段 file）")
		case err != nil:
			return jixiao.Errorf(jixiao.EINVALID, "上传的内容不完整，请重新上传")
		}
		if p.FormName() != "file" {
			p.Close()
			continue
		}
		f, err := rs.AddRectificationFile(r.Context(), rid, p.FileName(), p)
		p.Close()
		if err != nil {
			return err
		}
		return ok(w, f)
	}
}

func (a *API) rectFile(w http.ResponseWriter, r *http.Request) error {
	rs, rid, err := a.rechecksAnd(r)
	if err != nil {
		return err
	}
	fid, err := id(r, "file")
	if err != nil {
		return err
	}
	f, body, err := rs.RectificationFile(r.Context(), rid, fid)
	if err != nil {
		return err
	}
	defer body.Close()
	w.Header().Set("Content-Type", f.ContentType)
	w.Header().Set("Content-Length", strconv.FormatInt(f.Size, 10))
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.Header().Set("Content-Security-Policy", "default-src 'none'; sandbox")
	w.Header().Set("ETag", fmt.Sprintf("%q", f.SHA256))
	attachment(w, f.Name)
	_, err = io.Copy(w, body)
	return err
}
