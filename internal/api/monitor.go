package api

import (
	"net/http"

	"jixiao"
)

// Monitoring rounds (绩效运行监控): a bureau opens a round for its
// departments, each department fills in and submits its entry and
// disposes of its warnings. The warnings are computed, never sent.

// RoundRequest opens a monitoring round.
type RoundRequest struct {
	Year     int         `json:"year" doc:"监控年度"`
	Period   string      `json:"period,omitempty" doc:"监控期间，如“1—7月”（不超过50字）"`
	CutOff   jixiao.Date `json:"cutoff" doc:"数据截止日期，如 2026-07-31"`
	Deadline jixiao.Date `json:"deadline" doc:"填报截止日期（含当日）"`
	Rules    string      `json:"rules,omitempty" doc:"预警规则名：内置规则或服务器指定的规则；省略时为服务器指定的规则，未指定时为 sichuan-2025"`
	// RulesFileID and CalendarFileID choose uploaded versions.
	RulesFileID    int64   `json:"rules_file_id,omitempty" doc:"上传的监控预警规则版本的编号（GET /rule-files?kind=monitor）；与 rules 只填一个"`
	CalendarFileID int64   `json:"calendar_file_id,omitempty" doc:"上传的工作日历版本的编号（GET /rule-files?kind=calendar）；省略时为服务器指定的日历或内置的全国节假日"`
	BureauID       int64   `json:"bureau_id,omitempty" doc:"组织监控的财政部门（仅管理员填写；财政复核以本人所在单位组织）"`
	OrgIDs         []int64 `json:"org_ids" doc:"填报的部门（最多500个）"`
}

// EntryRequest saves (and with submit, submits) a department's entry.
type EntryRequest struct {
	Version    int64                   `json:"version" doc:"读取时的版本"`
	Submit     bool                    `json:"submit,omitempty" doc:"同时提交（提交后产生预警，不能再修改）"`
	Department *jixiao.MonitorFunds    `json:"department,omitempty"`
	Projects   []jixiao.MonitorProject `json:"projects,omitempty"`
}

// DispositionRequest disposes of a warned item.
type DispositionRequest struct {
	Version int64                    `json:"version" doc:"读取时的版本"`
	Project string                   `json:"project" doc:"预警对象：项目编码或名称，部门整体写“部门整体”"`
	Action  jixiao.DispositionAction `json:"action" doc:"继续执行、调剂 或 取消"`
	Reason  string                   `json:"reason" doc:"处置理由（不超过2000字）"`
	Date    jixiao.Date              `json:"date,omitempty" doc:"处置日期；省略时为今天"`
}

func (a *API) monitorRounds(w http.ResponseWriter, r *http.Request) error {
	ms, err := a.monitorService()
	if err != nil {
		return err
	}
	rs, err := ms.MonitorRounds(r.Context())
	if err != nil {
		return err
	}
	return list(w, rs)
}

func (a *API) openMonitorRound(w http.ResponseWriter, r *http.Request) error {
	ms, err := a.monitorService()
	if err != nil {
		return err
	}
	var req RoundRequest
	if err := decode(r, &req); err != nil {
		return err
	}
	if len(req.OrgIDs) > jixiao.MaxRoundEntries {
		return jixiao.Errorf(jixiao.EINVALID, "org_ids（填报的部门）最多%d个", jixiao.MaxRoundEntries)
	}
	round := &jixiao.MonitorRoundRecord{Year: req.Year, Period: req.Period, CutOff: req.CutOff, Deadline: req.Deadline, Rules: req.Rules, BureauID: req.BureauID,
		RulesFileID: req.RulesFileID, CalendarFileID: req.CalendarFileID}
	for _, id := range req.OrgIDs {
		round.Entries = append(round.Entries, jixiao.MonitorEntry{OrgID: id})
	}
	if err := ms.OpenMonitorRound(r.Context(), round); err != nil {
		return err
	}
	return ok(w, round)
}

// monitorRoundReport sends the report of the round in the path as a
// whole, in the format the query names (docx by default).
func (a *API) monitorRoundReport(w http.ResponseWriter, r *http.Request) error {
	ms, err := a.monitorService()
	if err != nil {
		return err
	}
	return a.document(w, r, ms.MonitorRoundReport)
}

// startMonitorRoundReport queues the PDF of the report of the round in
// the path as a whole.
func (a *API) startMonitorRoundReport(w http.ResponseWriter, r *http.Request) error {
	js, err := a.jobs()
	if err != nil {
		return err
	}
	rid, err := id(r, "id")
	if err != nil {
		return err
	}
	j, err := js.StartMonitorRoundReport(r.Context(), rid)
	if err != nil {
		return err
	}
	return started(w, j)
}

func (a *API) monitorRound(w http.ResponseWriter, r *http.Request) error {
	ms, err := a.monitorService()
	if err != nil {
		return err
	}
	rid, err := id(r, "id")
	if err != nil {
		return err
	}
	v, err := ms.MonitorRound(r.Context(), rid)
	if err != nil {
		return err
	}
	return ok(w, v)
}

func (a *API) saveMonitorEntry(w http.ResponseWriter, r *http.Request) error {
	ms, err := a.monitorService()
	if err != nil {
		return err
	}
	eid, err := id(r, "id")
	if err != nil {
		return err
	}
	var req EntryRequest
	if err := decode(r, &req); err != nil {
		return err
	}
	if len(req.Projects) > jixiao.MaxEntryProjects {
		return jixiao.Errorf(jixiao.EINVALID, "projects（项目）最多%d个", jixiao.MaxEntryProjects)
	}
	e, err := ms.SaveMonitorEntry(r.Context(), eid, req.Version, &jixiao.MonitorEntry{Department: req.Department, Projects: req.Projects}, req.Submit)
	if err != nil {
		return err
	}
	return ok(w, e)
}

func (a *API) disposeMonitorWarning(w http.ResponseWriter, r *http.Request) error {
	ms, err := a.monitorService()
	if err != nil {
		return err
	}
	eid, err := id(r, "id")
	if err != nil {
		return err
	}
	var req DispositionRequest
	if err := decode(r, &req); err != nil {
		return err
	}
	e, err := ms.DisposeMonitorWarning(r.Context(), eid, req.Version, jixiao.Disposition{Project: req.Project, Action: req.Action, Reason: req.Reason, Date: req.Date})
	if err != nil {
		return err
	}
	return ok(w, e)
}

// monitorService returns the monitoring service, or an error when the
// server has none.
func (a *API) monitorService() (jixiao.MonitorService, error) {
	if a.Monitoring == nil {
		return nil, jixiao.Errorf(jixiao.ENOTFOUND, "本系统未开通绩效运行监控")
	}
	return a.Monitoring, nil
}
