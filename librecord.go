package jixiao

import (
	"context"
	"io"
	"time"
)

// LibraryFilter selects indicators of the library (指标库). Query keeps
// those whose code or name contains it; Level1 and Level2, when set, those
// under them; Status those in that state. Retired indicators are listed
// only when Status asks for them or All is set.
type LibraryFilter struct {
	Query  string
	Level1 string
	Level2 string
	// Field selects the indicators of one 领域 (共性 or a sector).
	Field  string
	Status LibraryStatus
	All    bool
	Offset int
	Limit  int
}

// LibraryPage is one page of the current library version's indicators.
type LibraryPage struct {
	Version int                 `json:"version"`
	Year    int                 `json:"year"`
	Items   []*LibraryIndicator `json:"items"`
	Total   int                 `json:"total"`
	// Levels are the 一级指标 of the library, for a search form.
	Levels []string `json:"levels"`
	// Fields are the 领域 of the library, in the order they first
	// appear, for a search form.
	Fields []string `json:"fields"`
	// MayPropose and MayCurate say whether the user may propose
	// indicators, and confirm, merge and retire them.
	MayPropose bool `json:"may_propose"`
	MayCurate  bool `json:"may_curate"`
}

// LibraryVersion is one version of the library: what change made it, to
// which indicator, by whom and when. Version 1 (or the starter library's
// version) is the library as first stored.
type LibraryVersion struct {
	Version int    `json:"version"`
	Year    int    `json:"year"`
	Action  string `json:"action"`
	Code    string `json:"code,omitempty"`
	Into    string `json:"into,omitempty"`
	// Reason is why the indicator was edited (修改理由).
	Reason   string    `json:"reason,omitempty"`
	Username string    `json:"username"`
	At       time.Time `json:"at"`
}

// Library actions, as LibraryVersion.Action names them.
const (
	LibActionSeed    = "seed"
	LibActionPropose = "propose"
	LibActionConfirm = "confirm"
	LibActionMerge   = "merge"
	LibActionRetire  = "retire"
	LibActionEdit    = "edit"
)

// LibraryActions are the library actions, in the order of their titles'
// lists.
var LibraryActions = []string{LibActionSeed, LibActionPropose, LibActionConfirm, LibActionMerge, LibActionRetire, LibActionEdit}

// LibraryActionTitle is the Chinese name of a library action.
func LibraryActionTitle(action string) string {
	switch action {
	case LibActionSeed:
		return "载入初始库"
	case LibActionPropose:
		return "建议"
	case LibActionConfirm:
		return "确认"
	case LibActionMerge:
		return "合并"
	case LibActionRetire:
		return "停用"
	case LibActionEdit:
		return "修改"
	}
	return action
}

// LibraryService is what the HTTP layers use of the indicator library
// stored on the server (internal/app implements it). Every signed-in user
// reads it; departments (填报人、审核人) propose indicators; the finance
// bureau's reviewers and administrators confirm, merge, retire and edit
// them.
// Every change makes a new library version and is in the audit log.
type LibraryService interface {
	// CurrentLibrary is the current version, all its indicators.
	CurrentLibrary(ctx context.Context) (*Library, error)
	// SearchLibrary lists one page of the current version's indicators f
	// selects, by code.
	SearchLibrary(ctx context.Context, f LibraryFilter) (*LibraryPage, error)
	// LibraryHistory lists the library's versions, newest first.
	LibraryHistory(ctx context.Context, offset, limit int) ([]*LibraryVersion, int, error)
	// ProposeIndicator adds in as a 建议 indicator under a new code.
	ProposeIndicator(ctx context.Context, in *LibraryIndicator) (*LibraryIndicator, error)
	// ConfirmIndicator, RetireIndicator and MergeIndicator change the
	// indicator code (see Library's methods of the same names).
	ConfirmIndicator(ctx context.Context, code string) (*LibraryIndicator, error)
	RetireIndicator(ctx context.Context, code string) (*LibraryIndicator, error)
	MergeIndicator(ctx context.Context, code, into string) (*LibraryIndicator, error)
	// EditIndicator changes the content of indicator code to in's (see
	// Library.Edit), for the given reason, keeping its code.
	EditIndicator(ctx context.Context, code string, in *LibraryIndicator, reason string) (*LibraryIndicator, error)
	// LibraryVersion is version n of the library as it was.
	LibraryVersion(ctx context.Context, n int) (*Library, error)
	// CompareLibraryVersions lists, indicator by indicator and field by
	// field, what changed from version from to version to.
	CompareLibraryVersions(ctx context.Context, from, to int) ([]LibraryIndicatorDiff, error)
	// ExportLibrary writes version n (the current version when n is 0)
	// as xlsx or yaml and returns its content type and file name.
	ExportLibrary(ctx context.Context, n int, format string, w io.Writer) (contentType, filename string, err error)
}
