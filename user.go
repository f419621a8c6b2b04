package jixiao

import "time"

// Role is what a user may do (see the role table in docs/server.md).
type Role string

const (
	RoleAdmin     Role = "admin"     // 管理员: users, organisations, everything
	RolePreparer  Role = "preparer"  // 填报人: prepares own department's evaluations
	RoleApprover  Role = "approver"  // 审核人: reviews own department's and submits them
	RoleReviewer  Role = "reviewer"  // 财政复核: the finance bureau; returns or accepts
	RoleEvaluator Role = "evaluator" // 第三方评价机构: as the bureau, for assigned departments
	RoleAuditor   Role = "auditor"   // 只读/审计: reads everything, changes nothing
)

// Roles lists every role.
var Roles = []Role{RoleAdmin, RolePreparer, RoleApprover, RoleReviewer, RoleEvaluator, RoleAuditor}

// Title is the role's Chinese name.
func (r Role) Title() string {
	switch r {
	case RoleAdmin:
		return "管理员"
	case RolePreparer:
		return "填报人"
	case RoleApprover:
		return "审核人"
	case RoleReviewer:
		return "财政复核"
	case RoleEvaluator:
		return "第三方评价机构"
	case RoleAuditor:
		return "只读（审计）"
	}
	return string(r)
}

// Valid reports whether r is one of Roles.
func (r Role) Valid() bool {
	for _, x := range Roles {
		if r == x {
			return true
		}
	}
	return false
}

// ParseRole accepts a role's code or its Chinese name.
func ParseRole(s string) (Role, bool) {
	for _, r := range Roles {
		if s == string(r) || s == r.Title() {
			return r, true
		}
	}
	return "", false
}

// Departmental reports whether the role belongs to one department.
func (r Role) Departmental() bool { return r == RolePreparer || r == RoleApprover }

// User is a person who signs in.
type User struct {
	ID          int64  `json:"id"`
	Username    string `json:"username"`
	DisplayName string `json:"display_name"`
	Role        Role   `json:"role"`
	// OrgID is the user's department (preparers, approvers) or bureau.
	OrgID    int64 `json:"org_id,omitempty"`
	Disabled bool  `json:"disabled"`
	// Assigned are the departments a third-party evaluator may see.
	Assigned []int64 `json:"assigned,omitempty"`
	// Email is where reminders are sent by e-mail ("" for none); the
	// user sets it on the account page (AccountService).
	Email     string    `json:"email,omitempty"`
	Version   int64     `json:"version"`
	CreatedAt time.Time `json:"created_at"`
	// SessionEpoch counts the times the user's sessions were ended (by a
	// password change or an administrator): a session made in an earlier
	// epoch is no longer valid.
	SessionEpoch int64 `json:"-"`
}

// OrgKind is what an organisation is in the hierarchy.
type OrgKind string

const (
	OrgBureau     OrgKind = "bureau"     // 财政局
	OrgDepartment OrgKind = "department" // 部门（单位）
	OrgEvaluator  OrgKind = "evaluator"  // 第三方评价机构
)

// OrgRecord is an organisation as stored: its identity and its place in
// the hierarchy (finance bureau → departments). The profile a case states
// (functions, staff, assets) belongs to each evaluation.
type OrgRecord struct {
	ID       int64   `json:"id"`
	Code     string  `json:"code"`
	Name     string  `json:"name"`
	Kind     OrgKind `json:"kind"`
	ParentID int64   `json:"parent_id,omitempty"`
	Version  int64   `json:"version"`
}

// EvaluationInfo is an evaluation as listed: who, which year, its status
// and versions, without its content.
type EvaluationInfo struct {
	ID         int64   `json:"id"`
	OrgID      int64   `json:"org_id"`
	OrgCode    string  `json:"org_code"`
	OrgName    string  `json:"org_name"`
	Year       int     `json:"year"`
	Subject    Subject `json:"subject"`
	SubjectKey string  `json:"subject_key,omitempty"`
	Status     Status  `json:"status"`
	Rulebook   string  `json:"rulebook"`
	// Version counts changes of the evaluation's own fields and sections;
	// Revision counts every change in it, its records included.
	Version   int64     `json:"version"`
	Revision  int64     `json:"revision"`
	UpdatedAt time.Time `json:"updated_at"`
}

// Locked reports whether the evaluation can no longer be changed by its
// department: submitted for review, or accepted.
func (e *EvaluationInfo) Locked() bool {
	return e.Status == StatusSubmitted || e.Status == StatusAccepted
}

// Title is the status's Chinese name.
func (s Status) Title() string {
	switch s {
	case StatusDraft, "":
		return "草稿"
	case StatusSubmitted:
		return "已提交"
	case StatusReturned:
		return "已退回"
	case StatusAccepted:
		return "已通过"
	}
	return string(s)
}

// Owner says where an indicator or deduction belongs: a goal, a project, or
// (both zero) the evaluation itself.
type Owner struct {
	GoalID    int64 `json:"goal_id,omitempty"`
	ProjectID int64 `json:"project_id,omitempty"`
}

// IndicatorRecord is a stored indicator with its identity and version.
type IndicatorRecord struct {
	ID           int64     `json:"id"`
	EvaluationID int64     `json:"evaluation_id"`
	Owner        Owner     `json:"owner"`
	Seq          int       `json:"seq" zh:"排列顺序"`
	Indicator    Indicator `json:"indicator"`
	Version      int64     `json:"version"`
}

// GoalRecord is a stored sub-goal (its indicators are IndicatorRecords).
type GoalRecord struct {
	ID           int64 `json:"id"`
	EvaluationID int64 `json:"evaluation_id"`
	Seq          int   `json:"seq" zh:"排列顺序"`
	Goal         Goal  `json:"goal"`
	Version      int64 `json:"version"`
}

// ProjectRecord is a stored project (its indicators are IndicatorRecords).
type ProjectRecord struct {
	ID           int64   `json:"id"`
	EvaluationID int64   `json:"evaluation_id"`
	Seq          int     `json:"seq" zh:"排列顺序"`
	Project      Project `json:"project"`
	Version      int64   `json:"version"`
}

// Transition is one step of the review workflow.
type Transition struct {
	ID       int64  `json:"id"`
	From     Status `json:"from"`
	To       Status `json:"to"`
	UserID   int64  `json:"user_id"`
	Username string `json:"username"`
	// Name is the person's display name (the username when none).
	Name   string    `json:"name"`
	Reason string    `json:"reason"`
	At     time.Time `json:"at"`
}

// Reopens reports whether t took an accepted evaluation back to its
// department (ActionReopen).
func (t *Transition) Reopens() bool { return t.From == StatusAccepted }

// Comment is a reviewer's comment on one item of an evaluation, made when
// returning it.
type Comment struct {
	ID           int64     `json:"id"`
	TransitionID int64     `json:"transition_id,omitempty"`
	Item         string    `json:"item" zh:"所指内容"` // a case path ("goals[2]") or "" for the whole
	Text         string    `json:"text" zh:"意见"`
	UserID       int64     `json:"user_id"`
	Username     string    `json:"username"`
	Name         string    `json:"name"` // the person's display name
	At           time.Time `json:"at"`
}

// AuditEntry is one change to stored data.
type AuditEntry struct {
	ID       int64     `json:"id"`
	At       time.Time `json:"at"`
	UserID   int64     `json:"user_id,omitempty"`
	Username string    `json:"username"`
	// Name is the person's display name now (the username when none).
	Name         string `json:"name"`
	Action       string `json:"action"`
	Entity       string `json:"entity"`
	EntityID     int64  `json:"entity_id,omitempty"`
	EvaluationID int64  `json:"evaluation_id,omitempty"`
	Old          string `json:"old,omitempty"` // JSON
	New          string `json:"new,omitempty"` // JSON
}

// FileInfo describes a stored evidence file.
type FileInfo struct {
	ID           int64     `json:"id"`
	EvaluationID int64     `json:"evaluation_id"`
	Name         string    `json:"name" zh:"文件名"`
	ContentType  string    `json:"content_type"`
	Size         int64     `json:"size" zh:"大小（字节）"`
	SHA256       string    `json:"sha256"`
	CreatedAt    time.Time `json:"created_at"`
}
