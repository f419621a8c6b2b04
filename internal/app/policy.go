package app

import (
	"context"
	"encoding/json"
	"slices"
	"sync"
	"time"

	"jixiao"
)

// action is what a user wants to do with an organisation's data.
type action int

const (
	actRead       action = iota // see evaluations and their history
	actWrite                    // change content: import, edit, upload, delete drafts
	actSubmit                   // submit to the finance bureau
	actReview                   // return or accept
	actAudit                    // read the audit log
	actReopen                   // reopen an accepted evaluation (see mayReopen)
	actDeclare                  // prepare performance-goal declarations: create, edit, submit, revise
	actDeclReview               // review declarations: return or approve (批复)
	actIssue                    // issue tasks to departments, return or complete their work (task.go)
	actTask                     // work on a task given to the organisation: start, submit
	actSample                   // draw re-check samples, raise, confirm or return rectification items, decide results application (recheck.go)
	actRescore                  // re-score a sampled self-evaluation
	actRectify                  // give feedback on the organisation's rectification items
	actMonitor                  // fill in the organisation's monitoring entry and dispose of its warnings (monitor.go)
	actPropose                  // propose indicators for the library (指标库); by role alone
	actCurate                   // confirm, merge, retire and edit library indicators; by role alone
	actDeptEval                 // evaluate the department's own chosen projects (部门评价) and re-score them
	actRules                    // upload warning rules, results rules and calendars, choose the results rules of a year (rulefile.go); by role alone
)

var actionNames = map[action]string{actRead: "查看", actWrite: "修改", actSubmit: "提交", actReview: "复核（退回或通过）", actAudit: "查看审计日志",
	actReopen: "重新打开已通过的评价", actDeclare: "填报绩效目标申报", actDeclReview: "审核绩效目标申报（退回或批复）",
	actIssue: "下发和验收任务", actTask: "办理任务", actSample: "抽查复核、确认整改和决定结果应用", actRescore: "复核评分", actRectify: "落实整改反馈", actMonitor: "填报运行监控和处置预警",
	actPropose: "向指标库建议指标", actCurate: "确认、合并、停用或修改指标库的指标", actDeptEval: "组织部门评价",
	actRules: "上传和选用预警规则、结果应用规则和工作日历"}

// The permission table: what each role may do within the organisations it
// can see (scope). Every check in the application goes through allow.
//
//	role        scope                              read write submit review audit reopen declare decl-review issue task sample rescore rectify monitor propose curate dept-eval rules
//	admin       all                                 ✓    ✓     ✓      ✓      ✓     ✓       ✓        ✓         ✓     ✓     ✓      ✓       ✓      ✓       ✓       ✓       ✓        ✓
//	auditor     all                                 ✓                        ✓
//	reviewer    its bureau's departments (or all)   ✓                 ✓      ✓     own              ✓         ✓           ✓      ✓                               ✓                 ✓
//	evaluator   departments assigned to it          ✓                 ✓      ✓     own                                            ✓
//	approver    its own department                  ✓    ✓     ✓             ✓             ✓                        ✓                          ✓      ✓       ✓               ✓
//	preparer    its own department                  ✓    ✓                   ✓             ✓                        ✓                          ✓      ✓       ✓               ✓
//
// "own": a reviewer may reopen only an evaluation whose acceptance is
// theirs (mayReopen). declare and decl-review are the performance-goal
// declarations' (绩效目标申报): a department prepares and submits its own,
// the finance bureau's reviewer returns or approves (批复) them; an
// evaluator (a third party assessing results) does neither.
//
// Re-checks (recheck.go): "sample" is the finance bureau's: drawing a
// sample from the submitted self-evaluations it sees, raising
// rectification items for a department and confirming or returning them,
// deciding the results application; "rescore" re-scores a sampled
// evaluation (checked on its organisation); "rectify" gives a
// department's feedback on its own items. "dept-eval" is a department's
// evaluation of projects it chose itself (部门评价): the same sheet and
// deviation as a re-check, organised by and re-scored within the
// department (checked on it); its bureau reads it like its samples.
//
// The indicator library (指标库, library.go) is one for the whole server:
// every signed-in user reads it; propose and curate are checked by role
// alone (allowRole), not on an organisation. So is "rules": uploading
// warning rules, results rules and working-day calendars, and choosing a
// year's results rules (rulefile.go); every signed-in user reads them, and
// a bureau opening a round (issue) picks its versions.
//
// Tasks (task.go): "issue" is checked on every organisation a task is
// given to and on its issuing bureau (a reviewer issues as its own
// organisation, to its subtree; returns and completes work on the tasks
// of organisations it sees); "task" is checked on the organisation whose
// work it is (start, submit). Reading a task needs read on its issuing
// bureau, or on the organisation it is given to (then only that
// organisation's part is shown).
//
// Monitoring rounds (monitor.go): a bureau opens a round with "issue",
// checked like a task's (on its own organisation and on every department
// given an entry); "monitor" is checked on the department whose entry it
// is (fill in, submit, dispose of its warnings). Reading a round is like
// reading a task: every entry with read on its bureau, else only the
// entries of the organisations the user reads.
var permissions = map[jixiao.Role][]action{
	jixiao.RoleAdmin:     {actRead, actWrite, actSubmit, actReview, actAudit, actReopen, actDeclare, actDeclReview, actIssue, actTask, actSample, actRescore, actRectify, actMonitor, actPropose, actCurate, actDeptEval, actRules},
	jixiao.RoleAuditor:   {actRead, actAudit},
	jixiao.RoleReviewer:  {actRead, actReview, actAudit, actReopen, actDeclReview, actIssue, actSample, actRescore, actCurate, actRules},
	jixiao.RoleEvaluator: {actRead, actReview, actAudit, actReopen, actRescore},
	jixiao.RoleApprover:  {actRead, actWrite, actSubmit, actAudit, actDeclare, actTask, actRectify, actMonitor, actPropose, actDeptEval},
	jixiao.RolePreparer:  {actRead, actWrite, actAudit, actDeclare, actTask, actRectify, actMonitor, actPropose, actDeptEval},
}

// maxOrgDepth bounds the levels of organisations above a department
// (nation, province, city, county, department and a few more).
const maxOrgDepth = 8

// scope returns the organisations u can see; all is true when u sees every
// organisation.
func (a *App) scope(ctx context.Context, u *jixiao.User) (all bool, ids []int64, err error) {
	switch u.Role {
	case jixiao.RoleAdmin, jixiao.RoleAuditor:
		return true, nil, nil
	case jixiao.RolePreparer, jixiao.RoleApprover:
		return false, []int64{u.OrgID}, nil
	case jixiao.RoleEvaluator:
		return false, append([]int64{}, u.Assigned...), nil
	case jixiao.RoleReviewer:
		if u.OrgID == 0 {
			return true, nil, nil
		}
		orgs, err := a.db.Orgs(ctx)
		if err != nil {
			return false, nil, err
		}
		// The reviewer's organisation and its whole subtree: a province's
		// finance department sees its cities' bureaus and their departments.
		children := map[int64][]int64{}
		for _, o := range orgs {
			if o.ParentID != 0 && o.ParentID != o.ID {
				children[o.ParentID] = append(children[o.ParentID], o.ID)
			}
		}
		ids = []int64{u.OrgID}
		seen := map[int64]bool{u.OrgID: true}
		for i := 0; i < len(ids); i++ {
			for _, c := range children[ids[i]] {
				if !seen[c] {
					seen[c] = true
					ids = append(ids, c)
				}
			}
		}
		return false, ids, nil
	}
	return false, nil, nil
}

// sees reports whether orgID is in u's scope, without listing the scope:
// the same rule as scope, for one organisation.
func (a *App) sees(ctx context.Context, u *jixiao.User, orgID int64) (bool, error) {
	switch u.Role {
	case jixiao.RoleAdmin, jixiao.RoleAuditor:
		return true, nil
	case jixiao.RolePreparer, jixiao.RoleApprover:
		return orgID == u.OrgID, nil
	case jixiao.RoleEvaluator:
		return slices.Contains(u.Assigned, orgID), nil
	case jixiao.RoleReviewer:
		if u.OrgID == 0 || orgID == u.OrgID {
			return true, nil
		}
		// Up the tree from orgID: seen when the reviewer's organisation is
		// one of its ancestors (the depth is bounded, so a cycle in the data
		// cannot loop).
		for range maxOrgDepth {
			o, err := a.db.Org(ctx, orgID)
			if jixiao.ErrorCode(err) == jixiao.ENOTFOUND {
				return false, nil
			}
			if err != nil {
				return false, err
			}
			if o.ParentID == 0 || o.ParentID == orgID {
				return false, nil
			}
			if o.ParentID == u.OrgID {
				return true, nil
			}
			orgID = o.ParentID
		}
		return false, nil
	}
	return false, nil
}

// allow decides whether u may do act on organisation orgID's data. A user
// who may not see the organisation gets ENOTFOUND (its data's existence is
// not disclosed); one who may see it but not do act gets EFORBIDDEN.
func (a *App) allow(ctx context.Context, u *jixiao.User, act action, orgID int64) error {
	ok, err := a.sees(ctx, u, orgID)
	if err != nil {
		return err
	}
	if !ok {
		a.refused(ctx, u, act, orgID, 404)
		return jixiao.Errorf(jixiao.ENOTFOUND, "记录不存在或无权访问")
	}
	if !slices.Contains(permissions[u.Role], act) {
		a.refused(ctx, u, act, orgID, 403)
		return jixiao.Errorf(jixiao.EFORBIDDEN, "%s无权%s", u.Role.Title(), actionNames[act])
	}
	return nil
}

// allowRole decides whether u may do act, an action on data of no one
// organisation (the indicator library): by role alone. A refusal is
// EFORBIDDEN, audited under u's own organisation.
func (a *App) allowRole(ctx context.Context, u *jixiao.User, act action) error {
	if !slices.Contains(permissions[u.Role], act) {
		a.refused(ctx, u, act, u.OrgID, 403)
		return jixiao.Errorf(jixiao.EFORBIDDEN, "%s无权%s", u.Role.Title(), actionNames[act])
	}
	return nil
}

// mayRole reports whether u's role may do act (for what a page shows).
func mayRole(u *jixiao.User, act action) bool { return slices.Contains(permissions[u.Role], act) }

// maxRefusals bounds the refusals written to the audit log per user and
// minute; beyond it they are refused all the same, and counted in the
// server log. The count is each server's own (it bounds that server's
// audit writes; it decides no access): with several servers the bound is
// that many times larger.
const maxRefusals = 60

// refused writes a refused request on another organisation's data to the
// audit log: who, what, on which organisation, answered how (404: not
// shown to exist; 403: seen but not allowed). It is filed under the
// organisation concerned, not under an evaluation, so that only
// administrators and auditors read it.
func (a *App) refused(ctx context.Context, u *jixiao.User, act action, orgID int64, status int) {
	if !a.refusals.allow(u.ID, a.db.Now()) {
		a.Logger.Warn("refusal not audited: too many", "user", u.Username, "org", orgID, "status", status)
		return
	}
	detail, _ := json.Marshal(map[string]any{"操作": actionNames[act], "答复": status})
	if err := a.db.Event(context.WithoutCancel(ctx), u, "", "refused", "org", orgID, orgID, string(detail)); err != nil {
		a.Logger.Error("audit refusal", "err", err)
	}
}

// refusals counts each user's audited refusals per minute.
type refusals struct {
	mu     sync.Mutex
	minute int64
	n      map[int64]int
}

func (r *refusals) allow(user int64, now time.Time) bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	if m := now.Unix() / 60; m != r.minute || r.n == nil {
		r.minute, r.n = m, map[int64]int{}
	}
	r.n[user]++
	return r.n[user] <= maxRefusals
}

// evaluation authorises act on evaluation id and returns its info.
func (a *App) evaluation(ctx context.Context, id int64, act action) (*jixiao.User, *jixiao.EvaluationInfo, error) {
	u, err := actor(ctx)
	if err != nil {
		return nil, nil, err
	}
	info, err := a.db.EvaluationInfo(ctx, id)
	if err != nil {
		if jixiao.ErrorCode(err) == jixiao.ENOTFOUND {
			return nil, nil, jixiao.Errorf(jixiao.ENOTFOUND, "记录不存在或无权访问")
		}
		return nil, nil, err
	}
	if err := a.allow(ctx, u, act, info.OrgID); err != nil {
		return nil, nil, err
	}
	return u, info, nil
}

// adminOnly allows administrators.
func adminOnly(ctx context.Context) (*jixiao.User, error) {
	u, err := actor(ctx)
	if err != nil {
		return nil, err
	}
	if u.Role != jixiao.RoleAdmin {
		return nil, jixiao.Errorf(jixiao.EFORBIDDEN, "只有管理员可以管理用户和单位")
	}
	return u, nil
}

// mayReopen decides whether u may reopen an accepted evaluation whose
// acceptance was made by user acceptedBy (0: not known): administrators
// may; a role with actReopen otherwise only its own acceptance.
func mayReopen(u *jixiao.User, acceptedBy int64) bool {
	if !slices.Contains(permissions[u.Role], actReopen) {
		return false
	}
	return u.Role == jixiao.RoleAdmin || acceptedBy != 0 && acceptedBy == u.ID
}

// acceptedBy returns the user who made evaluation id's latest acceptance
// (0 when it has none).
func (a *App) acceptedBy(ctx context.Context, id int64) (int64, error) {
	ts, err := a.db.Transitions(ctx, id)
	if err != nil {
		return 0, err
	}
	for i := len(ts) - 1; i >= 0; i-- {
		if ts[i].To == jixiao.StatusAccepted {
			return ts[i].UserID, nil
		}
	}
	return 0, nil
}

// Can reports what the user may do with evaluation id.
func (a *App) Can(ctx context.Context, id int64) (jixiao.Permissions, error) {
	u, info, err := a.evaluation(ctx, id, actRead)
	if err != nil {
		return jixiao.Permissions{}, err
	}
	may := func(act action) bool { return slices.Contains(permissions[u.Role], act) }
	p := jixiao.Permissions{Read: true, Write: may(actWrite), Submit: may(actSubmit), Review: may(actReview), Audit: may(actAudit)}
	if info.Status == jixiao.StatusAccepted && may(actReopen) {
		by, err := a.acceptedBy(ctx, id)
		if err != nil {
			return jixiao.Permissions{}, err
		}
		p.Reopen = mayReopen(u, by)
	}
	return p, nil
}

// allowReopen refuses a reopening by anyone but an administrator or the
// reviewer whose acceptance it is (EFORBIDDEN, audited as refused).
// An evaluation that is not accepted is left to the workflow's own answer
// (ECONFLICT, naming its status).
func (a *App) allowReopen(ctx context.Context, u *jixiao.User, id int64) error {
	info, err := a.db.EvaluationInfo(ctx, id)
	if err != nil {
		return hide(err)
	}
	if info.Status != jixiao.StatusAccepted {
		return nil
	}
	by, err := a.acceptedBy(ctx, id)
	if err != nil {
		return err
	}
	if mayReopen(u, by) {
		return nil
	}
	a.refused(ctx, u, actReopen, info.OrgID, 403)
	return jixiao.Errorf(jixiao.EFORBIDDEN, "只有管理员或通过该评价的复核人可以重新打开")
}

// Background jobs (reports made in the background, re-scoring): a user
// sees, fetches and cancels the jobs they started, an administrator any
// job; another's job does not exist for them (ENOTFOUND). A report job
// needs read on its evaluation, and runs with the permissions its user has
// when it runs; an import job needs write on its organisation, then and
// when it runs. Re-scoring is started by those who may publish rulebooks
// (administrators and reviewers), and covers the evaluations they see.
func mayManageJob(u *jixiao.User, owner int64) bool {
	return u.Role == jixiao.RoleAdmin || u.ID == owner
}

func mayRescore(u *jixiao.User) bool { return slices.Contains(mayPublishRulebooks, u.Role) }

// maxUnfinishedJobs bounds the jobs one user may have queued or running.
const maxUnfinishedJobs = 10

// declaration loads declaration id for act by the user in ctx (ENOTFOUND
// for one the user may not see).
func (a *App) declaration(ctx context.Context, id int64, act action) (*jixiao.User, *jixiao.DeclarationRecord, error) {
	u, err := actor(ctx)
	if err != nil {
		return nil, nil, err
	}
	rec, err := a.db.Declaration(ctx, id)
	if err != nil {
		return nil, nil, hide(err)
	}
	if err := a.allow(ctx, u, act, rec.OrgID); err != nil {
		return nil, nil, err
	}
	return u, rec, nil
}

// DeclarationCan returns what the user in ctx may do with declaration id:
// Write to prepare (edit, submit, revise), Review to return or approve.
func (a *App) DeclarationCan(ctx context.Context, id int64) (jixiao.Permissions, error) {
	u, _, err := a.declaration(ctx, id, actRead)
	if err != nil {
		return jixiao.Permissions{}, err
	}
	may := func(act action) bool { return slices.Contains(permissions[u.Role], act) }
	return jixiao.Permissions{Read: true, Write: may(actDeclare), Submit: may(actDeclare), Review: may(actDeclReview), Audit: may(actAudit)}, nil
}
