// Package demo fills a fresh database with the reference case, the other
// examples, a finance bureau with its departments, and one user per role,
// for jixiao serve --demo and for tests.
package demo

import (
	"context"
	"fmt"
	"io/fs"
	"sort"

	"github.com/shopspring/decimal"

	"jixiao"
	"jixiao/examples"
	"jixiao/internal/auth"
	"jixiao/internal/caseio"
	"jixiao/internal/sqlstore"
	"jixiao/internal/synth"
)

// Password is every demo user's password.
const Password = "jixiao-demo"

// Login is a demo user.
type Login struct {
	Username, Role, Org string
}

// Data is what Load created.
type Data struct {
	Bureau      *jixiao.OrgRecord
	Departments []*jixiao.OrgRecord // in the order of the examples
	Evaluations []*jixiao.EvaluationInfo
	Logins      []Login
	// Tasks are the bureau's open tasks to the first departments, one of
	// them overdue (deadlines relative to the store's clock).
	Tasks []*jixiao.Task
}

var system = &jixiao.User{Username: "演示数据"}

// Options shape the demo data.
type Options struct {
	// Hash are the password-hash costs of the demo users.
	Hash auth.Params
	// Synthetic adds that many generated departments ("合成部门N", clearly
	// not real), each with evaluations of the reference year and the year
	// before, in various workflow states, so that the bureau's lists and
	// charts have something to compare.
	Synthetic int
}

// Load creates the demo data in db.
func Load(ctx context.Context, db *sqlstore.DB, opt Options) (*Data, error) {
	p := opt.Hash
	d := &Data{}
	var err error
	if d.Bureau, err = db.CreateOrg(ctx, system, &jixiao.OrgRecord{Code: "130100", Name: "石家庄市财政局", Kind: jixiao.OrgBureau}); err != nil {
		return nil, err
	}
	names, err := fs.Glob(examples.FS, "*.yaml")
	if err != nil {
		return nil, err
	}
	// The reference report first.
	sort.SliceStable(names, func(i, j int) bool { return names[i] == "shijiazhuang-2024.yaml" && names[j] != names[i] })
	for i, name := range names {
		data, err := examples.FS.ReadFile(name)
		if err != nil {
			return nil, err
		}
		f, err := caseio.Parse(name, data)
		if err != nil {
			return nil, err
		}
		ev := f.Evaluation
		dept, err := db.CreateOrg(ctx, system, &jixiao.OrgRecord{Code: fmt.Sprintf("130100-%03d", i+1), Name: ev.Org.Name, Kind: jixiao.OrgDepartment, ParentID: d.Bureau.ID})
		if err != nil {
			return nil, err
		}
		info, err := db.ImportEvaluation(ctx, system, dept.ID, ev, false)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		d.Departments = append(d.Departments, dept)
		d.Evaluations = append(d.Evaluations, info)
	}
	ref := d.Departments[0]
	users := []struct {
		name, display string
		role          jixiao.Role
		org           int64
		assigned      []int64
		orgName       string
	}{
		{"admin", "系统管理员", jixiao.RoleAdmin, d.Bureau.ID, nil, d.Bureau.Name},
		{"preparer", "张敏", jixiao.RolePreparer, ref.ID, nil, ref.Name},
		{"approver", "李强", jixiao.RoleApprover, ref.ID, nil, ref.Name},
		{"reviewer", "王芳", jixiao.RoleReviewer, d.Bureau.ID, nil, d.Bureau.Name},
		{"evaluator", "某绩效评价机构", jixiao.RoleEvaluator, 0, []int64{ref.ID}, "指派：" + ref.Name},
		{"auditor", "赵磊", jixiao.RoleAuditor, d.Bureau.ID, nil, d.Bureau.Name},
	}
	for _, u := range users {
		hash, err := auth.Hash(Password, p)
		if err != nil {
			return nil, err
		}
		if _, err := db.CreateUser(ctx, system, &jixiao.User{Username: u.name, DisplayName: u.display, Role: u.role, OrgID: u.org, Assigned: u.assigned}, hash); err != nil {
			return nil, err
		}
		d.Logins = append(d.Logins, Login{Username: u.name, Role: u.role.Title(), Org: u.orgName})
	}
	if err := tasks(ctx, db, d); err != nil {
		return nil, err
	}
	if err := synthetic(ctx, db, d, opt.Synthetic); err != nil {
		return nil, err
	}
	if err := rectifications(ctx, db, d); err != nil {
		return nil, err
	}
	return d, nil
}

// rectifications raises problems found in the year before the reference
// year's evaluations (整改事项) for the first departments: one confirmed,
// one fed back and waiting for the bureau, one still open past its
// deadline (已逾期), so that the reference year shows items carried into
// it and counted.
func rectifications(ctx context.Context, db *sqlstore.DB, d *Data) error {
	year := d.Evaluations[0].Year - 1
	today := jixiao.TaskDay(db.Now())
	reviewer := &jixiao.User{Username: "reviewer"}
	mover := &jixiao.User{Username: "演示部门"}
	specs := []struct {
		dept             int
		problem, measure string
		days             int // deadline from today
		feedback, done   bool
	}{
		{0, "部分项目绩效指标未细化量化，难以衡量", "按指标库修订项目绩效指标，补充量化目标值", -60, true, true},
		{0, "项目资金支付进度滞后，预算执行率偏低", "建立资金支付月报制度，按季度通报执行进度", -5, false, false},
		{1, "自评佐证材料不完整", "补充验收报告、资金拨付凭证等佐证材料", 20, true, false},
	}
	for _, sp := range specs {
		if sp.dept >= len(d.Departments) {
			continue
		}
		o := d.Departments[sp.dept]
		r, err := db.CreateRectification(ctx, reviewer, o.ID, 0, &jixiao.Rectification{Year: year, Unit: o.Name, Problem: sp.problem, Source: jixiao.RectReview,
			Owner: "财务科负责人", Measure: sp.measure, Deadline: today.AddDays(sp.days).String(), Status: jixiao.RectNotified})
		if err != nil {
			return err
		}
		if !sp.feedback {
			continue
		}
		if err := r.Item.Feedback([]string{"整改情况报告及相关佐证材料"}, ""); err != nil {
			return err
		}
		if err := db.SaveRectification(ctx, mover, "feedback", r); err != nil {
			return err
		}
		if sp.done {
			if err := r.Item.Confirm(""); err != nil {
				return err
			}
			if err := db.SaveRectification(ctx, reviewer, "confirm", r); err != nil {
				return err
			}
		}
	}
	return nil
}

// tasks issues three tasks from the bureau to the first departments: a
// self-evaluation due in ten days (one department has started it), a
// monitoring task due in three days (within its reminder window), and a
// rectification report whose deadline passed five days ago.
func tasks(ctx context.Context, db *sqlstore.DB, d *Data) error {
	today := jixiao.TaskDay(db.Now())
	depts := d.Departments[:min(3, len(d.Departments))]
	specs := []struct {
		kind   jixiao.TaskKind
		title  string
		days   int // deadline from today
		remind int
	}{
		{jixiao.TaskSelf, "2025年度部门整体支出绩效自评", 10, 7},
		{jixiao.TaskMonitor, "", 3, 5}, // the monitoring round's (monitoringRound)
		{jixiao.TaskRectify, "上年度绩效评价发现问题整改情况反馈", -5, 3},
	}
	reviewer := &jixiao.User{Username: "reviewer"}
	for _, sp := range specs {
		t := &jixiao.Task{Kind: sp.kind, Title: sp.title, BureauID: d.Bureau.ID, Deadline: today.AddDays(sp.days), RemindDays: sp.remind}
		for _, o := range depts {
			t.Assignees = append(t.Assignees, jixiao.TaskAssignee{OrgID: o.ID})
		}
		if sp.kind == jixiao.TaskMonitor {
			if err := monitoringRound(ctx, db, d, reviewer, t, today); err != nil {
				return err
			}
		} else if err := db.CreateTask(ctx, reviewer, t); err != nil {
			return err
		}
		d.Tasks = append(d.Tasks, t)
	}
	if len(depts) > 1 {
		// Another department has started the self-evaluation and has
		// submitted its rectification report.
		mover := &jixiao.User{Username: "演示部门"}
		if err := db.MoveTask(ctx, mover, d.Tasks[0].Assignees[1].ID, jixiao.TaskNotStarted, jixiao.TaskInProgress, false, ""); err != nil {
			return err
		}
		if err := db.MoveTask(ctx, mover, d.Tasks[2].Assignees[1].ID, jixiao.TaskNotStarted, jixiao.TaskSubmitted, false, ""); err != nil {
			return err
		}
	}
	return nil
}

// monitoringRound opens, with its task t, a round of mid-year monitoring
// of the bureau for t's departments, its data cut off at the end of the
// month before last: the first department has yet to fill it in; the
// second submitted three days ago with a low execution rate and disposed
// of one warned item; the third submitted twenty days ago as low and
// disposed of nothing, so that its items are overdue (escalated by the
// reminders job).
func monitoringRound(ctx context.Context, db *sqlstore.DB, d *Data, reviewer *jixiao.User, t *jixiao.Task, today jixiao.Date) error {
	first := jixiao.DateOf(today.Year(), today.Month(), 1)
	cutoff := jixiao.DateOf(first.AddDays(-1).Year(), first.AddDays(-1).Month(), 1).AddDays(-1)
	r := &jixiao.MonitorRoundRecord{BureauID: d.Bureau.ID, Year: cutoff.Year(), Period: fmt.Sprintf("1—%d月", cutoff.Month()), CutOff: cutoff,
		Rules: "sichuan-2025", Deadline: t.Deadline}
	for _, as := range t.Assignees {
		r.Entries = append(r.Entries, jixiao.MonitorEntry{OrgID: as.OrgID})
	}
	t.Title = r.Title()
	if err := db.CreateMonitorRound(ctx, reviewer, r, t); err != nil {
		return err
	}
	amount := decimal.RequireFromString
	pct := func(s string) jixiao.Figure { f, _ := jixiao.ParseFigure(s); return f }
	dept := &jixiao.User{Username: "演示部门"}
	for i, days := range []int{3, 20} {
		if i+1 >= len(r.Entries) {
			break
		}
		e := &r.Entries[i+1]
		e.Department = &jixiao.MonitorFunds{Budget: amount("5680"), Executed: amount([]string{"1420.5", "2130"}[i]), Cause: "部分项目工程款待验收后支付"}
		e.Projects = []jixiao.MonitorProject{
			{Code: "P1", Name: "农村公路养护", Budget: amount("1000"), Executed: amount([]string{"182", "382"}[i]), Cause: "雨季停工",
				Indicators: []jixiao.MonitorIndicator{{Level1: "产出指标", Name: "养护里程", Target: pct("120公里"), Actual: pct("70公里"), Progress: pct("58.33%"), Forecast: pct("90%"), Reason: "雨季停工"}}},
			{Code: "P2", Name: "办公设备购置", Budget: amount("200"), Executed: amount("150"),
				Indicators: []jixiao.MonitorIndicator{{Level1: "产出指标", Name: "购置数量", Target: pct("40台"), Actual: pct("30台"), Progress: pct("75%"), Forecast: pct("100%")}}},
		}
		if err := db.SaveMonitorEntry(ctx, dept, e, true, today.AddDays(-days)); err != nil {
			return fmt.Errorf("demo monitoring: %w", err)
		}
		if i == 0 {
			if _, err := db.AddMonitorDisposition(ctx, dept, e.ID, e.Version, jixiao.Disposition{Project: "P1", Action: jixiao.ActionContinue,
				Reason: "养护工程已完工，下月完成验收付款", Date: today.AddDays(-1)}); err != nil {
				return fmt.Errorf("demo monitoring: %w", err)
			}
		}
	}
	return nil
}

// synthetic adds n generated departments with evaluations of two years,
// the earlier accepted, the later in every workflow state.
func synthetic(ctx context.Context, db *sqlstore.DB, d *Data, n int) error {
	year := d.Evaluations[0].Year
	g := synth.New(2024, 8)
	for i := range n {
		var dept *jixiao.OrgRecord
		for k, y := range []int{year - 1, year} {
			ev := g.Department(i+1, y, 2+i%3)
			if dept == nil {
				var err error
				if dept, err = db.CreateOrg(ctx, system, &jixiao.OrgRecord{Code: ev.Org.Code, Name: ev.Org.Name, Kind: jixiao.OrgDepartment, ParentID: d.Bureau.ID}); err != nil {
					return err
				}
				d.Departments = append(d.Departments, dept)
			}
			info, err := db.ImportEvaluation(ctx, system, dept.ID, ev, false)
			if err != nil {
				return fmt.Errorf("synthetic department %d: %w", i+1, err)
			}
			steps := []jixiao.Status{jixiao.StatusSubmitted, jixiao.StatusAccepted}
			if k == 1 {
				steps = [][]jixiao.Status{nil, {jixiao.StatusSubmitted}, {jixiao.StatusSubmitted, jixiao.StatusAccepted}, {jixiao.StatusSubmitted, jixiao.StatusReturned}}[i%4]
			}
			for _, to := range steps {
				from := map[jixiao.Status][]jixiao.Status{jixiao.StatusSubmitted: {jixiao.StatusDraft, jixiao.StatusReturned},
					jixiao.StatusAccepted: {jixiao.StatusSubmitted}, jixiao.StatusReturned: {jixiao.StatusSubmitted}}[to]
				reason := map[jixiao.Status]string{jixiao.StatusReturned: "请补充项目支出的偏差原因分析"}[to]
				if info, err = db.Transition(ctx, system, info.ID, info.Version, from, to, reason, nil); err != nil {
					return err
				}
			}
			d.Evaluations = append(d.Evaluations, info)
		}
	}
	return nil
}
