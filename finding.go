package jixiao

// Severity ranks a finding.
type Severity string

const (
	SeverityError   Severity = "error"   // 错误: the figures or scores are wrong
	SeverityWarning Severity = "warning" // 警告: likely wrong or poor practice; look first
	SeverityInfo    Severity = "info"    // 提示: worth knowing, such as a rounding difference
)

// Title is the severity's Chinese name.
func (s Severity) Title() string {
	switch s {
	case SeverityError:
		return "错误"
	case SeverityWarning:
		return "警告"
	case SeverityInfo:
		return "提示"
	}
	return string(s)
}

// Rank orders severities: error 0, warning 1, info 2.
func (s Severity) Rank() int {
	switch s {
	case SeverityError:
		return 0
	case SeverityWarning:
		return 1
	}
	return 2
}

// Finding is one result of checking an evaluation (核查结果): a stable code,
// its severity, where in the case it is, a Chinese message with the
// arithmetic, and the numbers it compared.
type Finding struct {
	Code     string   `json:"code"`
	Severity Severity `json:"severity"`
	// Path is the location in the case file ("budget.final.income").
	Path string `json:"path"`
	// Where is the location for people ("决算 › 收入").
	Where   string   `json:"where"`
	Message string   `json:"message"`
	Numbers []Number `json:"numbers"`
}

// Number is one figure a finding compared, as displayed.
type Number struct {
	Name  string `json:"name"`
	Value string `json:"value"`
}
