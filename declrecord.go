package jixiao

import (
	"context"
	"time"

	"github.com/shopspring/decimal"
)

// DeclarationRecord is a stored declaration: the declaration with all its
// versions, the organisation it belongs to, the record's version (for
// optimistic locking) and who reviewed which of its versions when.
type DeclarationRecord struct {
	ID          int64          `json:"id"`
	OrgID       int64          `json:"org_id"`
	Version     int64          `json:"version"`
	Declaration Declaration    `json:"declaration"`
	Reviews     []ReviewRecord `json:"review_records,omitempty"`
	// ReallocatedIn is the money the bureau's results application moved
	// to this project (调入), where from; empty for other kinds.
	ReallocatedIn []Incoming `json:"reallocated_in,omitempty"`
}

// IncomingTotal is the total of ReallocatedIn (万元).
func (r *DeclarationRecord) IncomingTotal() decimal.Decimal {
	var t decimal.Decimal
	for _, in := range r.ReallocatedIn {
		t = t.Add(in.Amount)
	}
	return t
}

// ReviewRecord is who made one review of a declaration's version, and
// when: Seq is the review's index in that version's Reviews.
type ReviewRecord struct {
	Number   int              `json:"number"`
	Seq      int              `json:"seq"`
	Outcome  string           `json:"outcome"`
	Rubric   string           `json:"rubric,omitempty"`
	Score    *decimal.Decimal `json:"score,omitempty"`
	Grade    string           `json:"grade,omitempty"`
	UserID   int64            `json:"user_id,omitempty"`
	Username string           `json:"username"`
	At       time.Time        `json:"at"`
}

// DeclarationInfo is a declaration as listed: whose, which year, what
// for, and where its latest version is.
type DeclarationInfo struct {
	ID      int64     `json:"id"`
	OrgID   int64     `json:"org_id"`
	Year    int       `json:"year"`
	Kind    DeclKind  `json:"kind"`
	Project string    `json:"project,omitempty"`
	OrgName string    `json:"org_name"`
	State   DeclState `json:"state"`
	Latest  int       `json:"latest"`
	Version int64     `json:"version"`
	Updated time.Time `json:"updated_at"`
}

// DeclarationFilter selects declarations. OrgIDs limits them to those
// organisations (nil: all); Year, Kind and State, when set, to those.
type DeclarationFilter struct {
	OrgIDs []int64
	Year   int
	Kind   DeclKind
	State  DeclState
	Offset int
	Limit  int
}

// DeclarationService is what the HTTP layers use of performance-goal
// declarations (internal/app implements it). Every method acts for the
// user in its context: a department prepares its own declarations, the
// finance bureau's reviewer returns or approves those of its subtree.
// Methods that change a declaration take the record version the caller
// read; a stale one is ECONFLICT.
type DeclarationService interface {
	ListDeclarations(ctx context.Context, f DeclarationFilter) ([]*DeclarationInfo, int, error)
	Declaration(ctx context.Context, id int64) (*DeclarationRecord, error)
	DeclarationCan(ctx context.Context, id int64) (Permissions, error)
	// CreateDeclaration stores a new declaration for organisation orgID (0:
	// the user's own department) with one draft original version.
	CreateDeclaration(ctx context.Context, orgID int64, d *Declaration) (*DeclarationRecord, error)
	// CarryForwardDeclaration (沿用上年) creates year's declaration from the
	// approved one of the year before, with last year's actual values
	// beside the targets when last year's self-evaluation is stored.
	CarryForwardDeclaration(ctx context.Context, orgID int64, year int, kind DeclKind, project string) (*DeclarationRecord, error)
	// UpdateDeclaration replaces the content of the latest version (a draft
	// or a returned one): goals, indicators, funds, reasons for changes.
	UpdateDeclaration(ctx context.Context, id, version int64, v *DeclVersion) (*DeclarationRecord, error)
	SubmitDeclaration(ctx context.Context, id, version int64) (*DeclarationRecord, error)
	ReturnDeclaration(ctx context.Context, id, version int64, opinions []Opinion) (*DeclarationRecord, error)
	// ApproveDeclaration approves (批复) with the reviewer's points under
	// the review rubric called rubric ("" for the default).
	ApproveDeclaration(ctx context.Context, id, version int64, rubric string, items []ItemScore, opinions []Opinion) (*DeclarationRecord, error)
	// ReviseDeclaration starts a 目标调整 or 年中追加 version of an approved
	// declaration.
	ReviseDeclaration(ctx context.Context, id, version int64, kind VersionKind) (*DeclarationRecord, error)
	// DeclarationDiff is the field-level difference of versions a and b.
	DeclarationDiff(ctx context.Context, id int64, a, b int) ([]DeclChange, error)
	// DeclarationFindings are the declaration checks (D01–D04, D06 and the
	// indicator-quality rules) of version n (0: the latest).
	DeclarationFindings(ctx context.Context, id int64, n int) ([]Finding, error)
	// EvaluationFromBaseline creates the year's self-evaluation from the
	// latest approved version (its goals, indicators, targets and weights).
	EvaluationFromBaseline(ctx context.Context, id int64) (*EvaluationInfo, error)
}
