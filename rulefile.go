package jixiao

import (
	"context"
	"fmt"
	"time"
)

// Rule files (预警规则、结果应用规则、工作日历 uploaded by the bureau): each
// upload of a kind is stored once per content (SHA256) as that kind's next
// version and is never deleted; a monitoring round names the warning-rules
// and calendar versions it uses, a results-application year the
// results-rules version (none: the server's file or the built-in rules).

// RuleFileKind is what a rule file holds.
type RuleFileKind string

// The kinds of rule files.
const (
	RuleFileMonitor  RuleFileKind = "monitor"  // 监控预警规则
	RuleFileResults  RuleFileKind = "results"  // 结果应用规则
	RuleFileCalendar RuleFileKind = "calendar" // 工作日历
)

// RuleFileKinds are the kinds, in the order pages list them.
var RuleFileKinds = []RuleFileKind{RuleFileMonitor, RuleFileResults, RuleFileCalendar}

// MaxRuleFile bounds an uploaded rule file (read at most this much, refused
// beyond).
const MaxRuleFile = 256 << 10

// Title is the kind's Chinese name.
func (k RuleFileKind) Title() string {
	switch k {
	case RuleFileMonitor:
		return "监控预警规则"
	case RuleFileResults:
		return "结果应用规则"
	case RuleFileCalendar:
		return "工作日历"
	}
	return string(k)
}

// ParseRuleFileKind reads a kind by its key or its Chinese name.
func ParseRuleFileKind(s string) (RuleFileKind, bool) {
	for _, k := range RuleFileKinds {
		if s == string(k) || s == k.Title() {
			return k, true
		}
	}
	return "", false
}

// RuleFile is one stored version of a rule file.
type RuleFile struct {
	ID      int64        `json:"id"`
	Kind    RuleFileKind `json:"kind"`
	Version int          `json:"version"`
	// Title is the rules' or calendar's own title (or name) in the file.
	Title     string    `json:"title,omitempty"`
	SHA256    string    `json:"sha256"`
	Origin    string    `json:"origin,omitempty"` // the uploaded file's name
	CreatedBy string    `json:"created_by,omitempty"`
	CreatedAt time.Time `json:"created_at"`
	Source    string    `json:"source,omitempty"`
}

// Label names the version in Chinese, as pages and reports state it
// (上传的工作日历第2版).
func (f *RuleFile) Label() string {
	return fmt.Sprintf("上传的%s第%d版", f.Kind.Title(), f.Version)
}

// ShortHash is the first 12 hex digits of the content's SHA256.
func (f *RuleFile) ShortHash() string {
	if len(f.SHA256) > 12 {
		return f.SHA256[:12]
	}
	return f.SHA256
}

// ResultRulesChoice is the results-rules version a year's results
// application uses (File nil: the built-in rules).
type ResultRulesChoice struct {
	Year      int       `json:"year"`
	File      *RuleFile `json:"file,omitempty"`
	ChosenBy  string    `json:"chosen_by,omitempty"`
	ChosenAt  time.Time `json:"chosen_at,omitzero"`
	Decisions int       `json:"decisions"` // decisions recorded for the year (the choice is fixed once there are any)
}

// RuleFileService stores the bureau's rule files and the choice of
// results rules per year.
type RuleFileService interface {
	// RuleFiles lists the stored versions of kind ("" for every kind),
	// without their content.
	RuleFiles(ctx context.Context, kind RuleFileKind) ([]*RuleFile, error)
	// RuleFile returns a stored version with its content.
	RuleFile(ctx context.Context, id int64) (*RuleFile, error)
	// SaveRuleFile checks and stores an uploaded file of kind (name is the
	// file's name); the same content again returns the version stored
	// before, with created false.
	SaveRuleFile(ctx context.Context, kind RuleFileKind, name string, data []byte) (f *RuleFile, created bool, err error)
	// ResultRules returns the results-rules choice of year.
	ResultRules(ctx context.Context, year int) (*ResultRulesChoice, error)
	// ChooseResultRules sets the results-rules version of year (0: the
	// built-in rules), while no decision of the year is recorded.
	ChooseResultRules(ctx context.Context, year int, fileID int64) (*ResultRulesChoice, error)
	// ChangeRoundRuleFiles changes a monitoring round's warning-rules and
	// calendar versions (0: the server's or the built-in ones) while no
	// department has filled in its entry.
	ChangeRoundRuleFiles(ctx context.Context, roundID, rulesFileID, calendarFileID int64) (*MonitorRoundRecord, error)
}
