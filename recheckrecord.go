package jixiao

import (
	"context"
	"io"
	"time"

	"github.com/shopspring/decimal"
)

// SampleRecord is a stored re-check sample (抽查样本): drawn by a finance
// bureau (OrgID; 0 for one drawn across all organisations) from the
// submitted self-evaluations of a year in its scope, with the seed, the
// method and the roster's digest that let anyone draw it again.
type SampleRecord struct {
	ID       int64  `json:"id"`
	OrgID    int64  `json:"org_id,omitempty"`
	Year     int    `json:"year"`
	Rulebook string `json:"rulebook"`
	Sample   Sample `json:"sample"`
	// Entries are the sampled evaluations, in the sample's order.
	Entries   []SampleEntry `json:"entries"`
	CreatedBy string        `json:"created_by"`
	CreatedAt time.Time     `json:"created_at"`
}

// SampleEntry is one sampled self-evaluation: the stored evaluation and
// its organisation beside the roster's line.
type SampleEntry struct {
	EvaluationID int64 `json:"evaluation_id"`
	OrgID        int64 `json:"org_id"`
	SampledItem
}

// Rescore is one re-scored scorecard item of a sampled evaluation: the
// item as the self-evaluation scored it, the evaluator's score and reason,
// who re-scored it and when.
type Rescore struct {
	RecheckItem
	Username string    `json:"username"`
	At       time.Time `json:"at"`
}

// RescoreInput is an evaluator's score of one item, by item name.
type RescoreInput struct {
	Item    string          `json:"item" zh:"评分项" jx:"required"`
	Recheck decimal.Decimal `json:"recheck" zh:"复核得分" jx:"required"`
	Reason  string          `json:"reason,omitempty" zh:"复核理由"`
}

// RecheckSheet is the re-score sheet of one sampled evaluation: its
// scorecard's top-level items with the self-scores, and the re-scores
// made so far (Rescored false until the first).
type RecheckSheet struct {
	SampleID     int64         `json:"sample_id"`
	EvaluationID int64         `json:"evaluation_id"`
	Unit         string        `json:"unit"`
	Project      string        `json:"project"`
	Rescored     bool          `json:"rescored"`
	Items        []RecheckItem `json:"items"`
	// Deviation is the project's deviation once re-scored.
	Deviation *ProjectDeviation `json:"deviation,omitempty"`
}

// RecheckResult is a sample with the deviation of what has been re-scored
// (nil until something has).
type RecheckResult struct {
	Sample    *SampleRecord     `json:"sample"`
	Rescored  map[int64]bool    `json:"rescored"`
	Deviation *DeviationSummary `json:"deviation,omitempty"`
}

// RectificationRecord is a stored rectification item: the item, the
// department it belongs to, the evaluation it came from (0: none), a link
// to its evidence and the record's version.
type RectificationRecord struct {
	ID           int64  `json:"id"`
	OrgID        int64  `json:"org_id"`
	OrgName      string `json:"org_name"`
	EvaluationID int64  `json:"evaluation_id,omitempty"`
	// RoundID and EntryID name the monitoring round and entry whose
	// warning the item was raised from, SampleID the re-check sample
	// (0: not raised from one).
	RoundID  int64         `json:"round_id,omitempty"`
	EntryID  int64         `json:"entry_id,omitempty"`
	SampleID int64         `json:"sample_id,omitempty"`
	Link     string        `json:"link,omitempty"`
	Version  int64         `json:"version"`
	Item     Rectification `json:"item"`
	Overdue  bool          `json:"overdue"`
	// Files are the evidence files uploaded with the feedback (整改证明材料),
	// oldest first, without their content.
	Files []*RectFile `json:"files"`
}

// RectFile is an evidence file of a rectification item: a PDF, an image,
// a Word or an Excel file, its type sniffed from its content.
type RectFile struct {
	ID              int64     `json:"id"`
	RectificationID int64     `json:"rectification_id"`
	Name            string    `json:"name"`
	ContentType     string    `json:"content_type"`
	Size            int64     `json:"size"`
	SHA256          string    `json:"sha256"`
	CreatedBy       string    `json:"created_by"`
	CreatedAt       time.Time `json:"created_at"`
}

// RectificationInput is a new rectification item: the department (OrgID),
// the year, the source, the evaluation it came from (optional), the
// problem, the person responsible, the measure and the deadline.
type RectificationInput struct {
	OrgID        int64      `json:"org_id" zh:"单位" jx:"required"`
	Year         int        `json:"year" zh:"年度" jx:"required"`
	Source       RectSource `json:"source" zh:"问题来源" jx:"required"`
	EvaluationID int64      `json:"evaluation_id,omitempty" zh:"评价"`
	Project      string     `json:"project,omitempty" zh:"项目"`
	Problem      string     `json:"problem" zh:"问题" jx:"required"`
	Owner        string     `json:"owner" zh:"责任人" jx:"required"`
	Measure      string     `json:"measure" zh:"整改措施" jx:"required"`
	Deadline     string     `json:"deadline" zh:"整改期限" jx:"required"`
}

// RectificationYear is the rectification of a year: the stored items of
// the year and those carried into it, with the counts (RectificationsFor).
type RectificationYear struct {
	Year    int                    `json:"year"`
	Items   []*RectificationRecord `json:"items"`
	Carried []*RectificationRecord `json:"carried"`
	Current RectCount              `json:"current"`
	Earlier []RectCount            `json:"earlier"`
	// Overdue counts the open items (of the year and carried) past their
	// deadline.
	Overdue int `json:"overdue"`
}

// ResultDecision is the finance bureau's decision on one evaluation's
// next-year budget (结果应用), beside what the rules suggested.
type ResultDecision struct {
	ID              int64            `json:"id"`
	EvaluationID    int64            `json:"evaluation_id"`
	OrgID           int64            `json:"org_id"`
	Year            int              `json:"year"`
	Unit            string           `json:"unit"`
	Project         string           `json:"project"`
	Score           *decimal.Decimal `json:"score,omitempty"`
	Grade           string           `json:"grade"`
	Amount          decimal.Decimal  `json:"amount"`
	Rules           string           `json:"rules"`
	SuggestedAction string           `json:"suggested_action"`
	SuggestedAmount decimal.Decimal  `json:"suggested_amount"`
	DecidedAction   string           `json:"decided_action"`
	DecidedAmount   *decimal.Decimal `json:"decided_amount,omitempty"`
	Note            string           `json:"note,omitempty"`
	// Requested is the next-year amount entered for the project (拟安排金额),
	// which Amount then is; nil when Amount is the evaluation's budget.
	Requested *decimal.Decimal `json:"requested,omitempty"`
	// Reallocations are where the money cut goes (调剂去向).
	Reallocations []Reallocation `json:"reallocations,omitempty"`
	Username      string         `json:"username"`
	At            time.Time      `json:"at"`
	Version       int64          `json:"version"`
}

// DecisionInput is what the bureau decides for an evaluation's budget.
type DecisionInput struct {
	Action string           `json:"action" zh:"决定措施" jx:"required"`
	Amount *decimal.Decimal `json:"amount,omitempty" zh:"决定金额（万元）"`
	Note   string           `json:"note,omitempty" zh:"备注"`
	// Requested is the project's next-year amount (拟安排金额) when it is not
	// the evaluation's budget.
	Requested *decimal.Decimal `json:"requested,omitempty" zh:"拟安排金额（万元）"`
	// Reallocations are where the money cut goes (调剂去向).
	Reallocations []Reallocation `json:"reallocations,omitempty" zh:"调剂去向"`
}

// ApplicationTable is the results-application table of a year from the
// stored grades, with the decisions recorded; EvaluationIDs are the rows'
// evaluations, in the table's order.
type ApplicationTable struct {
	Application   *Application `json:"application"`
	EvaluationIDs []int64      `json:"evaluation_ids"`
	// Declared are the projects declared for the next year in the user's
	// scope that money cut can be reallocated to (by their
	// declaration_id), by department and name.
	Declared []DeclaredTarget `json:"declared"`
	// Unscored are the evaluations left out because they have no grade.
	Unscored []string `json:"unscored,omitempty"`
	// SelfAssessed, beside EvaluationIDs, is the self-evaluation's score
	// and grade of a row the bureau re-checked: the row's score and grade
	// are then the re-checked ones (按复核等级). Nil for a row graded by its
	// self-evaluation.
	SelfAssessed []*SelfAssessed `json:"self_assessed"`
}

// SelfAssessed is the score and grade a self-evaluation gave itself,
// shown beside the re-checked ones that replace them.
type SelfAssessed struct {
	Score decimal.Decimal `json:"score"`
	Grade string          `json:"grade"`
}

// Bounds of the re-check inputs through the service.
const (
	MaxSampleRoster  = 5000 // submitted self-evaluations a sample is drawn from
	MaxRectText      = 2000 // characters of a problem, measure, note or evidence
	MaxRectEvidence  = 20   // evidence entries given at once
	MaxRectListItems = 5000 // rectification items listed for a year
	MaxRectFiles     = 10   // evidence files of one rectification item
	// MaxRectFileSize bounds an evidence file of a rectification item.
	MaxRectFileSize = 10 << 20
)

// RecheckService is what the HTTP layers use of re-checks, rectification
// and results application (internal/app implements it). A finance bureau
// (reviewer) draws samples from the submitted self-evaluations in its
// scope, raises rectification items, confirms or returns the feedback and
// decides the budget actions; an evaluator (or the bureau) re-scores; a
// department gives feedback on its items.
type RecheckService interface {
	// DrawSample draws a sample from the submitted and accepted
	// self-evaluations of year that the user sees, records it and returns it.
	DrawSample(ctx context.Context, year int, spec SampleSpec) (*SampleRecord, error)
	// EvaluateOwn starts the user's department's evaluation (部门评价) of
	// its own submitted and scored self-evaluations evalIDs of year: a
	// sample of those alone (method chosen) that the department re-scores
	// on the same sheet, with the same deviation; its bureau reads it.
	EvaluateOwn(ctx context.Context, year int, evalIDs []int64) (*SampleRecord, error)
	// Samples lists the samples of year (0: all years) the user sees.
	Samples(ctx context.Context, year int) ([]*SampleRecord, error)
	// RecheckResult is sample id with the deviation of what was re-scored.
	RecheckResult(ctx context.Context, id int64) (*RecheckResult, error)
	// RecheckSheet is the re-score sheet of a sampled evaluation.
	RecheckSheet(ctx context.Context, sampleID, evalID int64) (*RecheckSheet, error)
	// SaveRescore records an evaluator's re-scores of a sampled evaluation,
	// every item of its sheet, a reason for each changed one.
	SaveRescore(ctx context.Context, sampleID, evalID int64, items []RescoreInput) (*RecheckSheet, error)

	// Rectifications is the rectification of year in the user's scope.
	Rectifications(ctx context.Context, year int) (*RectificationYear, error)
	// RectificationsOf is the rectification of year of one department
	// (its earlier years' open items carried into year, and their counts).
	RectificationsOf(ctx context.Context, orgID int64, year int) (*RectificationYear, error)
	Rectification(ctx context.Context, id int64) (*RectificationRecord, error)
	CreateRectification(ctx context.Context, in *RectificationInput) (*RectificationRecord, error)
	// RectificationFeedback is the department's feedback with evidence
	// (text, and an http(s) link, at least one of the two).
	RectificationFeedback(ctx context.Context, id, version int64, evidence []string, link, note string) (*RectificationRecord, error)
	ConfirmRectification(ctx context.Context, id, version int64, note string) (*RectificationRecord, error)
	ReturnRectification(ctx context.Context, id, version int64, reason string) (*RectificationRecord, error)
	// AddRectificationFile stores an evidence file of item id, read from
	// r (at most MaxRectFileSize bytes are read: a longer one is refused),
	// for the department to give with its feedback.
	AddRectificationFile(ctx context.Context, id int64, name string, r io.Reader) (*RectFile, error)
	// RectificationFile opens evidence file fileID of item id for whoever
	// may read the item; the caller closes the reader.
	RectificationFile(ctx context.Context, id, fileID int64) (*RectFile, io.ReadCloser, error)
	// RaiseFromRecheck turns a sample's findings (re-scores below the
	// self-scores, the evaluators' reasons) into rectification items, and
	// RaiseFromEvaluation a submitted self-evaluation's stated problems:
	// the items, and how many of them are new (an item is raised once).
	RaiseFromRecheck(ctx context.Context, sampleID int64) ([]*RectificationRecord, int, error)
	RaiseFromEvaluation(ctx context.Context, evalID int64) ([]*RectificationRecord, int, error)
	// RaiseFromReview raises an item (source 审核) for each opinion the
	// bureau wrote when it returned the self-evaluation.
	RaiseFromReview(ctx context.Context, evalID int64) ([]*RectificationRecord, int, error)

	// ApplicationTable is the results-application table of year from the
	// grades of the submitted and accepted self-evaluations the user sees.
	ApplicationTable(ctx context.Context, year int) (*ApplicationTable, error)
	// Decide records the bureau's decision on evaluation evalID's budget.
	Decide(ctx context.Context, evalID int64, in *DecisionInput) (*ResultDecision, error)
	// ApplicationXLSX writes the table of year as 结果应用表 (.xlsx).
	ApplicationXLSX(ctx context.Context, year int, w io.Writer) (filename string, err error)
	// ApplicationReport writes the results-application report of year
	// (结果应用报告) in format (docx, html or pdf).
	ApplicationReport(ctx context.Context, year int, format string, w io.Writer) (contentType, filename string, err error)
}

// Incoming is money the bureau reallocated to a declared project (调入):
// from which unit's project, by the decision on which evaluation year,
// and how much (万元).
type Incoming struct {
	Year    int             `json:"year"`
	Unit    string          `json:"unit"`
	Project string          `json:"project"`
	Action  string          `json:"action"`
	Amount  decimal.Decimal `json:"amount"`
}
