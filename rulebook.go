package jixiao

import (
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/shopspring/decimal"
)

// Rulebook is a named, versioned set of scoring rules (评分规则): grade
// bands, rounding policy, the over-achievement threshold θ, qualitative
// tiers and, for each subject, the layout of the scorecard and the rubric of
// every node. Rulebooks are data (YAML); see docs/rulebooks.md.
type Rulebook struct {
	Name  string `json:"name" zh:"规则名称" jx:"required"`
	Title string `json:"title,omitempty" zh:"规则标题"`
	// Measure is the official document whose rules these are, when known:
	// reports cite it by its title and number instead of Title. It is not
	// inherited: a rulebook that extends another names its own or none.
	Measure *Measure `json:"measure,omitempty" zh:"所依据的办法" doc:"规则所依据的正式文件（标题和文号），报告按它引述；不继承：继承其他规则的规则须自己写明，不写时报告引述规则标题"`
	Version string   `json:"version,omitempty" zh:"版本"`
	// Source names the documents the rules come from, and how sure we are.
	Source string `json:"source,omitempty" zh:"依据"`
	// Extends names a rulebook whose settings this one starts from; fields
	// given here replace the base's.
	Extends string      `json:"extends,omitempty" zh:"继承自"`
	Grades  []GradeBand `json:"grades,omitempty" zh:"评价等级"`
	// ProjectGrades grade the projects scored under this rulebook when
	// they differ from Grades: a department rulebook that takes its
	// project rules from a national one keeps that one's grades for
	// projects (set by the loader when a rulebook changes grades but not
	// project).
	ProjectGrades []GradeBand `json:"project_grades,omitempty" zh:"项目评价等级"`
	Rounding      *Rounding   `json:"rounding,omitempty" zh:"舍入规则"`
	// Theta is the over-achievement threshold θ: an indicator whose actual
	// exceeds its target by more than θ (a share, 0.2 = 20%) is flagged.
	Theta *decimal.Decimal `json:"theta,omitempty" zh:"超额完成提示阈值"`
	// ExplainBelow is the execution rate below which a reason must be given
	// (a share, 0.9 = 90%).
	ExplainBelow *decimal.Decimal `json:"explain_execution_below,omitempty" zh:"须说明原因的执行率下限"`
	Tiers        []Tier           `json:"tiers,omitempty" zh:"定性指标档次"`
	Project      *Layout          `json:"project,omitempty" zh:"项目支出评价"`
	Department   *Layout          `json:"department,omitempty" zh:"部门整体支出评价"`
}

// Measure is an official document (办法) a rulebook implements, as reports
// cite it: 《项目支出绩效评价管理办法》（财预〔2020〕10号）.
type Measure struct {
	Title  string `json:"title" zh:"文件标题" jx:"required" doc:"不带书名号，如：项目支出绩效评价管理办法"`
	Number string `json:"number,omitempty" zh:"文号" doc:"如：财预〔2020〕10号"`
}

// Citation names the rules as a report cites them: the measure's title in
// book-title marks with its number in brackets,
// “《项目支出绩效评价管理办法》（财预〔2020〕10号）”, or the rulebook's own
// title when it names no measure.
func (r *Rulebook) Citation() string {
	if r.Measure == nil || strings.TrimSpace(r.Measure.Title) == "" {
		return r.Title
	}
	c := "《" + strings.Trim(strings.TrimSpace(r.Measure.Title), "《》") + "》"
	if n := strings.TrimSpace(r.Measure.Number); n != "" {
		c += "（" + n + "）"
	}
	return c
}

// GradeBand is one grade (评价等级) and its lower bound, inclusive. The band
// without a lower bound takes every total below the others.
type GradeBand struct {
	Name string           `json:"name" zh:"等级名称" jx:"required"`
	Min  *decimal.Decimal `json:"min,omitempty" zh:"最低分（含）"`
}

// Rounding is a rulebook's rounding policy: decimal places for display,
// half-up. Scores are computed exactly and rounded once; the grade is taken
// from the displayed total.
type Rounding struct {
	Score  int32 `json:"score" zh:"得分小数位"`
	Total  int32 `json:"total" zh:"总分小数位"`
	Rate   int32 `json:"rate" zh:"百分比小数位"`
	Amount int32 `json:"amount" zh:"金额小数位"`
	// Leaf, when set, rounds each leaf score to that many places before
	// parents sum them, as tables that write rounded scores do (the Hebei
	// integer-score practice is leaf: 0).
	Leaf *int32 `json:"leaf,omitempty" zh:"末级得分先行舍入的小数位"`
}

// DefaultRounding is used when a rulebook gives none: two places throughout.
var DefaultRounding = Rounding{Score: 2, Total: 2, Rate: 2, Amount: 2}

// Tier is a qualitative tier (定性档次) and its band as shares of the weight:
// [Min, Max] or [Min, Max) when MaxExclusive.
type Tier struct {
	Name         string          `json:"name" zh:"档次名称" jx:"required"`
	Aliases      []string        `json:"aliases,omitempty" zh:"别名"`
	Min          decimal.Decimal `json:"min" zh:"得分比例下限（含）" jx:"required"`
	Max          decimal.Decimal `json:"max" zh:"得分比例上限" jx:"required"`
	MaxExclusive bool            `json:"max_exclusive,omitempty" zh:"上限不含"`
}

// Contains reports whether share (score/weight) lies in the tier's band.
func (t *Tier) Contains(share decimal.Decimal) bool {
	if share.LessThan(t.Min) {
		return false
	}
	if t.MaxExclusive {
		return share.LessThan(t.Max)
	}
	return share.LessThanOrEqual(t.Max)
}

// Layout is how a subject's scorecard is built.
//
// Kind "indicators": an optional budget-execution node, then one node per
// first-level indicator group (产出 / 效益 / 满意度 …) with its default weight,
// second-level groups under them and the indicators as leaves. Kind
// "goals": one node per sub-goal, weighted as the case states.
type Layout struct {
	Kind      string           `json:"kind" zh:"结构" jx:"required" doc:"indicators（按指标层级）或 goals（按分项目标）"`
	Total     *decimal.Decimal `json:"total,omitempty" zh:"满分"`
	Execution *ExecutionRule   `json:"execution,omitempty" zh:"预算执行率"`
	Groups    []GroupRule      `json:"groups,omitempty" zh:"一级指标"`
	// Redistribute says how the weight of an optional group that a case
	// leaves out is moved to the others: pro_rata (by their weights,
	// default) or equal.
	Redistribute string       `json:"redistribute,omitempty" zh:"缺项分值调整方式" doc:"pro_rata（按比例，默认）或 equal（平均）"`
	Rubrics      *LeafRubrics `json:"rubrics,omitempty" zh:"指标默认评分方法"`
	// Rules give a rubric to the indicators whose name matches.
	Rules      []IndicatorRule `json:"rules,omitempty" zh:"按指标名称指定评分方法"`
	GoalRubric *Rubric         `json:"goal_rubric,omitempty" zh:"分项目标评分方法"`
}

// Layout kinds.
const (
	LayoutIndicators = "indicators"
	LayoutGoals      = "goals"
)

// ExecutionRule is the budget-execution node of a layout.
type ExecutionRule struct {
	Name   string          `json:"name,omitempty" zh:"名称"`
	Weight decimal.Decimal `json:"weight" zh:"分值" jx:"required"`
	Rubric *Rubric         `json:"rubric,omitempty" zh:"评分方法" doc:"默认 execution"`
}

// GroupRule is a first-level indicator group and its default weight.
type GroupRule struct {
	Name     string          `json:"name" zh:"一级指标名称" jx:"required"`
	Aliases  []string        `json:"aliases,omitempty" zh:"别名"`
	Weight   decimal.Decimal `json:"weight" zh:"默认分值" jx:"required"`
	Optional bool            `json:"optional,omitempty" zh:"可缺省" doc:"缺省时其分值调整到其他一级指标"`
	// Default makes the group take the indicators that name no first-level
	// group, or one the layout does not know (department tables scored by
	// indicators print no 一级指标).
	Default bool `json:"default,omitempty" zh:"收纳未写一级指标的指标" doc:"未写一级指标或一级指标不在规则中的指标归入此项"`
}

// Matches reports whether name is the group's name or one of its aliases.
func (g *GroupRule) Matches(name string) bool {
	name = strings.TrimSpace(name)
	if name == g.Name {
		return true
	}
	for _, a := range g.Aliases {
		if name == a {
			return true
		}
	}
	return false
}

// LeafRubrics are the default rubrics of indicator leaves by operator.
type LeafRubrics struct {
	Positive    *Rubric `json:"positive,omitempty" zh:"正向指标（=、≥、>）"`
	Reverse     *Rubric `json:"reverse,omitempty" zh:"反向指标（≤、<）"`
	Qualitative *Rubric `json:"qualitative,omitempty" zh:"定性指标"`
}

// IndicatorRule assigns a rubric to indicators by name.
type IndicatorRule struct {
	Match  string `json:"match" zh:"指标名称包含" jx:"required"`
	Rubric Rubric `json:"rubric" zh:"评分方法" jx:"required"`
}

// RubricKind names a way to score a node.
type RubricKind string

// Rubric kinds; see docs/rulebooks.md for each formula.
const (
	RubricRatio        RubricKind = "ratio"
	RubricReverseRatio RubricKind = "reverse_ratio"
	RubricQualitative  RubricKind = "qualitative"
	RubricExecution    RubricKind = "execution"
	RubricDeductions   RubricKind = "deductions"
	RubricPerPoint     RubricKind = "per_point"
	RubricTiered       RubricKind = "tiered"
	RubricFormula      RubricKind = "formula"
	// RubricStated takes the score the table states (得分系数 × 指标权重, or
	// 指标得分); an indicator without one is scored by its operator's
	// default rubric.
	RubricStated RubricKind = "stated"
)

var rubricTitles = []struct {
	kind  RubricKind
	title string
}{
	{RubricRatio, "正向比例计分"},
	{RubricReverseRatio, "反向比例计分"},
	{RubricQualitative, "定性分档计分"},
	{RubricExecution, "预算执行率计分"},
	{RubricDeductions, "评价扣分"},
	{RubricPerPoint, "按幅度扣分"},
	{RubricTiered, "分档计分"},
	{RubricFormula, "公式计分"},
	{RubricStated, "按表中得分计分"},
}

// Title is the rubric's Chinese name.
func (k RubricKind) Title() string {
	for _, r := range rubricTitles {
		if r.kind == k {
			return r.title
		}
	}
	return string(k)
}

// Enum lists the rubric kinds.
func (RubricKind) Enum() []string {
	out := make([]string, len(rubricTitles))
	for i, r := range rubricTitles {
		out[i] = string(r.kind)
	}
	return out
}

// UnmarshalText accepts a kind's code or its Chinese name.
func (k *RubricKind) UnmarshalText(b []byte) error {
	t := strings.TrimSpace(string(b))
	for _, r := range rubricTitles {
		if t == string(r.kind) || t == r.title {
			*k = r.kind
			return nil
		}
	}
	return errorf("评分方法“%s”不存在，可选：%s", t, strings.Join(RubricKind("").Enum(), "、"))
}

// Rubric is how one node is scored, with the parameters its kind uses.
type Rubric struct {
	Kind RubricKind `json:"kind" zh:"评分方法" jx:"required"`
	// ratio, reverse_ratio: the over-achievement threshold, if not the
	// rulebook's.
	Theta *decimal.Decimal `json:"theta,omitempty" zh:"超额完成提示阈值"`
	// execution: the denominator, adjusted (全年预算数, default) or initial;
	// BasisCode reads it.
	Basis string `json:"basis,omitempty" zh:"执行率分母" doc:"全年预算数（默认）或年初预算数"`
	// per_point: Per points off for every Step (default 1) of the value's
	// unit beyond Limit (default the target), in the direction the
	// operator marks as worse; floor 0.
	Per        *decimal.Decimal `json:"per,omitempty" zh:"每档扣分"`
	Step       *decimal.Decimal `json:"step,omitempty" zh:"每档幅度"`
	Limit      *decimal.Decimal `json:"limit,omitempty" zh:"标准值"`
	WholeSteps bool             `json:"whole_steps,omitempty" zh:"不足一档不扣"`
	// tiered: value ranges and their scores.
	Bands []Band `json:"bands,omitempty" zh:"分档"`
	// formula: an expression; see docs/rulebooks.md.
	Expr string `json:"expr,omitempty" zh:"公式"`
}

// Band is one range of a tiered rubric: the value must satisfy every bound
// given, and scores Score points or Share of the weight.
type Band struct {
	GT    *decimal.Decimal `json:"gt,omitempty" zh:"大于"`
	GE    *decimal.Decimal `json:"ge,omitempty" zh:"大于等于"`
	LT    *decimal.Decimal `json:"lt,omitempty" zh:"小于"`
	LE    *decimal.Decimal `json:"le,omitempty" zh:"小于等于"`
	Score *decimal.Decimal `json:"score,omitempty" zh:"得分"`
	Share *decimal.Decimal `json:"share,omitempty" zh:"得分比例"`
}

// Contains reports whether v satisfies the band's bounds.
func (b *Band) Contains(v decimal.Decimal) bool {
	return (b.GT == nil || v.GreaterThan(*b.GT)) &&
		(b.GE == nil || v.GreaterThanOrEqual(*b.GE)) &&
		(b.LT == nil || v.LessThan(*b.LT)) &&
		(b.LE == nil || v.LessThanOrEqual(*b.LE))
}

// Describe writes the band's range in Chinese: "0＜值≤10".
func (b *Band) Describe() string {
	var lo, hi string
	switch {
	case b.GE != nil:
		lo = Plain(*b.GE) + "≤"
	case b.GT != nil:
		lo = Plain(*b.GT) + "＜"
	}
	switch {
	case b.LE != nil:
		hi = "≤" + Plain(*b.LE)
	case b.LT != nil:
		hi = "＜" + Plain(*b.LT)
	}
	if lo == "" && hi == "" {
		return "任意值"
	}
	return lo + "值" + hi
}

// BasisCode is the execution rate's denominator the rubric names:
// "adjusted" (全年预算数; also when none is named), "initial" (年初预算数),
// or "" when Basis names neither.
func (r *Rubric) BasisCode() string {
	switch strings.TrimSpace(r.Basis) {
	case "", "adjusted", "全年预算数", "全年预算", "调整预算", "调整预算数", "调整后预算数":
		return "adjusted"
	case "initial", "年初预算数", "年初预算":
		return "initial"
	}
	return ""
}

func (r *Rubric) validate(path string, ps *Problems) {
	switch r.Kind {
	case RubricRatio, RubricReverseRatio, RubricQualitative, RubricDeductions, RubricStated:
	case RubricExecution:
		if r.Basis != "" && r.BasisCode() == "" {
			ps.add(join(path, "basis"), "执行率分母应为全年预算数或年初预算数，实际为“%s”", r.Basis)
		}
	case RubricPerPoint:
		if r.Per == nil || !r.Per.IsPositive() {
			ps.add(join(path, "per"), "按幅度扣分须给出正数的每档扣分")
		}
		if r.Step != nil && !r.Step.IsPositive() {
			ps.add(join(path, "step"), "每档幅度须为正数")
		}
	case RubricTiered:
		if len(r.Bands) == 0 {
			ps.add(join(path, "bands"), "分档计分须至少给出一档")
		}
		for i, b := range r.Bands {
			if (b.Score == nil) == (b.Share == nil) {
				ps.add(index(join(path, "bands"), i), "每档须给出得分（score）或得分比例（share）之一")
			}
		}
	case RubricFormula:
		if strings.TrimSpace(r.Expr) == "" {
			ps.add(join(path, "expr"), "公式计分须给出公式")
		}
	default:
		ps.add(join(path, "kind"), "评分方法“%s”不存在", r.Kind)
	}
}

// Layout returns the rulebook's layout for a subject, or nil.
func (rb *Rulebook) Layout(s Subject) *Layout {
	if s == SubjectProject {
		return rb.Project
	}
	return rb.Department
}

// RoundingPolicy returns the rounding policy, or DefaultRounding.
func (rb *Rulebook) RoundingPolicy() Rounding {
	if rb.Rounding == nil {
		return DefaultRounding
	}
	return *rb.Rounding
}

// ForProjects is the rulebook as projects are graded under it: with
// ProjectGrades as its grades when it has them.
func (rb *Rulebook) ForProjects() *Rulebook {
	if len(rb.ProjectGrades) == 0 {
		return rb
	}
	pr := *rb
	pr.Grades = rb.ProjectGrades
	return &pr
}

// Grade returns the grade band a displayed total falls in.
func (rb *Rulebook) Grade(total decimal.Decimal) string {
	for _, b := range rb.Bands() {
		if b.Min == nil || total.GreaterThanOrEqual(*b.Min) {
			return b.Name
		}
	}
	return ""
}

// Bands returns the grade bands from the highest to the lowest.
func (rb *Rulebook) Bands() []GradeBand {
	bands := append([]GradeBand(nil), rb.Grades...)
	sort.SliceStable(bands, func(i, j int) bool {
		a, b := bands[i].Min, bands[j].Min
		if a == nil || b == nil {
			return b == nil && a != nil
		}
		return a.GreaterThan(*b)
	})
	return bands
}

// GradesText states the bands as reports do: "得分≥85分为优秀；75≤得分＜85分
// 为良好；60≤得分＜75分为一般；得分＜60分为较差".
//
// It is written for every scorecard, so it takes the bands as they are
// when they are in order already (the usual case) and builds the text in
// one buffer.
func (rb *Rulebook) GradesText() string {
	bands := rb.Grades
	for i := 1; i < len(bands); i++ {
		if a, b := bands[i-1].Min, bands[i].Min; a == nil || (b != nil && b.GreaterThan(*a)) {
			bands = rb.Bands() // not from the highest down: as Bands orders them
			break
		}
	}
	var b strings.Builder
	for i, band := range bands {
		if i > 0 {
			b.WriteString("；")
		}
		var upper *decimal.Decimal
		if i > 0 {
			upper = bands[i-1].Min
		}
		switch {
		case band.Min != nil && upper == nil:
			b.WriteString("得分≥" + Plain(*band.Min) + "分为")
		case band.Min != nil:
			b.WriteString(Plain(*band.Min) + "≤得分＜" + Plain(*upper) + "分为")
		case upper != nil:
			b.WriteString("得分＜" + Plain(*upper) + "分为")
		default:
			b.WriteString("任意得分为")
		}
		b.WriteString(band.Name)
	}
	return b.String()
}

// FindTier returns the qualitative tier named name (or an alias), or nil.
func (rb *Rulebook) FindTier(name string) *Tier {
	name = strings.TrimSpace(name)
	for i := range rb.Tiers {
		t := &rb.Tiers[i]
		if t.Name == name {
			return t
		}
		for _, a := range t.Aliases {
			if a == name {
				return t
			}
		}
	}
	return nil
}

// ThetaOrDefault returns θ, 0.2 when the rulebook sets none.
func (rb *Rulebook) ThetaOrDefault() decimal.Decimal {
	if rb.Theta == nil {
		return decimal.New(2, -1)
	}
	return *rb.Theta
}

// Validate checks the rulebook's own consistency.
func (rb *Rulebook) Validate() error {
	var ps Problems
	if strings.TrimSpace(rb.Name) == "" {
		ps.add("name", "规则名称不能为空")
	}
	if len(rb.Grades) == 0 {
		ps.add("grades", "须至少给出一个评价等级")
	}
	if rb.Measure != nil && strings.Trim(strings.TrimSpace(rb.Measure.Title), "《》") == "" {
		ps.add("measure.title", "所依据的办法须写明文件标题")
	}
	floors := 0
	seen := map[string]bool{}
	for i, g := range rb.Grades {
		if g.Min == nil {
			floors++
		} else if seen[g.Min.String()] {
			ps.add(join(index("grades", i), "min"), "两个等级的最低分相同（%s）", Plain(*g.Min))
		} else {
			seen[g.Min.String()] = true
		}
	}
	if floors > 1 {
		ps.add("grades", "只能有一个等级不设最低分")
	}
	for i, t := range rb.Tiers {
		p := index("tiers", i)
		if t.Min.IsNegative() || t.Max.GreaterThan(decimal.NewFromInt(1)) || t.Min.GreaterThan(t.Max) {
			ps.add(p, "档次“%s”的得分比例应满足 0 ≤ 下限 ≤ 上限 ≤ 1", t.Name)
		}
	}
	if r := rb.Rounding; r != nil {
		for _, f := range []struct {
			name string
			v    int32
		}{{"score", r.Score}, {"total", r.Total}, {"rate", r.Rate}, {"amount", r.Amount}} {
			if f.v < 0 || f.v > 6 {
				ps.add(join("rounding", f.name), "小数位应在 0 到 6 之间")
			}
		}
	}
	for _, l := range []struct {
		name string
		l    *Layout
	}{{"project", rb.Project}, {"department", rb.Department}} {
		if l.l != nil {
			l.l.validate(l.name, &ps)
		}
	}
	if rb.Project == nil && rb.Department == nil {
		ps.add("", "规则须至少定义 project（项目支出）或 department（部门整体）之一")
	}
	return ps.Err()
}

func (l *Layout) validate(path string, ps *Problems) {
	switch l.Kind {
	case LayoutIndicators:
		if len(l.Groups) == 0 {
			ps.add(join(path, "groups"), "按指标层级评分须列出一级指标")
		}
		defaults := 0
		for _, g := range l.Groups {
			if g.Default {
				defaults++
			}
		}
		if defaults > 1 {
			ps.add(join(path, "groups"), "只能有一个一级指标收纳未写一级指标的指标（default）")
		}
	case LayoutGoals:
	default:
		ps.add(join(path, "kind"), "结构应为 indicators 或 goals，实际为“%s”", l.Kind)
	}
	if l.Redistribute != "" && l.Redistribute != "pro_rata" && l.Redistribute != "equal" {
		ps.add(join(path, "redistribute"), "缺项分值调整方式应为 pro_rata 或 equal")
	}
	if l.Execution != nil && l.Execution.Rubric != nil {
		l.Execution.Rubric.validate(join(join(path, "execution"), "rubric"), ps)
	}
	if r := l.Rubrics; r != nil {
		for _, x := range []struct {
			name string
			r    *Rubric
		}{{"positive", r.Positive}, {"reverse", r.Reverse}, {"qualitative", r.Qualitative}} {
			if x.r != nil {
				x.r.validate(join(join(path, "rubrics"), x.name), ps)
			}
		}
	}
	for i := range l.Rules {
		l.Rules[i].Rubric.validate(join(index(join(path, "rules"), i), "rubric"), ps)
	}
	if l.GoalRubric != nil {
		l.GoalRubric.validate(join(path, "goal_rubric"), ps)
	}
}

// StoredRulebook is a rulebook kept by the server so that cases that name
// it score there as they do on the command line: its source is the
// rulebook resolved (its bases merged in) as one YAML document, stored
// once per content (SHA256) and numbered per name. A case names it by its
// reference, name@version ("某县-2025@2").
type StoredRulebook struct {
	ID        int64     `json:"id,omitempty"`
	Name      string    `json:"name"`
	Title     string    `json:"title,omitempty"`
	Version   int       `json:"version,omitempty"`
	Ref       string    `json:"ref"`
	SHA256    string    `json:"sha256,omitempty"`
	Origin    string    `json:"origin,omitempty"` // the file it came from
	CreatedBy string    `json:"created_by,omitempty"`
	CreatedAt time.Time `json:"created_at,omitzero"`
	Source    string    `json:"source,omitempty"`
	// Builtin marks a rulebook built into jixiao (Ref is its name).
	Builtin bool `json:"builtin,omitempty"`
}

// RulebookRef writes the reference of version v of stored rulebook name.
func RulebookRef(name string, v int) string { return fmt.Sprintf("%s@%d", name, v) }

// ParseRulebookRef reads a reference name@version.
func ParseRulebookRef(ref string) (name string, version int, ok bool) {
	i := strings.LastIndexByte(ref, '@')
	if i <= 0 || i == len(ref)-1 {
		return "", 0, false
	}
	v, err := strconv.Atoi(ref[i+1:])
	if err != nil || v <= 0 || strconv.Itoa(v) != ref[i+1:] {
		return "", 0, false
	}
	return ref[:i], v, true
}
