package jixiao

import (
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
