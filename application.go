package jixiao

import (
	"fmt"
	"sort"
	"strings"

	"github.com/shopspring/decimal"
)

// ApplicationRules are the rules of results application (结果应用): for
// each grade, the budget action and the change of the amount it implies.
// They are data (YAML, versioned, with their source), like rulebooks.
type ApplicationRules struct {
	Name    string            `json:"name" zh:"规则名称" jx:"required"`
	Title   string            `json:"title,omitempty" zh:"规则标题"`
	Version string            `json:"version" zh:"版本" jx:"required"`
	Source  string            `json:"source" zh:"依据" jx:"required"`
	Rules   []ApplicationRule `json:"rules" zh:"等级与措施" jx:"required"`
	// Warnings map unresolved monitoring warnings to actions, beside the
	// grades: the one that cuts more applies.
	Warnings []WarningRule `json:"warnings,omitempty" zh:"监控预警与措施" doc:"项目有未处置的该颜色（或该预警规则）的预警时适用；与等级的措施相比，取金额调减较多的一项"`
}

// WarningRule maps an unresolved monitoring warning (a warned item with
// no disposition) of a colour, of a warning rule (M01–M04), or of both,
// to an action and a change of the amount.
type WarningRule struct {
	Level  WarnLevel       `json:"level,omitempty" zh:"预警颜色" doc:"红 或 黄；不填时适用于该预警规则的任一颜色的预警"`
	Rule   string          `json:"rule,omitempty" zh:"预警规则" doc:"M01—M04（见绩效运行监控的预警规则）；不填时适用于该颜色的任一规则的预警。预警颜色和预警规则至少填一项"`
	Action string          `json:"action" zh:"应用措施" jx:"required"`
	Change decimal.Decimal `json:"change" zh:"金额调整比例" doc:"介于 -1 与 1 之间，如 -0.2 为压缩 20%"`
	Note   string          `json:"note,omitempty" zh:"说明"`
}

// ApplicationRule maps a grade to an action and a change of the amount:
// the suggested amount is the amount × (1 + Change), so 0 keeps it, −0.1
// cuts it by 10% and −1 cancels it.
type ApplicationRule struct {
	Grade  string          `json:"grade" zh:"评价等级" jx:"required"`
	Action string          `json:"action" zh:"应用措施" jx:"required" doc:"如 优先保障、保障、压缩、取消"`
	Change decimal.Decimal `json:"change" zh:"金额调整比例" doc:"0 为不变，-0.1 为压缩 10%，-1 为取消；介于 -1 与 1 之间"`
	Note   string          `json:"note,omitempty" zh:"说明"`
}

// Validate checks the rules: a name, a version, a source, one rule per
// grade, changes within [−1, 1].
func (a *ApplicationRules) Validate() error {
	var ps Problems
	for _, f := range []struct{ path, v, title string }{{"name", a.Name, "规则名称"}, {"version", a.Version, "版本"}, {"source", a.Source, "依据"}} {
		if strings.TrimSpace(f.v) == "" {
			ps.add(f.path, "%s不能为空", f.title)
		}
	}
	if len(a.Rules) == 0 {
		ps.add("rules", "须至少给出一个等级的措施")
	}
	seen := map[string]bool{}
	for i, r := range a.Rules {
		path := index("rules", i)
		if seen[r.Grade] {
			ps.add(join(path, "grade"), "等级“%s”重复", r.Grade)
		}
		seen[r.Grade] = true
		checkMeasure(&ps, path, r.Action, r.Change)
	}
	matches := map[WarningRule]int{}
	for i, r := range a.Warnings {
		path := index("warnings", i)
		switch {
		case r.Level == "" && r.Rule == "":
			ps.add(join(path, "level"), "预警颜色和预警规则至少填写一项")
		case r.Level != "" && r.Level != WarnRed && r.Level != WarnYellow:
			ps.add(join(path, "level"), "预警颜色应为 红 或 黄，实际为“%s”", r.Level)
		}
		if r.Rule != "" && WarningTitles[r.Rule] == "" {
			ps.add(join(path, "rule"), "预警规则应为 %s 之一，实际为“%s”", strings.Join(warningCodes(), "、"), r.Rule)
		}
		key := WarningRule{Level: r.Level, Rule: r.Rule}
		if j, dup := matches[key]; dup {
			field := "level"
			if r.Rule != "" {
				field = "rule"
			}
			ps.add(join(path, field), "%s与第 %d 项重复", r.Title(), j+1)
		} else {
			matches[key] = i
		}
		checkMeasure(&ps, path, r.Action, r.Change)
	}
	return ps.Err()
}

// warningCodes lists the monitoring warning rules' codes, sorted.
func warningCodes() []string {
	codes := make([]string, 0, len(WarningTitles))
	for c := range WarningTitles {
		codes = append(codes, c)
	}
	sort.Strings(codes)
	return codes
}

// Title names the warnings the rule applies to: “红色预警”,
// “M02预警（执行进度落后于时间进度）” or “红色M02预警（…）”.
func (r WarningRule) Title() string {
	if r.Rule == "" {
		return r.Level.Title()
	}
	t := r.Rule + "预警（" + WarningTitles[r.Rule] + "）"
	if WarningTitles[r.Rule] == "" {
		t = r.Rule + "预警"
	}
	if r.Level != "" {
		t = string(r.Level) + "色" + t
	}
	return t
}

// Matches reports whether the rule applies to the warning: its colour
// and its warning rule, where the rule names them.
func (r WarningRule) Matches(w AppliedWarning) bool {
	return (r.Level == "" || r.Level == w.Level) && (r.Rule == "" || r.Rule == w.Rule)
}

// Suggestion is the action the rules suggest for a project and the amount
// it leads to, with the arithmetic.
type Suggestion struct {
	Action      string
	Change      decimal.Decimal
	Amount      decimal.Decimal
	Explanation string
	// Rule names the rule that gave the suggestion (“等级为中” or
	// “红色预警未处置”); Warning is the warning a warning rule applied to.
	Rule    string
	Warning string
}

// checkMeasure checks a rule's action and its change of amount, a share
// between −1 and 1.
func checkMeasure(ps *Problems, path, action string, change decimal.Decimal) {
	if strings.TrimSpace(action) == "" {
		ps.add(join(path, "action"), "应用措施不能为空")
	}
	if change.LessThan(decimal.NewFromInt(-1)) || change.GreaterThan(decimal.NewFromInt(1)) {
		ps.add(join(path, "change"), "金额调整比例应在 -1 与 1 之间，实际为 %s", change)
	}
}

// Suggest gives the suggested action and amount for a project of the
// given grade and amount: the amount is rounded half-up to places first,
// as shown, and the result of the change again, so that the arithmetic
// shown is the arithmetic done.
func (a *ApplicationRules) Suggest(grade string, amount decimal.Decimal, places int32) (Suggestion, error) {
	grade = strings.TrimSpace(grade)
	amount = Round(amount, places)
	for _, r := range a.Rules {
		if r.Grade != grade {
			continue
		}
		return suggestion("等级为"+grade, r.Action, r.Change, amount, places), nil
	}
	var grades []string
	for _, r := range a.Rules {
		grades = append(grades, r.Grade)
	}
	return Suggestion{}, Errorf(EINVALID, "结果应用规则“%s”没有等级“%s”的措施（有：%s）", a.Name, grade, strings.Join(grades, "、"))
}

// suggestion is the action and amount a rule named rule gives amount
// (already rounded), with the arithmetic.
func suggestion(rule, action string, change, amount decimal.Decimal, places int32) Suggestion {
	s := Suggestion{Action: action, Change: change, Amount: Round(amount.Mul(decimal.NewFromInt(1).Add(change)), places), Rule: rule}
	switch {
	case change.IsZero():
		s.Explanation = fmt.Sprintf("%s：%s，金额不变 %s", rule, action, Fixed(amount, places))
	case change.Equal(decimal.NewFromInt(-1)):
		s.Explanation = fmt.Sprintf("%s：%s，金额 %s 调减为 0", rule, action, Fixed(amount, places))
	case change.IsNegative():
		s.Explanation = fmt.Sprintf("%s：%s %s，%s × (1 − %s) = %s", rule, action, Percent(change.Neg(), 0), Fixed(amount, places), Percent(change.Neg(), 0), Fixed(s.Amount, places))
	default:
		s.Explanation = fmt.Sprintf("%s：%s，增加 %s，%s × (1 + %s) = %s", rule, action, Percent(change, 0), Fixed(amount, places), Percent(change, 0), Fixed(s.Amount, places))
	}
	return s
}

// SuggestWith is Suggest for a project that may also have unresolved
// monitoring warnings: a warning rule matching a warning (its colour, its
// warning rule or both) applies instead of the grade's rule when it cuts
// more (a lower change; on a tie the grade's rule, or the earlier warning
// rule, stands), and the explanation names the rule and the warning, and
// the grade's rule it overrode.
func (a *ApplicationRules) SuggestWith(grade string, warnings []AppliedWarning, amount decimal.Decimal, places int32) (Suggestion, error) {
	s, err := a.Suggest(grade, amount, places)
	if err != nil {
		return s, err
	}
	amount = Round(amount, places)
	best := s
	for _, w := range warnings {
		for _, r := range a.Warnings {
			if !r.Matches(w) || !r.Change.LessThan(best.Change) {
				continue
			}
			best = suggestion(r.Title()+"未处置", r.Action, r.Change, amount, places)
			best.Warning = w.Text
		}
	}
	if best.Warning != "" {
		best.Explanation = fmt.Sprintf("%s（%s）；按%s的措施调减较多，不按%s（%s %s）", best.Explanation, best.Warning, best.Rule, s.Rule, s.Action, Fixed(s.Amount, places))
	}
	return best, nil
}

// AppliedWarning is an unresolved monitoring warning of a project: its
// colour, the warning rule that raised it and what it says (the round,
// the rule and the numbers).
type AppliedWarning struct {
	Level WarnLevel `json:"level" zh:"预警颜色" jx:"required" doc:"红 或 黄"`
	Rule  string    `json:"rule,omitempty" zh:"预警规则" doc:"M01—M04；结果应用规则按预警规则给出措施时据此对应"`
	Text  string    `json:"text" zh:"预警" jx:"required" doc:"哪一轮监控、哪条预警"`
}

// Reallocation is where money cut from a project goes (调剂): a project or
// purpose of the next year, and the amount (万元).
type Reallocation struct {
	To     string          `json:"to" zh:"调剂到" doc:"下一年度的项目或用途，评价结果文件中必填；服务器的接口中调剂到已申报的项目时可只填 declaration_id，返回时为该项目现在的“单位／项目”"`
	Amount decimal.Decimal `json:"amount" zh:"调剂金额（万元）" jx:"required"`
	// DeclarationID links the destination to a project declared for the
	// next year (服务器上的绩效目标申报); To is then that project's unit and
	// name as they stand, never stored.
	DeclarationID int64 `json:"declaration_id,omitempty" zh:"调剂到的申报项目" doc:"只用于服务器的接口：下一年度已申报项目的编号（结果应用表的 declared 中列出）；评价结果文件中不填"`
}

// RemovedDeclaration is what a reallocation to a declared project that no
// longer exists shows as its destination.
const RemovedDeclaration = "（已删除的申报项目）"

// Bounds of a project's reallocations.
const (
	MaxReallocations = 20  // destinations of one project
	MaxReallocTo     = 200 // characters of a destination
)

// Results are the evaluation results of projects to apply to next year's
// budget (评价结果), with the bureau's decisions beside them.
type Results struct {
	// Year is the evaluation year; the budget year is the next.
	Year  int    `json:"year" zh:"评价年度" jx:"required"`
	Rules string `json:"rules,omitempty" zh:"结果应用规则" doc:"内置结果应用规则名或规则文件路径；不填为 results-2020"`
	// Projects are the evaluated projects with their amounts (万元).
	Projects []AppliedProject `json:"projects" zh:"项目" jx:"required"`
}

// AppliedProject is one project's result and the bureau's decision.
type AppliedProject struct {
	Unit    string           `json:"unit" zh:"单位" jx:"required"`
	Project string           `json:"project" zh:"项目" jx:"required"`
	Score   *decimal.Decimal `json:"score,omitempty" zh:"评价得分"`
	Grade   string           `json:"grade" zh:"评价等级" jx:"required"`
	Amount  decimal.Decimal  `json:"amount" zh:"拟安排金额（万元）" jx:"required" doc:"下一年度拟安排的预算金额，结果应用前"`
	// DecidedAction and DecidedAmount are what the bureau decided; empty
	// until it has.
	DecidedAction string           `json:"decided_action,omitempty" zh:"决定措施"`
	DecidedAmount *decimal.Decimal `json:"decided_amount,omitempty" zh:"决定金额（万元）"`
	Note          string           `json:"note,omitempty" zh:"备注"`
	// Reallocations are where the bureau moves money it cut from the
	// project; together at most the cut (Amount − DecidedAmount).
	Reallocations []Reallocation `json:"reallocations,omitempty" zh:"调剂去向" doc:"决定金额低于拟安排金额时，调减的资金调剂到哪里；合计不超过调减的金额"`
	// SelfScore and SelfGrade are the self-evaluation's own score and
	// grade when Score and Grade are re-checked ones.
	SelfScore *decimal.Decimal `json:"self_score,omitempty" zh:"自评得分" doc:"经抽查复核的项目：评价得分为复核得分，此处为自评得分"`
	SelfGrade string           `json:"self_grade,omitempty" zh:"自评等级"`
	// Warnings are the project's unresolved monitoring warnings.
	Warnings []AppliedWarning `json:"warnings,omitempty" zh:"未处置的监控预警" doc:"结果应用规则有预警措施时按之给出建议"`
}

// MaxResults is the most projects a results file may hold.
const MaxResults = 100_000

// Validate checks the results: unique projects, amounts not negative, a
// decided amount only with a decided action.
func (r *Results) Validate() error {
	var ps Problems
	if r.Year < 1990 || r.Year > 2100 {
		ps.add("year", "评价年度应为四位年份，实际为 %d", r.Year)
	}
	if len(r.Projects) == 0 {
		ps.add("projects", "没有项目")
	}
	if len(r.Projects) > MaxResults {
		ps.add("projects", "项目有 %d 个，超过 %d 个的上限", len(r.Projects), MaxResults)
		return ps.Err()
	}
	seen := map[string]int{}
	for i := range r.Projects {
		p := &r.Projects[i]
		path := index("projects", i)
		key := p.Unit + "／" + p.Project
		if j, dup := seen[key]; dup {
			ps.add(join(path, "project"), "单位“%s”的项目“%s”与第 %d 个项目重复", p.Unit, p.Project, j+1)
		}
		seen[key] = i
		if p.Amount.IsNegative() {
			ps.add(join(path, "amount"), "拟安排金额不能为负数，实际为 %s", p.Amount)
		}
		if p.DecidedAmount != nil && p.DecidedAmount.IsNegative() {
			ps.add(join(path, "decided_amount"), "决定金额不能为负数，实际为 %s", p.DecidedAmount)
		}
		if p.DecidedAmount != nil && strings.TrimSpace(p.DecidedAction) == "" {
			ps.add(join(path, "decided_action"), "填写了决定金额，须同时填写决定措施")
		}
		p.validateReallocations(path, &ps)
		p.validateWarnings(path, &ps)
	}
	return ps.Err()
}

// CheckReallocations checks the project's reallocations as Validate
// does, in words without the fields' paths (for a form).
func (p *AppliedProject) CheckReallocations() error {
	var ps Problems
	p.validateReallocations("", &ps)
	if len(ps) == 0 {
		return nil
	}
	msgs := make([]string, len(ps))
	for i, x := range ps {
		msgs[i] = x.Message
	}
	return Errorf(EINVALID, "%s", strings.Join(msgs, "；"))
}

// validateReallocations checks a project's reallocations: each names
// where it goes and moves a positive amount, and together they move no
// more than the bureau cut, rounded to DefaultRounding as the table is.
func (p *AppliedProject) validateReallocations(path string, ps *Problems) {
	if len(p.Reallocations) == 0 {
		return
	}
	if len(p.Reallocations) > MaxReallocations {
		ps.add(join(path, "reallocations"), "调剂去向有 %d 项，超过 %d 项的上限", len(p.Reallocations), MaxReallocations)
		return
	}
	if p.DecidedAmount == nil {
		ps.add(join(path, "reallocations"), "填写了调剂去向，须同时填写决定金额（调减后安排的金额）")
		return
	}
	places := DefaultRounding.Amount
	var sum decimal.Decimal
	seenDecl, seenTo := map[int64]int{}, map[string]int{}
	for j, r := range p.Reallocations {
		rp := index(join(path, "reallocations"), j)
		if r.DeclarationID != 0 {
			if k, dup := seenDecl[r.DeclarationID]; dup {
				ps.add(join(rp, "declaration_id"), "调剂去向第 %d 项：调剂到的申报项目“%s”与第 %d 项重复", j+1, strings.TrimSpace(r.To), k+1)
			}
			seenDecl[r.DeclarationID] = j
		} else if to := strings.TrimSpace(r.To); to != "" {
			if k, dup := seenTo[to]; dup {
				ps.add(join(rp, "to"), "调剂去向第 %d 项：调剂到的“%s”与第 %d 项重复", j+1, to, k+1)
			}
			seenTo[to] = j
		}
		if strings.TrimSpace(r.To) == "" {
			ps.add(join(rp, "to"), "调剂去向第 %d 项：调剂到的项目或用途不能为空", j+1)
		} else if n := len([]rune(r.To)); n > MaxReallocTo && r.DeclarationID == 0 {
			ps.add(join(rp, "to"), "调剂去向第 %d 项：调剂到的项目或用途有 %d 字，超过 %d 字的上限", j+1, n, MaxReallocTo)
		}
		if !Round(r.Amount, places).IsPositive() {
			ps.add(join(rp, "amount"), "调剂去向第 %d 项：调剂金额应大于 0，实际为 %s", j+1, r.Amount)
		}
		sum = sum.Add(Round(r.Amount, places))
	}
	cut := Round(p.Amount, places).Sub(Round(*p.DecidedAmount, places))
	if sum.GreaterThan(cut) {
		ps.add(join(path, "reallocations"), "调剂金额合计 %s 万元，超过调减的 %s 万元（拟安排 %s − 决定 %s）",
			Fixed(sum, places), Fixed(decimal.Max(cut, decimal.Zero), places), Fixed(Round(p.Amount, places), places), Fixed(Round(*p.DecidedAmount, places), places))
	}
}

// validateWarnings checks a project's unresolved warnings: a colour and,
// where given, a known warning rule.
func (p *AppliedProject) validateWarnings(path string, ps *Problems) {
	for j, w := range p.Warnings {
		wp := index(join(path, "warnings"), j)
		if w.Level != WarnRed && w.Level != WarnYellow {
			ps.add(join(wp, "level"), "预警颜色应为 红 或 黄，实际为“%s”", w.Level)
		}
		if w.Rule != "" && WarningTitles[w.Rule] == "" {
			ps.add(join(wp, "rule"), "预警规则应为 %s 之一，实际为“%s”", strings.Join(warningCodes(), "、"), w.Rule)
		}
	}
}

// AppliedRow is one row of the results-application table (结果应用表).
type AppliedRow struct {
	AppliedProject
	Suggestion Suggestion
	// Decided reports whether the bureau has decided; Final is the decided
	// amount, or the suggested one until it has; Adjustment is Final −
	// Amount.
	Decided    bool
	Final      decimal.Decimal
	Adjustment decimal.Decimal
	// Of the amount, Kept stays with the project (Final, at most Amount),
	// Reallocated moves elsewhere and Withdrawn is cut and not
	// reallocated: Amount = Kept + Reallocated + Withdrawn. Added is what
	// Final adds to Amount: Final = Kept + Added.
	Kept, Reallocated, Withdrawn, Added decimal.Decimal
}

// Application is the results-application table: one row per project and
// the totals.
type Application struct {
	Year    int
	Rules   *ApplicationRules
	Places  int32
	Rows    []AppliedRow
	Amount  decimal.Decimal // total amount before application
	Suggest decimal.Decimal // total suggested
	Final   decimal.Decimal // total decided (suggested where undecided)
	// Cut and Added total the decreases and increases of Final against
	// Amount; Decided counts the projects the bureau has decided.
	Cut, Added decimal.Decimal
	// Kept, Reallocated and Withdrawn total the rows' (Amount = Kept +
	// Reallocated + Withdrawn; Cut = Reallocated + Withdrawn).
	Kept, Reallocated, Withdrawn decimal.Decimal
	Decided                      int
	// Receipts are the next year's declared projects money was moved to,
	// in the order Receive was given them; MovedIn totals their In, and
	// MovedElsewhere the rest of Reallocated, moved to purposes not
	// declared (Reallocated = MovedIn + MovedElsewhere).
	Receipts                []Receipt
	MovedIn, MovedElsewhere decimal.Decimal
	// Actions counts the projects by final action (decided, else
	// suggested), in the order of the rules.
	Actions []ActionCount
}

// ActionCount is how many projects got an action, and their amounts.
type ActionCount struct {
	Action string
	Count  int
	Amount decimal.Decimal
}

// Apply applies the rules to the results: each project's suggested action
// and amount (to places, half-up), its decided ones beside them, totals.
func Apply(res *Results, rules *ApplicationRules, places int32) (*Application, error) {
	if err := res.Validate(); err != nil {
		return nil, err
	}
	a := &Application{Year: res.Year, Rules: rules, Places: places}
	var ps Problems
	counts := map[string]*ActionCount{}
	var order []string
	for _, r := range rules.Rules {
		if _, ok := counts[r.Action]; !ok {
			counts[r.Action] = &ActionCount{Action: r.Action}
			order = append(order, r.Action)
		}
	}
	for i, p := range res.Projects {
		s, err := rules.SuggestWith(p.Grade, p.Warnings, p.Amount, places)
		if err != nil {
			ps.add(join(index("projects", i), "grade"), "%s", ErrorMessage(err))
			continue
		}
		row := AppliedRow{AppliedProject: p, Suggestion: s, Final: s.Amount}
		action := s.Action
		if strings.TrimSpace(p.DecidedAction) != "" {
			row.Decided = true
			a.Decided++
			action = strings.TrimSpace(p.DecidedAction)
			if p.DecidedAmount != nil {
				row.Final = Round(*p.DecidedAmount, places)
			}
		}
		amount := Round(p.Amount, places)
		row.Adjustment = row.Final.Sub(amount)
		row.Kept = decimal.Min(row.Final, amount)
		row.Added = decimal.Max(row.Adjustment, decimal.Zero)
		for _, r := range p.Reallocations {
			row.Reallocated = row.Reallocated.Add(Round(r.Amount, places))
		}
		row.Withdrawn = amount.Sub(row.Kept).Sub(row.Reallocated)
		if row.Reallocated.IsPositive() && !row.Decided {
			ps.add(join(index("projects", i), "reallocations"), "填写了调剂去向，须同时填写决定措施")
		}
		a.Kept = a.Kept.Add(row.Kept)
		a.Reallocated = a.Reallocated.Add(row.Reallocated)
		a.Withdrawn = a.Withdrawn.Add(row.Withdrawn)
		a.Amount = a.Amount.Add(amount)
		a.Suggest = a.Suggest.Add(s.Amount)
		a.Final = a.Final.Add(row.Final)
		if row.Adjustment.IsNegative() {
			a.Cut = a.Cut.Add(row.Adjustment.Neg())
		} else {
			a.Added = a.Added.Add(row.Adjustment)
		}
		c, ok := counts[action]
		if !ok {
			c = &ActionCount{Action: action}
			counts[action] = c
			order = append(order, action)
		}
		c.Count++
		c.Amount = c.Amount.Add(row.Final)
		a.Rows = append(a.Rows, row)
	}
	if err := ps.Err(); err != nil {
		return nil, err
	}
	for _, act := range order {
		if c := counts[act]; c.Count > 0 {
			a.Actions = append(a.Actions, *c)
		}
	}
	// Until Receive resolves the links, only the moves to purposes count.
	for _, m := range a.Moves() {
		if m.DeclarationID == 0 {
			a.MovedElsewhere = a.MovedElsewhere.Add(m.Amount)
		}
	}
	return a, nil
}

// Summary states the table's totals in words.
func (a *Application) Summary() string {
	var parts []string
	for _, c := range a.Actions {
		parts = append(parts, fmt.Sprintf("%s %d 个（%s 万元）", c.Action, c.Count, Fixed(c.Amount, a.Places)))
	}
	return fmt.Sprintf("%d年度评价结果应用于%d年度预算：共 %d 个项目，财政局已决定 %d 个；%s。拟安排 %s 万元，建议安排 %s 万元，安排（已决定的按决定，其余按建议）%s 万元，调减 %s 万元，调增 %s 万元。%s",
		a.Year, a.Year+1, len(a.Rows), a.Decided, strings.Join(parts, "，"), Fixed(a.Amount, a.Places), Fixed(a.Suggest, a.Places), Fixed(a.Final, a.Places), Fixed(a.Cut, a.Places), Fixed(a.Added, a.Places), a.Balance())
}

// Balance states how the amounts add up, with the numbers: what was
// requested is kept, reallocated or withdrawn, and what is arranged is
// what was kept plus the increases.
func (a *Application) Balance() string {
	f := func(d decimal.Decimal) string { return Fixed(d, a.Places) }
	return fmt.Sprintf("拟安排 %s = 保留 %s + 调剂 %s + 收回 %s；安排 %s = 保留 %s + 调增 %s（单位：万元）",
		f(a.Amount), f(a.Kept), f(a.Reallocated), f(a.Withdrawn), f(a.Final), f(a.Kept), f(a.Added))
}

// Moves lists every reallocation of the table, in the rows' order.
func (a *Application) Moves() []Move {
	var out []Move
	for i, r := range a.Rows {
		for _, m := range r.Reallocations {
			out = append(out, Move{Row: i, Unit: r.Unit, Project: r.Project, To: strings.TrimSpace(m.To), Amount: Round(m.Amount, a.Places), DeclarationID: m.DeclarationID})
		}
	}
	return out
}

// Move is one reallocation of the table: from row Row's project to To.
type Move struct {
	Row           int
	Unit, Project string
	To            string
	Amount        decimal.Decimal
	// DeclarationID is the declared project To is, 0 for a purpose.
	DeclarationID int64
}

// DeclaredTarget is a project declared for the next year that money can
// be reallocated to: its declaration, unit and name, and the amount its
// latest version requests (its funds, in 万元).
type DeclaredTarget struct {
	DeclarationID int64           `json:"declaration_id"`
	OrgID         int64           `json:"org_id"`
	Year          int             `json:"year"`
	Unit          string          `json:"unit"`
	Project       string          `json:"project"`
	Requested     decimal.Decimal `json:"requested"`
}

// Name is the target as a destination reads: “单位／项目”.
func (t *DeclaredTarget) Name() string { return t.Unit + "／" + t.Project }

// Receipt is what a next-year declared project receives: the moves into
// it (From), their total In and the amount arranged for it, Arranged =
// Requested + In.
type Receipt struct {
	DeclaredTarget
	From     []Move          `json:"from"`
	In       decimal.Decimal `json:"in"`
	Arranged decimal.Decimal `json:"arranged"`
}

// Receive adds to the table what each declared project of targets
// receives, in targets' order (those that receive nothing are left
// out), and the totals MovedIn and MovedElsewhere. A move linked to a
// declaration not among targets is an error: the caller resolves every
// link.
func (a *Application) Receive(targets []DeclaredTarget) error {
	at := map[int64]int{}
	for i, t := range targets {
		at[t.DeclarationID] = i
	}
	from := make([][]Move, len(targets))
	a.Receipts, a.MovedIn, a.MovedElsewhere = nil, decimal.Zero, decimal.Zero
	for _, m := range a.Moves() {
		if m.DeclarationID == 0 {
			a.MovedElsewhere = a.MovedElsewhere.Add(m.Amount)
			continue
		}
		i, ok := at[m.DeclarationID]
		if !ok {
			return fmt.Errorf("reallocation of row %d to declaration %d not among the targets", m.Row+1, m.DeclarationID)
		}
		from[i] = append(from[i], m)
	}
	for i, t := range targets {
		if len(from[i]) == 0 {
			continue
		}
		r := Receipt{DeclaredTarget: t, From: from[i]}
		r.Requested = Round(t.Requested, a.Places)
		for _, m := range from[i] {
			r.In = r.In.Add(m.Amount)
		}
		r.Arranged = r.Requested.Add(r.In)
		a.MovedIn = a.MovedIn.Add(r.In)
		a.Receipts = append(a.Receipts, r)
	}
	return nil
}

// ReceiptsBalance states how the money moved adds up: what was
// reallocated went to declared projects or to other purposes, and what
// each declared project is arranged (单位：万元).
func (a *Application) ReceiptsBalance() string {
	f := func(d decimal.Decimal) string { return Fixed(d, a.Places) }
	var req, arr decimal.Decimal
	for _, r := range a.Receipts {
		req, arr = req.Add(r.Requested), arr.Add(r.Arranged)
	}
	return fmt.Sprintf("调剂 %s = 调入下一年度已申报项目 %s + 调剂到其他用途 %s；%d 个已申报项目：申报 %s + 调入 %s = 调入后安排 %s（单位：万元）",
		f(a.Reallocated), f(a.MovedIn), f(a.MovedElsewhere), len(a.Receipts), f(req), f(a.MovedIn), f(arr))
}
