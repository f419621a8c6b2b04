package jixiao

import (
	"context"
	"io"
	"time"

	"github.com/shopspring/decimal"
)

// The services below are what the HTTP layers (API and web pages) use.
// internal/app implements them on top of the store, the scoring engine,
// the checker and the report builders. Every method acts for the user in
// its context (WithUser) and enforces what that user may do: a user who
// may not see a record gets ENOTFOUND, one who may see but not change it
// gets EFORBIDDEN. Methods that change a record take the version the
// caller read; a stale version is ECONFLICT.

type ctxKey int

const userKey ctxKey = 0

// WithUser returns ctx acting for u.
func WithUser(ctx context.Context, u *User) context.Context {
	return context.WithValue(ctx, userKey, u)
}

// UserFrom returns the user ctx acts for, or nil.
func UserFrom(ctx context.Context) *User {
	u, _ := ctx.Value(userKey).(*User)
	return u
}

// EvaluationFilter selects evaluations. OrgIDs limits them to those
// organisations; nil means all that the user may see.
type EvaluationFilter struct {
	OrgIDs  []int64
	Year    int
	Status  Status
	Subject Subject
	Offset  int
	Limit   int
}

// AuditFilter selects audit entries: of one record (Entity and EntityID),
// of one evaluation, or by one user; OrgID keeps those of one organisation.
// Text keeps entries whose old or new values contain it; Person those made
// by a user whose username or display name contains it; Since and Until
// (when not zero) those made at or after Since and before Until.
type AuditFilter struct {
	Entity       string
	EntityID     int64
	EvaluationID int64
	UserID       int64
	OrgID        int64
	Text         string
	Person       string
	Since, Until time.Time
	Offset       int
	Limit        int
}

// LoginAttempt is one try to sign in: the credentials, the client's
// address, and the device token its browser presents (if any).
type LoginAttempt struct {
	Username, Password string
	Remote, Device     string
}

// UserPatch changes some of a user's fields; nil fields stay.
type UserPatch struct {
	DisplayName *string  `json:"display_name,omitempty"`
	Role        *Role    `json:"role,omitempty"`
	OrgID       *int64   `json:"org_id,omitempty"`
	Disabled    *bool    `json:"disabled,omitempty"`
	Assigned    *[]int64 `json:"assigned,omitempty"`
	// Email is where reminders are sent ("" clears it; see CleanEmail).
	Email *string `json:"email,omitempty"`
}

// WorkflowAction is a step of the review workflow.
type WorkflowAction string

const (
	ActionSubmit WorkflowAction = "submit" // draft or returned → submitted (审核人)
	ActionReturn WorkflowAction = "return" // submitted → returned, with comments (财政复核, 第三方)
	ActionAccept WorkflowAction = "accept" // submitted → accepted (财政复核, 第三方)
	// ActionReopen takes an accepted evaluation back to returned, with a
	// required reason, so that its department can correct it (管理员, or
	// the reviewer who accepted it).
	ActionReopen WorkflowAction = "reopen"
)

// SubmitOverride is a submitter's explicit decision (仍要提交) to submit an
// evaluation whose report still has blanks (NarrativeBlanks), with the
// reason (at most MaxOverrideReason characters). The workflow history and
// the audit log record it with the blanks.
type SubmitOverride struct {
	Reason string `json:"reason" zh:"仍要提交的理由" jx:"required"`
}

// Token is an API token as listed; its secret is shown once, when made.
type Token struct {
	ID         int64  `json:"id"`
	UserID     int64  `json:"user_id"`
	Name       string `json:"name"`
	CreatedAt  int64  `json:"created_at"`
	LastUsedAt *int64 `json:"last_used_at,omitempty"`
	Revoked    bool   `json:"revoked"`
}

// EvidenceRecord is a stored piece of evidence of an indicator.
type EvidenceRecord struct {
	ID          int64 `json:"id"`
	IndicatorID int64 `json:"indicator_id"`
	Evidence
	FileID int64 `json:"file_id,omitempty"`
}

// Summary is an evaluation at a glance, for lists and the finance bureau's
// dashboard.
type Summary struct {
	*EvaluationInfo
	// Total and Grade are the scorecard's, as displayed; Scored is false
	// when the case cannot be scored yet (Problem says why).
	Scored  bool            `json:"scored"`
	Total   decimal.Decimal `json:"total"`
	Grade   string          `json:"grade,omitempty"`
	Problem string          `json:"problem,omitempty"`
	// Execution is the budget execution rate (a fraction) when the case
	// has the figures; ExecutionHow says how it was computed.
	Execution    *decimal.Decimal `json:"execution,omitempty"`
	ExecutionHow string           `json:"execution_how,omitempty"`
	// Budget and Spent are the amounts (万元) the execution rate is
	// measured on, when the case gives both.
	Budget *decimal.Decimal `json:"budget,omitempty"`
	Spent  *decimal.Decimal `json:"spent,omitempty"`
	// Findings counts the checker's findings by severity and by code.
	Errors   int            `json:"errors"`
	Warnings int            `json:"warnings"`
	Infos    int            `json:"infos"`
	Codes    map[string]int `json:"codes,omitempty"`
}

// Rollup is one level of the organisation tree (省-市-县-部门) summarised
// for a year: one row per organisation directly below Org (nil: the top
// of what the user sees), each totalling the evaluations of its whole
// subtree, and a row for Org's own evaluations when it has any.
type Rollup struct {
	Org *OrgRecord `json:"org,omitempty"`
	// Path are the organisations above Org that the user sees, top first.
	Path  []*OrgRecord `json:"path"`
	Year  int          `json:"year"`
	Years []int        `json:"years"` // the years with evaluations, newest first
	Total RollupRow    `json:"total"`
	Rows  []*RollupRow `json:"rows"`
}

// RollupRow totals the evaluations of an organisation's subtree in a year.
type RollupRow struct {
	// Org is the organisation (nil in a Rollup's Total); Own is true for the
	// row of the rolled-up organisation's own evaluations; Children is
	// true when the organisation has organisations below it (a level to
	// drill into).
	Org      *OrgRecord `json:"org,omitempty"`
	Own      bool       `json:"own,omitempty"`
	Children bool       `json:"children,omitempty"`
	// Units counts the organisations with evaluations; Evaluations the
	// evaluations, and ByStatus them by status.
	Units       int            `json:"units"`
	Evaluations int            `json:"evaluations"`
	ByStatus    map[Status]int `json:"by_status"`
	// Scored counts the evaluations that could be scored; Average, Min and
	// Max are of their displayed totals (Average rounded to 2 places);
	// Bands counts them by score: 90 and above, 80 to 90, 60 to 80, below
	// 60; Grades by grade.
	Scored  int              `json:"scored"`
	Average *decimal.Decimal `json:"average,omitempty"`
	Min     *decimal.Decimal `json:"min,omitempty"`
	Max     *decimal.Decimal `json:"max,omitempty"`
	Bands   [4]int           `json:"bands"`
	Grades  map[string]int   `json:"grades"`
	// Budget and Spent sum the amounts (万元) of the evaluations that give
	// both; Execution is Spent / Budget.
	Budget    decimal.Decimal  `json:"budget"`
	Spent     decimal.Decimal  `json:"spent"`
	Execution *decimal.Decimal `json:"execution,omitempty"`
	// Errors and Warnings total the checker's findings.
	Errors   int `json:"errors"`
	Warnings int `json:"warnings"`
}

// Assessment is an evaluation with its scorecard and findings.
type Assessment struct {
	Evaluation *Evaluation
	Info       *EvaluationInfo
	Can        Permissions
	// Scorecard is nil when the case cannot be scored yet; ScoreProblems
	// say why.
	Scorecard     *Scorecard
	ScoreProblems Problems
	Findings      []Finding
}

// Permissions are what a user may do with one evaluation.
type Permissions struct {
	Read   bool `json:"read"`
	Write  bool `json:"write"`  // change content, upload evidence
	Submit bool `json:"submit"` // submit to the finance bureau
	Review bool `json:"review"` // return or accept
	// Reopen: take an accepted evaluation back to its department (an
	// administrator, or the reviewer whose acceptance it is).
	Reopen bool `json:"reopen"`
	Audit  bool `json:"audit"` // read its audit log
}

// PendingUpload is an uploaded case waiting for its user's confirmation.
type PendingUpload struct {
	Name       string // the file's name
	Evaluation *Evaluation
	Replace    int64 // the stored evaluation it replaces, or 0
}

// EvaluationService reads and changes evaluations.
type EvaluationService interface {
	ListEvaluations(ctx context.Context, f EvaluationFilter) ([]*EvaluationInfo, int, error)
	Evaluation(ctx context.Context, id int64) (*Evaluation, *EvaluationInfo, error)
	// Can reports what the user may do with evaluation id by role (whether
	// its status allows changes is the caller's to see).
	Can(ctx context.Context, id int64) (Permissions, error)
	ImportEvaluation(ctx context.Context, orgID int64, ev *Evaluation, replace bool) (*EvaluationInfo, error)
	ReplaceCase(ctx context.Context, id, revision int64, ev *Evaluation) (*EvaluationInfo, error)
	// HoldUpload keeps an uploaded case, checked and shown to the user,
	// until the user confirms it (for 30 minutes, at most two per user)
	// and returns the token that takes it; TakeUpload returns it once, to
	// the same user, whichever server is asked.
	HoldUpload(ctx context.Context, p *PendingUpload) (token string, err error)
	TakeUpload(ctx context.Context, token string) (*PendingUpload, error)
	UpdateEvaluation(ctx context.Context, id, version int64, ev *Evaluation) (*EvaluationInfo, error)
	DeleteEvaluation(ctx context.Context, id, version int64) error

	// Summaries lists the evaluations the user may see that f selects, each
	// with its score, grade, budget execution and findings at a glance.
	Summaries(ctx context.Context, f EvaluationFilter) ([]*Summary, int, error)
	// Rollup summarises one level of the organisation tree for year (0:
	// the latest): the organisations directly below orgID (0: the top of
	// what the user sees), each with its whole subtree's totals.
	Rollup(ctx context.Context, orgID int64, year int) (*Rollup, error)
	// YearComparison compares evaluation id with the other years'
	// evaluations of the same subject (历年对比).
	YearComparison(ctx context.Context, id int64) (*YearComparison, error)

	// Assess loads, scores and checks evaluation id in one go, with what the
	// user may do with it: everything a page about the evaluation shows.
	Assess(ctx context.Context, id int64) (*Assessment, error)
	// AssessCase scores and checks a case that is not stored (a file
	// about to be imported), for any signed-in user.
	AssessCase(ctx context.Context, ev *Evaluation) (*Assessment, error)
	// Scorecard scores evaluation id. The scorecard may be shared: while
	// the evaluation is unchanged the same one may be returned again, and
	// callers must not change it.
	Scorecard(ctx context.Context, id int64) (*Scorecard, error)
	Findings(ctx context.Context, id int64) ([]Finding, error)
	// Report writes the report or tables of evaluation id in format (docx,
	// html, pdf, xlsx) and returns its content type and file name. A PDF
	// may wait its turn in a bounded queue (see WithQueueStatus); when the
	// queue is full, Report fails at once with ETOOMANY.
	Report(ctx context.Context, id int64, format string, w io.Writer) (contentType, filename string, err error)
	// CheckReport writes the 核查报告 of evaluation id in format (docx,
	// html, pdf): the checker's findings, for the unit before submitting
	// and for the reviewer; the submission (Report) never holds them. A
	// PDF waits in the same queue as Report's.
	CheckReport(ctx context.Context, id int64, format string, w io.Writer) (contentType, filename string, err error)

	// Transition moves evaluation id at version through the workflow.
	// Submitting is refused with a *BlanksError while the report has
	// blanks, unless an override (at most one) gives the reason.
	Transition(ctx context.Context, id, version int64, action WorkflowAction, reason string, comments []Comment, override ...SubmitOverride) (*EvaluationInfo, error)
	Transitions(ctx context.Context, id int64) ([]*Transition, error)
	Comments(ctx context.Context, id int64) ([]*Comment, error)

	Indicators(ctx context.Context, evalID int64) ([]*IndicatorRecord, error)
	Indicator(ctx context.Context, id int64) (*IndicatorRecord, error)
	CreateIndicator(ctx context.Context, evalID int64, owner Owner, in *Indicator) (*IndicatorRecord, error)
	// CreateIndicators adds several indicators to one owner, all or none.
	CreateIndicators(ctx context.Context, evalID int64, owner Owner, ins []Indicator) ([]*IndicatorRecord, error)
	UpdateIndicator(ctx context.Context, id, version int64, in *Indicator) (*IndicatorRecord, error)
	DeleteIndicator(ctx context.Context, id, version int64) error

	Goals(ctx context.Context, evalID int64) ([]*GoalRecord, error)
	Goal(ctx context.Context, id int64) (*GoalRecord, error)
	UpdateGoal(ctx context.Context, id, version int64, g *Goal) (*GoalRecord, error)
	CreateGoal(ctx context.Context, evalID int64, g *Goal) (*GoalRecord, error)
	DeleteGoal(ctx context.Context, id, version int64) error

	Projects(ctx context.Context, evalID int64) ([]*ProjectRecord, error)
	Project(ctx context.Context, id int64) (*ProjectRecord, error)
	UpdateProject(ctx context.Context, id, version int64, p *Project) (*ProjectRecord, error)
	CreateProject(ctx context.Context, evalID int64, p *Project) (*ProjectRecord, error)
	DeleteProject(ctx context.Context, id, version int64) error

	UploadFile(ctx context.Context, evalID int64, name, contentType string, data []byte) (*FileInfo, error)
	File(ctx context.Context, id int64) (*FileInfo, []byte, error)
	Files(ctx context.Context, evalID int64) ([]*FileInfo, error)
	Evidence(ctx context.Context, indicatorID int64) ([]*EvidenceRecord, error)
	AddEvidence(ctx context.Context, indicatorID int64, e Evidence, fileID int64) (*EvidenceRecord, error)

	Audit(ctx context.Context, f AuditFilter) ([]*AuditEntry, int, error)

	// Rulebooks lists the rulebooks a case may name: the built-in ones and
	// those stored on the server (without their sources).
	Rulebooks(ctx context.Context) ([]*StoredRulebook, error)
	// StoredRulebook returns a stored rulebook, with its source, by its
	// reference (name@version, or a name for its latest version).
	StoredRulebook(ctx context.Context, ref string) (*StoredRulebook, error)
	// SaveRulebook stores a rulebook file (administrators and finance
	// bureau reviewers); created is false when the same rulebook was
	// stored before.
	SaveRulebook(ctx context.Context, file string, data []byte) (rb *StoredRulebook, created bool, err error)
}

// UserService signs users in and manages users, tokens and organisations.
type UserService interface {
	// LoginGate refuses at once a sign-in from an address that must wait
	// (ETOOMANY), before the request's body is read; device is the device
	// token the browser presents, if any.
	LoginGate(ctx context.Context, remote, device string) error
	// Login checks a password under the sign-in throttles and returns the
	// user and the device token the browser should keep (a cookie).
	Login(ctx context.Context, a LoginAttempt) (u *User, device string, err error)
	// EndSessions ends every session of user id and revokes its API
	// tokens: one's own, or anyone's by an administrator.
	EndSessions(ctx context.Context, id int64) error
	// TokenUser returns the user of an API token.
	TokenUser(ctx context.Context, token string) (*User, error)
	// User returns a user by id, for sessions (no permission check: the
	// session already proved who it is).
	SessionUser(ctx context.Context, id int64) (*User, error)

	Users(ctx context.Context) ([]*User, error)
	User(ctx context.Context, id int64) (*User, error)
	CreateUser(ctx context.Context, u *User, password string) (*User, error)
	UpdateUser(ctx context.Context, id, version int64, p UserPatch) (*User, error)
	// SetPassword changes a password: one's own (with the old password),
	// or anyone's by an administrator.
	SetPassword(ctx context.Context, id int64, old, new string) error

	Tokens(ctx context.Context) ([]*Token, error)
	CreateToken(ctx context.Context, name string) (secret string, t *Token, err error)
	RevokeToken(ctx context.Context, id int64) error

	Orgs(ctx context.Context) ([]*OrgRecord, error)
	Org(ctx context.Context, id int64) (*OrgRecord, error)
	CreateOrg(ctx context.Context, o *OrgRecord) (*OrgRecord, error)
}
