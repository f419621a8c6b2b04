package web

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"path"
	"reflect"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/shopspring/decimal"

	"jixiao"
	"jixiao/internal/xlsxio"
	"jixiao/internal/yamlcodec"
)

// Mid-year monitoring (绩效运行监控): the list of rounds (and the form a
// bureau opens one with), a round's page (warnings per level, a chart of
// each department's execution rate against the time progress, the
// departments' entries), a department's entry (the fill-in form and the
// monitoring workbook's upload while it is open; its warnings and their
// dispositions once submitted) and the workbook's download. Every action
// goes through the MonitorService, which enforces the permissions.

// Form bounds of an entry.
const (
	newMonitorRows     = 3    // blank project and indicator rows offered
	maxMonitorRows     = 200  // project rows, and indicator rows, a form may send
	maxMonitorField    = 2000 // characters of one field
	maxMonitorAmount   = 30   // characters of an amount
	maxMonitorWorkbook = 4 << 20
)

func (w *Web) monitoring() (jixiao.MonitorService, error) {
	if w.Monitoring == nil {
		return nil, jixiao.Errorf(jixiao.ENOTFOUND, "本系统未开通绩效运行监控")
	}
	return w.Monitoring, nil
}

// mayOpenRound: the roles that issue work to departments (the service
// decides; the page only offers the form).
func mayOpenRound(u *jixiao.User) bool {
	return u.Role == jixiao.RoleAdmin || u.Role == jixiao.RoleReviewer
}

// mayFill: the roles that fill in a department's entry.
func mayFill(u *jixiao.User) bool {
	return u.Role == jixiao.RoleAdmin || u.Role == jixiao.RolePreparer || u.Role == jixiao.RoleApprover
}

func (w *Web) monitorRounds(rw http.ResponseWriter, r *http.Request) error {
	ms, err := w.monitoring()
	if err != nil {
		return err
	}
	u := ctxUser(r.Context())
	rounds, err := ms.MonitorRounds(r.Context())
	if err != nil {
		return err
	}
	data := map[string]any{"Rounds": rounds, "CanOpen": mayOpenRound(u), "Year": jixiao.TaskDay(time.Now()).Year(),
		"Rules": w.MonitorRules, "Calendar": w.Calendar}
	if mayOpenRound(u) {
		orgs, err := w.Users.Orgs(r.Context())
		if err != nil {
			return err
		}
		var depts []*jixiao.OrgRecord
		for _, o := range orgs {
			if o.Kind == jixiao.OrgDepartment {
				depts = append(depts, o)
			}
		}
		data["Departments"] = depts
		by, err := w.ruleFilesByKind(r)
		if err != nil {
			return err
		}
		data["RuleFiles"], data["Calendars"] = by[jixiao.RuleFileMonitor], by[jixiao.RuleFileCalendar]
	}
	// The in-app notices of monitoring: overdue dispositions, and their
	// escalation to the bureau (the reminders job's).
	if ts, ok := w.Evaluations.(jixiao.TaskService); ok {
		ns, err := ts.Notices(r.Context())
		if err != nil {
			return err
		}
		var mine []*jixiao.TaskReminder
		for _, n := range ns {
			if n.Kind == jixiao.RemindMonitorOverdue || n.Kind == jixiao.RemindMonitorEscalate {
				mine = append(mine, n)
			}
		}
		data["Notices"] = mine
	}
	w.render(rw, r, http.StatusOK, "monitoring", &page{Title: "绩效运行监控", Nav: "monitoring", Data: data})
	return nil
}

// formDate reads a date field, naming it in the error.
func formDate(r *http.Request, name, title string) (jixiao.Date, error) {
	s := strings.TrimSpace(r.FormValue(name))
	if s == "" {
		return jixiao.Date{}, nil
	}
	if len(s) > 30 {
		return jixiao.Date{}, jixiao.Errorf(jixiao.EINVALID, "%s过长", title)
	}
	d, err := jixiao.ParseDate(s)
	if err != nil {
		return jixiao.Date{}, jixiao.Errorf(jixiao.EINVALID, "%s“%s”不是日期，应写成年-月-日，如 2026-07-31", title, s)
	}
	return d, nil
}

func (w *Web) openMonitorRound(rw http.ResponseWriter, r *http.Request) error {
	ms, err := w.monitoring()
	if err != nil {
		return err
	}
	year, err := strconv.Atoi(strings.TrimSpace(r.FormValue("year")))
	if err != nil || year < 2000 || year > 2200 {
		return jixiao.Errorf(jixiao.EINVALID, "监控年度应为四位年份，实际为“%s”", truncate(r.FormValue("year"), 20))
	}
	period := strings.TrimSpace(r.FormValue("period"))
	if utf8.RuneCountInString(period) > jixiao.MaxRoundPeriod {
		return jixiao.Errorf(jixiao.EINVALID, "监控期间不能超过%d个字", jixiao.MaxRoundPeriod)
	}
	cutoff, err := formDate(r, "cutoff", "数据截止日期")
	if err != nil {
		return err
	}
	deadline, err := formDate(r, "deadline", "填报截止日期")
	if err != nil {
		return err
	}
	orgs := r.PostForm["org"]
	if len(orgs) > jixiao.MaxRoundEntries {
		return jixiao.Errorf(jixiao.EINVALID, "一个监控轮次最多下发给%d个部门", jixiao.MaxRoundEntries)
	}
	rulesFile, err := formFileID(r, "rules_file", "监控预警规则")
	if err != nil {
		return err
	}
	calFile, err := formFileID(r, "calendar_file", "工作日历")
	if err != nil {
		return err
	}
	round := &jixiao.MonitorRoundRecord{Year: year, Period: period, CutOff: cutoff, Deadline: deadline, RulesFileID: rulesFile, CalendarFileID: calFile}
	for _, s := range orgs {
		id, err := strconv.ParseInt(s, 10, 64)
		if err != nil || id <= 0 {
			return jixiao.Errorf(jixiao.EINVALID, "请从列表中选择部门")
		}
		round.Entries = append(round.Entries, jixiao.MonitorEntry{OrgID: id})
	}
	if err := ms.OpenMonitorRound(r.Context(), round); err != nil {
		return problemsInChinese(err)
	}
	w.flash(r, "已组织"+round.Title()+"，已向"+strconv.Itoa(len(round.Entries))+"个部门下发填报任务")
	return redirect(rw, r, fmt.Sprintf("/monitoring/%d", round.ID))
}

// roundChart is what app.js draws on a round's page: each department's
// execution rate against the time progress (percent, for the chart only).
type roundChart struct {
	Names []string   `json:"names"`
	Rates []*float64 `json:"rates"`
	Time  float64    `json:"time"`
}

func percentFloat(d decimal.Decimal) float64 {
	f, _ := d.Shift(2).Round(2).Float64()
	return f
}

func (w *Web) monitorRoundFromPath(r *http.Request) (*jixiao.MonitorRoundView, error) {
	ms, err := w.monitoring()
	if err != nil {
		return nil, err
	}
	id, err := pathID(r, "id")
	if err != nil {
		return nil, err
	}
	return ms.MonitorRound(r.Context(), id)
}

func (w *Web) monitorRound(rw http.ResponseWriter, r *http.Request) error {
	v, err := w.monitorRoundFromPath(r)
	if err != nil {
		return err
	}
	c := roundChart{Time: percentFloat(v.TimeProgress), Names: []string{}, Rates: []*float64{}}
	var text []string
	for _, e := range v.Entries {
		c.Names = append(c.Names, e.Entry.Org)
		if e.Rate != nil {
			f := percentFloat(*e.Rate)
			c.Rates = append(c.Rates, &f)
			text = append(text, fmt.Sprintf("%s %s", e.Entry.Org, jixiao.Percent(*e.Rate, 2)))
		} else {
			c.Rates = append(c.Rates, nil)
			text = append(text, e.Entry.Org+" 未填报")
		}
	}
	chart, err := json.Marshal(c)
	if err != nil {
		return err
	}
	data := map[string]any{
		"V": v, "Chart": string(chart), "ChartText": "各部门预算执行率与时间进度（" + jixiao.Percent(v.TimeProgress, 2) + "）：" + strings.Join(text, "；"),
	}
	// While no department has filled in, the bureau may change the
	// round's rules and calendar (the service decides).
	unfilled := mayOpenRound(ctxUser(r.Context()))
	for _, e := range v.Round.Entries {
		if e.State != jixiao.EntryOpen || e.Version > 1 {
			unfilled = false
		}
	}
	if unfilled {
		by, err := w.ruleFilesByKind(r)
		if err != nil {
			return err
		}
		data["CanChangeFiles"], data["RuleFiles"], data["Calendars"] = true, by[jixiao.RuleFileMonitor], by[jixiao.RuleFileCalendar]
		data["Rules"], data["Calendar"] = w.MonitorRules, w.Calendar
	}
	w.render(rw, r, http.StatusOK, "monitorround", &page{Title: v.Round.Title(), Nav: "monitoring", Data: data})
	return nil
}

// changeRoundRuleFiles changes a round's rules and calendar versions.
func (w *Web) changeRoundRuleFiles(rw http.ResponseWriter, r *http.Request) error {
	rf, err := w.ruleFileService()
	if err != nil {
		return err
	}
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	rulesFile, err := formFileID(r, "rules_file", "监控预警规则")
	if err != nil {
		return err
	}
	calFile, err := formFileID(r, "calendar_file", "工作日历")
	if err != nil {
		return err
	}
	if _, err := rf.ChangeRoundRuleFiles(r.Context(), id, rulesFile, calFile); err != nil {
		return err
	}
	w.flash(r, "已更换本轮的预警规则和工作日历")
	return redirect(rw, r, fmt.Sprintf("/monitoring/%d", id))
}

// entryView is an entry's page.
type entryView struct {
	V     *jixiao.MonitorRoundView
	E     *jixiao.MonitorEntryView
	Entry *jixiao.MonitorEntry
	// Form is the fill-in form's rows, as saved or as typed.
	Form   entryForm
	Errors []string
	// CanFill: the entry is open and the user may fill it in; CanDispose:
	// submitted, and the user may dispose of its warnings.
	CanFill, CanDispose bool
	Actions             []string
}

// entryForm is the fill-in form's fields as text.
type entryForm struct {
	Budget, Executed, Cause string
	Projects                []projectRow
	Indicators              []indicatorRow
}

type projectRow struct{ Code, Name, Budget, Executed, GoalProgress, Cause string }

type indicatorRow struct {
	Project, Level1, Name, Target, Actual, Progress, Forecast, Reason string
}

func amountText(d decimal.Decimal) string { return d.String() }

func formOf(e *jixiao.MonitorEntry) entryForm {
	var f entryForm
	if d := e.Department; d != nil {
		f.Budget, f.Executed, f.Cause = amountText(d.Budget), amountText(d.Executed), d.Cause
	}
	for _, p := range e.Projects {
		f.Projects = append(f.Projects, projectRow{p.Code, p.Name, amountText(p.Budget), amountText(p.Executed), p.GoalProgress.Text, p.Cause})
		ref := p.Code
		if ref == "" {
			ref = p.Name
		}
		for _, in := range p.Indicators {
			f.Indicators = append(f.Indicators, indicatorRow{ref, in.Level1, in.Name, in.Target.Text, in.Actual.Text, in.Progress.Text, in.Forecast.Text, in.Reason})
		}
	}
	return f
}

func (f *entryForm) pad() {
	for range newMonitorRows {
		f.Projects = append(f.Projects, projectRow{})
		f.Indicators = append(f.Indicators, indicatorRow{})
	}
}

func (w *Web) entryFromPath(r *http.Request) (*entryView, error) {
	v, err := w.monitorRoundFromPath(r)
	if err != nil {
		return nil, err
	}
	eid, err := pathID(r, "entry")
	if err != nil {
		return nil, err
	}
	for i := range v.Entries {
		if e := &v.Entries[i]; e.Entry.ID == eid {
			u := ctxUser(r.Context())
			mine := mayFill(u) && (u.Role == jixiao.RoleAdmin || u.OrgID == e.Entry.OrgID)
			ev := &entryView{V: v, E: e, Entry: e.Entry, Form: formOf(e.Entry), Actions: jixiao.DispositionAction("").Enum(),
				CanFill: mine && e.Entry.State == jixiao.EntryOpen, CanDispose: mine && e.Entry.State == jixiao.EntrySubmitted}
			return ev, nil
		}
	}
	return nil, jixiao.Errorf(jixiao.ENOTFOUND, "记录不存在或无权访问")
}

func (w *Web) monitorEntry(rw http.ResponseWriter, r *http.Request) error {
	ev, err := w.entryFromPath(r)
	if err != nil {
		return err
	}
	ev.Form.pad()
	w.renderEntry(rw, r, http.StatusOK, ev)
	return nil
}

func (w *Web) renderEntry(rw http.ResponseWriter, r *http.Request, status int, ev *entryView) {
	w.render(rw, r, status, "monitorentry", &page{Title: ev.Entry.Org + " · " + ev.V.Round.Title(), Nav: "monitoring", Data: ev})
}

// field reads a bounded text field of the entry form.
func monText(r *http.Request, name string, ps *[]string, title string) string {
	s := strings.TrimSpace(r.PostFormValue(name))
	if utf8.RuneCountInString(s) > maxMonitorField {
		*ps = append(*ps, fmt.Sprintf("%s不能超过%d个字", title, maxMonitorField))
		return ""
	}
	return s
}

// amount parses an amount (万元) as typed: digits with an optional
// decimal point and thousands separators.
func amount(s, title string, ps *[]string) decimal.Decimal {
	t := strings.ReplaceAll(strings.TrimSpace(s), ",", "")
	t = strings.ReplaceAll(t, "，", "")
	if len(t) > maxMonitorAmount {
		*ps = append(*ps, title+"过长")
		return decimal.Zero
	}
	d, err := decimal.NewFromString(t)
	if err != nil || strings.ContainsAny(t, "eE") {
		*ps = append(*ps, fmt.Sprintf("%s“%s”不是金额，应写成数字（万元），如 1,200.50", title, s))
		return decimal.Zero
	}
	return d
}

func figureField(s, title string, ps *[]string) jixiao.Figure {
	if s == "" {
		return jixiao.Figure{}
	}
	f, err := jixiao.ParseFigure(s)
	if err != nil {
		*ps = append(*ps, fmt.Sprintf("%s“%s”无法识别", title, s))
	}
	return f
}

// readEntryForm reads the fill-in form into an entry; problems are in
// Chinese, naming the row and column.
func readEntryForm(r *http.Request) (entryForm, *jixiao.MonitorEntry, []string) {
	var ps []string
	var f entryForm
	f.Budget, f.Executed, f.Cause = monText(r, "budget", &ps, "部门整体全年预算数"), monText(r, "executed", &ps, "部门整体截至目前执行数"), monText(r, "cause", &ps, "部门整体执行偏差原因")
	e := &jixiao.MonitorEntry{}
	if f.Budget != "" || f.Executed != "" {
		e.Department = &jixiao.MonitorFunds{Budget: amount(f.Budget, "部门整体全年预算数", &ps), Executed: amount(f.Executed, "部门整体截至目前执行数", &ps), Cause: f.Cause}
	}
	byRef := map[string]int{}
	for i := range maxMonitorRows + 1 {
		n := strconv.Itoa(i)
		if _, ok := r.PostForm["p"+n+"_name"]; !ok {
			break
		}
		if i == maxMonitorRows {
			ps = append(ps, fmt.Sprintf("项目不能超过%d行", maxMonitorRows))
			break
		}
		row := fmt.Sprintf("项目第%d行", i+1)
		p := projectRow{monText(r, "p"+n+"_code", &ps, row+"项目编码"), monText(r, "p"+n+"_name", &ps, row+"项目名称"), monText(r, "p"+n+"_budget", &ps, row+"全年预算数"),
			monText(r, "p"+n+"_executed", &ps, row+"截至目前执行数"), monText(r, "p"+n+"_goal", &ps, row+"总体目标完成进度"), monText(r, "p"+n+"_cause", &ps, row+"执行偏差原因")}
		f.Projects = append(f.Projects, p)
		if p == (projectRow{}) {
			continue
		}
		if p.Name == "" {
			ps = append(ps, row+"：请填写项目名称")
		}
		mp := jixiao.MonitorProject{Code: p.Code, Name: p.Name, Budget: amount(p.Budget, row+"全年预算数", &ps), Executed: amount(p.Executed, row+"截至目前执行数", &ps),
			GoalProgress: figureField(p.GoalProgress, row+"总体目标完成进度", &ps), Cause: p.Cause}
		for _, k := range []string{p.Code, p.Name} {
			if k != "" {
				byRef[k] = len(e.Projects)
			}
		}
		e.Projects = append(e.Projects, mp)
	}
	for i := range maxMonitorRows + 1 {
		n := strconv.Itoa(i)
		if _, ok := r.PostForm["i"+n+"_name"]; !ok {
			break
		}
		if i == maxMonitorRows {
			ps = append(ps, fmt.Sprintf("指标不能超过%d行", maxMonitorRows))
			break
		}
		row := fmt.Sprintf("指标第%d行", i+1)
		in := indicatorRow{monText(r, "i"+n+"_project", &ps, row+"所属项目"), monText(r, "i"+n+"_level1", &ps, row+"一级指标"), monText(r, "i"+n+"_name", &ps, row+"指标名称"),
			monText(r, "i"+n+"_target", &ps, row+"年度指标值"), monText(r, "i"+n+"_actual", &ps, row+"截至目前完成值"), monText(r, "i"+n+"_progress", &ps, row+"目标完成进度"),
			monText(r, "i"+n+"_forecast", &ps, row+"全年预计完成程度"), monText(r, "i"+n+"_reason", &ps, row+"偏差原因")}
		f.Indicators = append(f.Indicators, in)
		if in == (indicatorRow{}) {
			continue
		}
		k, ok := byRef[in.Project]
		if !ok {
			ps = append(ps, fmt.Sprintf("%s：所属项目“%s”不是上面填写的项目（写项目编码或名称）", row, in.Project))
			continue
		}
		e.Projects[k].Indicators = append(e.Projects[k].Indicators, jixiao.MonitorIndicator{Level1: in.Level1, Name: in.Name,
			Target: figureField(in.Target, row+"年度指标值", &ps), Actual: figureField(in.Actual, row+"截至目前完成值", &ps),
			Progress: figureField(in.Progress, row+"目标完成进度", &ps), Forecast: figureField(in.Forecast, row+"全年预计完成程度", &ps), Reason: in.Reason})
	}
	return f, e, ps
}

func (w *Web) saveMonitorEntry(rw http.ResponseWriter, r *http.Request) error {
	ms, err := w.monitoring()
	if err != nil {
		return err
	}
	ev, err := w.entryFromPath(r)
	if err != nil {
		return err
	}
	version, err := formInt(r, "version")
	if err != nil {
		return err
	}
	form, e, ps := readEntryForm(r)
	submit := r.PostFormValue("submit") == "1"
	if len(ps) == 0 {
		if _, err := ms.SaveMonitorEntry(r.Context(), ev.Entry.ID, version, e, submit); err != nil {
			var probs jixiao.Problems
			if !errors.As(err, &probs) {
				return err
			}
			ps = problemLines(probs)
		}
	}
	if len(ps) > 0 {
		ev.Form, ev.Errors = form, ps
		ev.Form.pad()
		w.renderEntry(rw, r, http.StatusUnprocessableEntity, ev)
		return nil
	}
	msg := "已保存"
	if submit {
		msg = "已提交，预警已按规则生成"
	}
	w.flash(r, msg)
	return redirect(rw, r, fmt.Sprintf("/monitoring/%d/entries/%d", ev.V.Round.ID, ev.Entry.ID))
}

// uploadMonitorEntry fills an open entry from the monitoring workbook
// (监控表): its department's funds and its projects with their
// indicators. Its other fields (year, dates, dispositions) are the
// round's and are not taken.
func (w *Web) uploadMonitorEntry(rw http.ResponseWriter, r *http.Request) error {
	ms, err := w.monitoring()
	if err != nil {
		return err
	}
	ev, err := w.entryFromPath(r)
	if err != nil {
		return err
	}
	version, err := formInt(r, "version")
	if err != nil {
		return err
	}
	file, hdr, err := r.FormFile("file")
	if err != nil {
		return jixiao.Errorf(jixiao.EINVALID, "请选择监控表文件（.xlsx）")
	}
	defer file.Close()
	if hdr.Size > maxMonitorWorkbook {
		return jixiao.Errorf(jixiao.EINVALID, "监控表不能超过 %s", jixiao.SizeText(maxMonitorWorkbook))
	}
	data, err := io.ReadAll(io.LimitReader(file, maxMonitorWorkbook+1))
	if err != nil || len(data) > maxMonitorWorkbook {
		return jixiao.Errorf(jixiao.EINVALID, "监控表不能超过 %s", jixiao.SizeText(maxMonitorWorkbook))
	}
	name := truncate(strings.TrimSpace(path.Base(strings.ReplaceAll(hdr.Filename, "\\", "/"))), 100)
	if name == "" || name == "." || name == "/" {
		name = "监控表.xlsx"
	}
	round, err := xlsxio.ReadMonitor(name, data)
	if err != nil {
		return err
	}
	e := &jixiao.MonitorEntry{Department: round.Department, Projects: round.Projects}
	if _, err := ms.SaveMonitorEntry(r.Context(), ev.Entry.ID, version, e, false); err != nil {
		return problemsInChinese(err)
	}
	w.flash(r, fmt.Sprintf("已读入监控表：%d个项目，请核对后提交", len(e.Projects)))
	return redirect(rw, r, fmt.Sprintf("/monitoring/%d/entries/%d", ev.V.Round.ID, ev.Entry.ID))
}

// monitorWorkbook downloads an entry as the monitoring workbook: filled
// in as saved (blank for the department to fill when it has nothing yet).
func (w *Web) monitorWorkbook(rw http.ResponseWriter, r *http.Request) error {
	ev, err := w.entryFromPath(r)
	if err != nil {
		return err
	}
	round := ev.V.Round.Round(ev.Entry)
	var buf bytes.Buffer
	if err := xlsxio.WriteMonitor(&buf, round); err != nil {
		return err
	}
	download(rw, ev.Entry.Org+"-"+ev.V.Round.Title()+"监控表.xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", int64(buf.Len()))
	_, err = rw.Write(buf.Bytes())
	return err
}

// monitorReport downloads a submitted entry's monitoring report (DOCX).
func (w *Web) monitorReport(rw http.ResponseWriter, r *http.Request) error {
	ms, err := w.monitoring()
	if err != nil {
		return err
	}
	ev, err := w.entryFromPath(r)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	ctype, name, err := ms.MonitorReport(r.Context(), ev.Entry.ID, "docx", &buf)
	if err != nil {
		return err
	}
	download(rw, name, ctype, int64(buf.Len()))
	_, err = rw.Write(buf.Bytes())
	return err
}

// monitorRoundReport downloads the report of the round as a whole (Word).
func (w *Web) monitorRoundReport(rw http.ResponseWriter, r *http.Request) error {
	ms, err := w.monitoring()
	if err != nil {
		return err
	}
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	ctype, name, err := ms.MonitorRoundReport(r.Context(), id, "docx", &buf)
	if err != nil {
		return err
	}
	download(rw, name, ctype, int64(buf.Len()))
	_, err = rw.Write(buf.Bytes())
	return err
}

// startMonitorRoundPDF queues the PDF of the round's report as a whole.
func (w *Web) startMonitorRoundPDF(rw http.ResponseWriter, r *http.Request) error {
	js, err := w.jobs()
	if err != nil {
		return err
	}
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	j, err := js.StartMonitorRoundReport(r.Context(), id)
	if err != nil {
		return err
	}
	w.showJob(rw, r, durable(j))
	return nil
}

// startMonitorPDF queues the PDF of an entry's monitoring report, shown
// as the evaluations' PDFs are (durable jobs).
func (w *Web) startMonitorPDF(rw http.ResponseWriter, r *http.Request) error {
	js, err := w.jobs()
	if err != nil {
		return err
	}
	ev, err := w.entryFromPath(r)
	if err != nil {
		return err
	}
	j, err := js.StartMonitorReport(r.Context(), ev.Entry.ID)
	if err != nil {
		return err
	}
	w.showJob(rw, r, durable(j))
	return nil
}

func (w *Web) disposeMonitorWarning(rw http.ResponseWriter, r *http.Request) error {
	ms, err := w.monitoring()
	if err != nil {
		return err
	}
	ev, err := w.entryFromPath(r)
	if err != nil {
		return err
	}
	version, err := formInt(r, "version")
	if err != nil {
		return err
	}
	var ps []string
	subject := monText(r, "subject", &ps, "预警对象")
	reason := monText(r, "reason", &ps, "处置理由")
	action := jixiao.DispositionAction(monText(r, "action", &ps, "处置方式"))
	date, err := formDate(r, "date", "处置日期")
	if err != nil {
		return err
	}
	if len(ps) > 0 {
		return jixiao.Errorf(jixiao.EINVALID, "%s", strings.Join(ps, "；"))
	}
	if _, err := ms.DisposeMonitorWarning(r.Context(), ev.Entry.ID, version, jixiao.Disposition{Project: subject, Action: action, Reason: reason, Date: date}); err != nil {
		return err
	}
	w.flash(r, "已处置“"+subject+"”的预警："+string(action))
	return redirect(rw, r, fmt.Sprintf("/monitoring/%d/entries/%d", ev.V.Round.ID, ev.Entry.ID))
}

// problemLines writes an entry's problems with their places in Chinese:
// 第2个项目“全年预算数”：…
func problemLines(ps jixiao.Problems) []string {
	var out []string
	root := reflect.TypeFor[jixiao.MonitorRound]()
	for _, p := range ps {
		out = append(out, placeOf(root, p.Path)+p.Message)
	}
	return out
}

func placeOf(root reflect.Type, path string) string {
	if path == "" {
		return ""
	}
	var where []string
	for _, seg := range strings.Split(path, ".") {
		name, idx, ok := strings.Cut(seg, "[")
		if !ok {
			continue
		}
		n, err := strconv.Atoi(strings.TrimSuffix(idx, "]"))
		if err != nil {
			continue
		}
		switch name {
		case "projects":
			where = append(where, fmt.Sprintf("第%d个项目", n+1))
		case "indicators":
			where = append(where, fmt.Sprintf("第%d个指标", n+1))
		case "dispositions":
			where = append(where, fmt.Sprintf("第%d条处置", n+1))
		}
	}
	title := yamlcodec.FieldTitle(root, path)
	s := strings.Join(where, "")
	if title != "" {
		s += "“" + title + "”"
	}
	if s == "" {
		return ""
	}
	return s + "："
}

// problemsInChinese turns validation problems into one message with
// their places in Chinese.
func problemsInChinese(err error) error {
	var ps jixiao.Problems
	if errors.As(err, &ps) {
		return jixiao.Errorf(jixiao.EINVALID, "%s", strings.Join(problemLines(ps), "；"))
	}
	return err
}

// truncate cuts s to n characters for a message.
func truncate(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n]) + "…"
}

// submittedEntries counts the entries submitted.
func submittedEntries(es []jixiao.MonitorEntry) int {
	n := 0
	for _, e := range es {
		if e.State == jixiao.EntrySubmitted {
			n++
		}
	}
	return n
}
