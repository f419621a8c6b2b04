package jixiao

import (
	"fmt"
	"strings"

	"github.com/shopspring/decimal"
)

// DeclarationFormat is the format identifier a declaration file declares.
const DeclarationFormat = "jixiao-declaration/1"

// DeclKind is what a declaration (绩效目标申报) is for.
type DeclKind string

const (
	DeclDepartment  DeclKind = "部门整体"
	DeclProject     DeclKind = "项目"
	DeclSpecialFund DeclKind = "专项资金" // a project kind
)

// Enum lists the kinds a declaration file may give.
func (DeclKind) Enum() []string {
	return []string{string(DeclDepartment), string(DeclProject), string(DeclSpecialFund)}
}

// IsProject reports whether the declaration is for a project (项目 or
// 专项资金).
func (k DeclKind) IsProject() bool { return k == DeclProject || k == DeclSpecialFund }

// VersionKind is why a version of a declaration was made.
type VersionKind string

const (
	VersionOriginal   VersionKind = "原始申报"
	VersionAdjustment VersionKind = "目标调整"
	VersionAddition   VersionKind = "年中追加"
)

// Enum lists the version kinds.
func (VersionKind) Enum() []string {
	return []string{string(VersionOriginal), string(VersionAdjustment), string(VersionAddition)}
}

// DeclState is where a version is in the review.
type DeclState string

const (
	DeclDraft     DeclState = "草稿"
	DeclSubmitted DeclState = "已提交"
	DeclReturned  DeclState = "已退回"
	DeclApproved  DeclState = "已批复"
)

// Enum lists the states.
func (DeclState) Enum() []string {
	return []string{string(DeclDraft), string(DeclSubmitted), string(DeclReturned), string(DeclApproved)}
}

// ReasonCodes are the reason codes (调整理由类别) a change of an
// adjustment or addition may give.
var ReasonCodes = []string{"政策调整", "预算调整", "实施条件变化", "指标值设定不合理", "新增工作任务", "其他"}

// Declaration is the performance-goal declaration (绩效目标申报) of a
// department as a whole or of one project (专项资金 as a project kind)
// for one budget year, with every version: the original declaration and
// its adjustments and additions, each reviewed in turn. Only the latest
// version may be a draft or under review; the versions before it are
// approved (已批复) and locked.
type Declaration struct {
	Format      string        `json:"format,omitempty" zh:"格式版本" doc:"jixiao-declaration/1"`
	Kind        DeclKind      `json:"kind" zh:"申报类型" jx:"required" doc:"部门整体、项目 或 专项资金"`
	Year        int           `json:"year" zh:"预算年度" jx:"required"`
	Unit        string        `json:"unit" zh:"申报单位" jx:"required"`
	Department  string        `json:"department,omitempty" zh:"主管部门"`
	Project     string        `json:"project,omitempty" zh:"项目名称" doc:"项目、专项资金申报必填"`
	ProjectCode string        `json:"project_code,omitempty" zh:"项目编码"`
	Attribute   string        `json:"attribute,omitempty" zh:"项目属性" doc:"新增项目 或 延续项目"`
	StartYear   int           `json:"start_year,omitempty" zh:"实施期起始年度" doc:"跨年度项目填写"`
	EndYear     int           `json:"end_year,omitempty" zh:"实施期截止年度" doc:"跨年度项目填写"`
	Versions    []DeclVersion `json:"versions" zh:"版本" jx:"required"`
}

// DeclVersion is one version of a declaration: its goals, indicators and
// funds, why it was made and how it was reviewed.
type DeclVersion struct {
	Number int         `json:"number" zh:"版本号" jx:"required"`
	Kind   VersionKind `json:"kind" zh:"版本类型" jx:"required" doc:"原始申报、目标调整 或 年中追加"`
	State  DeclState   `json:"state" zh:"状态" jx:"required" doc:"草稿、已提交、已退回 或 已批复"`
	// Changes give the reason for each change of an adjustment or addition.
	Changes       []ChangeReason   `json:"changes,omitempty" zh:"调整理由" doc:"目标调整、年中追加版本中，每处变动的指标一条"`
	OverallGoal   string           `json:"overall_goal,omitempty" zh:"年度总体目标"`
	MidTermGoal   string           `json:"mid_term_goal,omitempty" zh:"中期目标（实施期目标）" doc:"跨年度项目填写"`
	AmountUnit    string           `json:"amount_unit,omitempty" zh:"金额单位" doc:"万元（默认）或 元"`
	Funds         []IncomeLine     `json:"funds,omitempty" zh:"资金来源及金额"`
	LibraryAmount *decimal.Decimal `json:"library_amount,omitempty" zh:"项目库金额" doc:"项目库中该项目的金额，填写后核对资金合计"`
	Goals         []DeclGoal       `json:"goals,omitempty" zh:"分项目标"`
	// Indicators are indicators not under a sub-goal: a project's
	// indicators, or a department's own.
	Indicators []DeclIndicator `json:"indicators,omitempty" zh:"绩效指标（不分分项目标时）"`
	Reviews    []Review        `json:"reviews,omitempty" zh:"审核记录"`
}

// DeclGoal is a sub-goal (分项目标) with its indicators.
type DeclGoal struct {
	Name       string           `json:"name" zh:"分项目标" jx:"required"`
	Weight     *decimal.Decimal `json:"weight,omitempty" zh:"分值"`
	Target     string           `json:"target,omitempty" zh:"目标内容"`
	Indicators []DeclIndicator  `json:"indicators,omitempty" zh:"绩效指标"`
}

// DeclIndicator is one declared 三级 indicator: picked from the indicator
// library (LibraryID) or new (then proposed to the library).
type DeclIndicator struct {
	LibraryID string           `json:"library_id,omitempty" zh:"指标编码" doc:"指标库中的编码，如 GX-0001；新指标不填，作为建议新增指标"`
	Level1    string           `json:"level1,omitempty" zh:"一级指标"`
	Level2    string           `json:"level2,omitempty" zh:"二级指标"`
	Name      string           `json:"name" zh:"三级指标" jx:"required"`
	Op        Operator         `json:"op,omitempty" zh:"指标性质"`
	Target    Figure           `json:"target,omitempty" zh:"年度指标值"`
	Unit      string           `json:"unit,omitempty" zh:"度量单位"`
	Weight    *decimal.Decimal `json:"weight,omitempty" zh:"分值"`
	Standard  string           `json:"standard,omitempty" zh:"指标值确定依据" doc:"计划标准、行业标准、历史标准 或 其他"`
	Core      bool             `json:"core,omitempty" zh:"是否核心绩效指标"`
	// LastActual is last year's actual value, shown beside the target.
	LastActual Figure `json:"last_actual,omitempty" zh:"上年实际完成值"`
	// Reason explains a target below last year's actual value.
	Reason string `json:"reason,omitempty" zh:"指标值低于上年实际的理由"`
}

// Proposed reports whether the indicator is new: not from the library.
func (in *DeclIndicator) Proposed() bool { return strings.TrimSpace(in.LibraryID) == "" }

// Indicator is the declared indicator as a self-evaluation's indicator:
// its place, target, unit and weight, without actual values.
func (in *DeclIndicator) Indicator() Indicator {
	return Indicator{LibraryID: in.LibraryID, Level1: in.Level1, Level2: in.Level2, Name: in.Name, Op: in.Op,
		Target: in.Target, Unit: in.Unit, Weight: copyDecimal(in.Weight), Core: in.Core}
}

// Label is the indicator's name with its tree position, for messages.
func (in *DeclIndicator) Label() string {
	x := Indicator{Level1: in.Level1, Level2: in.Level2, Name: in.Name}
	return x.Label()
}

// ChangeReason is the reason for one change of an adjustment (目标调整)
// or addition (年中追加): the indicator changed, a reason code and text.
type ChangeReason struct {
	Indicator string `json:"indicator" zh:"指标" jx:"required" doc:"指标编码，或新指标的三级指标名称"`
	Code      string `json:"code" zh:"理由类别" jx:"required" doc:"政策调整、预算调整、实施条件变化、指标值设定不合理、新增工作任务 或 其他"`
	Text      string `json:"text" zh:"理由说明" jx:"required"`
}

// Review outcomes.
const (
	OutcomeReturned = "退回"
	OutcomeApproved = "批复"
)

// Review is one review of a submitted version: returned with opinions, or
// approved with a score under a review rubric and its grade.
type Review struct {
	Outcome  string           `json:"outcome" zh:"审核结果" jx:"required" doc:"退回 或 批复"`
	Rubric   string           `json:"rubric,omitempty" zh:"审核规则"`
	Items    []ItemScore      `json:"items,omitempty" zh:"逐项评分"`
	Score    *decimal.Decimal `json:"score,omitempty" zh:"审核得分"`
	Grade    string           `json:"grade,omitempty" zh:"审核等级"`
	Opinions []Opinion        `json:"opinions,omitempty" zh:"审核意见"`
}

// ItemScore is the points a reviewer gave one item of a review rubric.
type ItemScore struct {
	Code    string          `json:"code" zh:"审核要点编号" jx:"required"`
	Points  decimal.Decimal `json:"points" zh:"得分" jx:"required"`
	Opinion string          `json:"opinion,omitempty" zh:"意见"`
}

// Opinion is a reviewer's opinion on one indicator (or on the whole
// declaration when Indicator is empty).
type Opinion struct {
	Indicator string `json:"indicator,omitempty" zh:"指标" doc:"指标编码或三级指标名称；不填时为对整个申报的意见"`
	Text      string `json:"text" zh:"意见" jx:"required"`
}

// Latest returns the latest version, or nil for a declaration with none.
func (d *Declaration) Latest() *DeclVersion {
	if len(d.Versions) == 0 {
		return nil
	}
	return &d.Versions[len(d.Versions)-1]
}

// LatestApproved returns the latest approved version: the baseline a
// self-evaluation is scored against.
func (d *Declaration) LatestApproved() (*DeclVersion, bool) {
	for i := len(d.Versions) - 1; i >= 0; i-- {
		if d.Versions[i].State == DeclApproved {
			return &d.Versions[i], true
		}
	}
	return nil, false
}

// Version returns the version numbered n.
func (d *Declaration) Version(n int) (*DeclVersion, bool) {
	for i := range d.Versions {
		if d.Versions[i].Number == n {
			return &d.Versions[i], true
		}
	}
	return nil, false
}

// Name is what the declaration is for: the project, or the unit.
func (d *Declaration) Name() string {
	if d.Kind.IsProject() && d.Project != "" {
		return d.Project
	}
	return d.Unit
}

// Title names the declaration for people: "石家庄市自然资源和规划局 2024年度部门整体绩效目标申报".
func (d *Declaration) Title() string {
	return fmt.Sprintf("%s %d年度%s绩效目标申报", d.Name(), d.Year, d.Kind)
}

// VersionTitle names a version for people: "第2版（目标调整，已批复）".
func (v *DeclVersion) VersionTitle() string {
	return fmt.Sprintf("第%d版（%s，%s）", v.Number, v.Kind, v.State)
}

// DeclIndicatorRef is a declared indicator with its place in a version.
type DeclIndicatorRef struct {
	Path      string // "goals[0].indicators[2]" or "indicators[1]"
	Goal      string // the sub-goal's name, "" for indicators not under one
	Indicator *DeclIndicator
}

// Key is the indicator's identity across versions and years: its library
// ID, else its sub-goal and name path.
func (r DeclIndicatorRef) Key() string {
	if id := strings.TrimSpace(r.Indicator.LibraryID); id != "" {
		return id
	}
	return "名称:" + r.Goal + "›" + r.Indicator.Label()
}

// Where names the indicator for people: "分项目标“…” › 产出指标 / 数量指标 / 培训人次".
func (r DeclIndicatorRef) Where() string {
	if r.Goal == "" {
		return r.Indicator.Label()
	}
	return "分项目标“" + shortName(r.Goal) + "” › " + r.Indicator.Label()
}

func shortName(s string) string {
	if r := []rune(s); len(r) > 30 {
		return string(r[:30]) + "…"
	}
	return s
}

// All lists the version's indicators in order: those of each sub-goal,
// then those not under one.
func (v *DeclVersion) All() []DeclIndicatorRef {
	var out []DeclIndicatorRef
	for i := range v.Goals {
		g := &v.Goals[i]
		for j := range g.Indicators {
			out = append(out, DeclIndicatorRef{Path: fmt.Sprintf("goals[%d].indicators[%d]", i, j), Goal: g.Name, Indicator: &g.Indicators[j]})
		}
	}
	for j := range v.Indicators {
		out = append(out, DeclIndicatorRef{Path: fmt.Sprintf("indicators[%d]", j), Indicator: &v.Indicators[j]})
	}
	return out
}

// Find returns the version's indicator that ref names: by library ID,
// then by 三级指标 name.
func (v *DeclVersion) Find(ref string) (DeclIndicatorRef, bool) {
	ref = strings.TrimSpace(ref)
	all := v.All()
	for _, r := range all {
		if r.Indicator.LibraryID != "" && r.Indicator.LibraryID == ref {
			return r, true
		}
	}
	for _, r := range all {
		if r.Indicator.Name == ref {
			return r, true
		}
	}
	return DeclIndicatorRef{}, false
}

// FundsTotal is the sum of the version's funds by source.
func (v *DeclVersion) FundsTotal() decimal.Decimal {
	sum := decimal.Zero
	for _, f := range v.Funds {
		if f.Amount != nil {
			sum = sum.Add(*f.Amount)
		}
	}
	return sum
}

// Unit is the unit amounts are stated in (万元 unless given).
func (v *DeclVersion) Unit() string { return unitOrDefault(v.AmountUnit) }

// InWanYuan is total, an amount of unit (万元 or 元), in 万元: the unit
// results application states next year's amounts in.
func InWanYuan(total decimal.Decimal, unit string) decimal.Decimal {
	if unitOrDefault(unit) == UnitYuan {
		return total.Shift(-4)
	}
	return total
}

// clone returns a deep copy of the version's content (the slices are new;
// the decimals are values).
func (v *DeclVersion) clone() DeclVersion {
	c := *v
	c.Changes = append([]ChangeReason(nil), v.Changes...)
	c.Funds = append([]IncomeLine(nil), v.Funds...)
	c.Goals = make([]DeclGoal, len(v.Goals))
	for i, g := range v.Goals {
		g.Indicators = append([]DeclIndicator(nil), g.Indicators...)
		c.Goals[i] = g
	}
	if v.Goals == nil {
		c.Goals = nil
	}
	c.Indicators = append([]DeclIndicator(nil), v.Indicators...)
	c.Reviews = append([]Review(nil), v.Reviews...)
	return c
}

func copyDecimal(d *decimal.Decimal) *decimal.Decimal {
	if d == nil {
		return nil
	}
	x := *d
	return &x
}

// Validate checks what can be checked of a declaration on its own: the
// kind, year and unit, the versions' numbering, kinds and states (only the
// latest may be unapproved), operators, reason codes and reviews.
func (d *Declaration) Validate() error {
	var ps Problems
	if d.Format != "" && d.Format != DeclarationFormat {
		ps.add("format", "格式版本应为“%s”，实际为“%s”", DeclarationFormat, d.Format)
	}
	switch d.Kind {
	case DeclDepartment, DeclProject, DeclSpecialFund:
	case "":
		ps.add("kind", "缺少申报类型（部门整体、项目 或 专项资金）")
	default:
		ps.add("kind", "申报类型“%s”无效，应为 部门整体、项目 或 专项资金", d.Kind)
	}
	if d.Year < 1990 || d.Year > 2100 {
		ps.add("year", "预算年度应为四位年份，实际为 %d", d.Year)
	}
	if strings.TrimSpace(d.Unit) == "" {
		ps.add("unit", "申报单位不能为空")
	}
	if d.Kind.IsProject() && strings.TrimSpace(d.Project) == "" {
		ps.add("project", "%s申报须填写项目名称", d.Kind)
	}
	if d.StartYear != 0 || d.EndYear != 0 {
		if d.StartYear == 0 || d.EndYear == 0 || d.StartYear > d.EndYear || d.Year < d.StartYear || d.Year > d.EndYear {
			ps.add("end_year", "实施期%d—%d年无效：须同时填写起止年度，且包含预算年度%d年", d.StartYear, d.EndYear, d.Year)
		}
	}
	if len(d.Versions) == 0 {
		ps.add("versions", "申报至少应有一个版本")
	}
	for i := range d.Versions {
		v := &d.Versions[i]
		path := index("versions", i)
		if v.Number != i+1 {
			ps.add(join(path, "number"), "第%d个版本的版本号应为 %d，实际为 %d", i+1, i+1, v.Number)
		}
		switch {
		case i == 0 && v.Kind != VersionOriginal:
			ps.add(join(path, "kind"), "第1版的版本类型应为“原始申报”，实际为“%s”", v.Kind)
		case i > 0 && v.Kind != VersionAdjustment && v.Kind != VersionAddition:
			ps.add(join(path, "kind"), "第%d版的版本类型应为“目标调整”或“年中追加”，实际为“%s”", i+1, v.Kind)
		}
		switch v.State {
		case DeclDraft, DeclSubmitted, DeclReturned, DeclApproved:
			if i < len(d.Versions)-1 && v.State != DeclApproved {
				ps.add(join(path, "state"), "第%d版之后已有新版本，它应为“已批复”，实际为“%s”", i+1, v.State)
			}
		default:
			ps.add(join(path, "state"), "状态“%s”无效，应为 草稿、已提交、已退回 或 已批复", v.State)
		}
		v.validate(path, &ps)
	}
	return ps.Err()
}

func (v *DeclVersion) validate(path string, ps *Problems) {
	for i, c := range v.Changes {
		p := index(join(path, "changes"), i)
		if !validReason(c.Code) {
			ps.add(join(p, "code"), "理由类别“%s”无效，应为 %s", c.Code, strings.Join(ReasonCodes, "、"))
		}
		if strings.TrimSpace(c.Text) == "" {
			ps.add(join(p, "text"), "指标“%s”的调整理由说明不能为空", c.Indicator)
		}
	}
	for i, f := range v.Funds {
		if f.Amount != nil && f.Amount.IsNegative() {
			ps.add(join(index(join(path, "funds"), i), "amount"), "金额不能为负数")
		}
	}
	if v.LibraryAmount != nil && v.LibraryAmount.IsNegative() {
		ps.add(join(path, "library_amount"), "项目库金额不能为负数")
	}
	for i, g := range v.Goals {
		if strings.TrimSpace(g.Name) == "" {
			ps.add(join(index(join(path, "goals"), i), "name"), "分项目标名称不能为空")
		}
		if g.Weight != nil && g.Weight.IsNegative() {
			ps.add(join(index(join(path, "goals"), i), "weight"), "分值不能为负数")
		}
	}
	for _, r := range v.All() {
		in := r.Indicator
		p := join(path, r.Path)
		if strings.TrimSpace(in.Name) == "" {
			ps.add(join(p, "name"), "三级指标名称不能为空")
		}
		if !in.Op.Valid() {
			ps.add(join(p, "op"), "指标性质“%s”无效，应为 =、≥、≤、>、< 或 定性", in.Op)
		}
		if in.Op != OpNone && in.Target.Op != OpNone && in.Op != in.Target.Op {
			ps.add(join(p, "op"), "指标性质“%s”与指标值“%s”中的比较符号不一致", in.Op, in.Target.Text)
		}
		if in.Weight != nil && in.Weight.IsNegative() {
			ps.add(join(p, "weight"), "分值不能为负数")
		}
		switch in.Standard {
		case "", StdPlan, StdIndustry, StdHistory, StdOther:
		default:
			ps.add(join(p, "standard"), "指标值确定依据“%s”应为 计划标准、行业标准、历史标准 或 其他", in.Standard)
		}
	}
	for i, r := range v.Reviews {
		p := index(join(path, "reviews"), i)
		if r.Outcome != OutcomeReturned && r.Outcome != OutcomeApproved {
			ps.add(join(p, "outcome"), "审核结果“%s”无效，应为 退回 或 批复", r.Outcome)
		}
	}
}

func validReason(code string) bool {
	for _, c := range ReasonCodes {
		if c == code {
			return true
		}
	}
	return false
}

// Edit changes the latest version with f. Only a draft or a returned
// version can be edited: a submitted one is under review, an approved one
// is locked (a change is a new version: Revise).
func (d *Declaration) Edit(f func(*DeclVersion)) error {
	v := d.Latest()
	if v == nil {
		return Errorf(EINVALID, "申报没有版本，无法修改")
	}
	switch v.State {
	case DeclSubmitted:
		return Errorf(ECONFLICT, "%s已提交审核，不能修改；如需修改，请等待审核退回", v.VersionTitle())
	case DeclApproved:
		return Errorf(ECONFLICT, "%s已批复，不能修改；如需调整目标，请新建“目标调整”或“年中追加”版本", v.VersionTitle())
	}
	f(v)
	return nil
}

// Submit submits the latest version (a draft, or a returned version
// resubmitted). An adjustment or addition must give a reason, with a code
// and text, for every indicator it changes from the approved version.
func (d *Declaration) Submit() error {
	v := d.Latest()
	if v == nil {
		return Errorf(EINVALID, "申报没有版本，无法提交")
	}
	if v.State != DeclDraft && v.State != DeclReturned {
		return Errorf(ECONFLICT, "%s的状态为“%s”，只有草稿或已退回的版本可以提交", v.VersionTitle(), v.State)
	}
	if len(v.All()) == 0 {
		return Errorf(EINVALID, "%s没有绩效指标，不能提交", v.VersionTitle())
	}
	if v.Number > 1 {
		prev, _ := d.Version(v.Number - 1)
		if err := changesExplained(prev, v); err != nil {
			return err
		}
	}
	v.State = DeclSubmitted
	return nil
}

// changesExplained requires a reason for every indicator that differs
// between the approved version prev and its successor v.
func changesExplained(prev, v *DeclVersion) error {
	diff := Diff(prev, v)
	if len(diff) == 0 {
		return Errorf(EINVALID, "%s与上一版相同，没有需要审核的调整", v.VersionTitle())
	}
	var missing []string
	seen := map[string]bool{}
	for _, c := range diff {
		if c.Key == "" || seen[c.Key] || c.Field == lastActualField || c.Field == reasonField {
			continue
		}
		seen[c.Key] = true
		if !hasReason(v, c) {
			missing = append(missing, "“"+c.Indicator+"”")
		}
	}
	if len(missing) > 0 {
		return Errorf(EINVALID, "%s中以下指标有变动，但没有填写调整理由（理由类别和说明）：%s", v.VersionTitle(), strings.Join(missing, "、"))
	}
	return nil
}

func hasReason(v *DeclVersion, c DeclChange) bool {
	for _, r := range v.Changes {
		ref := strings.TrimSpace(r.Indicator)
		if ref == "" || strings.TrimSpace(r.Text) == "" || !validReason(r.Code) {
			continue
		}
		if ref == c.ID || ref == c.Name || ref == c.Indicator {
			return true
		}
	}
	return false
}

// Return returns the submitted latest version to the department with the
// reviewer's opinions (at least one).
func (d *Declaration) Return(opinions []Opinion) error {
	v := d.Latest()
	if v == nil || v.State != DeclSubmitted {
		return notSubmitted(v, "退回")
	}
	if len(opinions) == 0 {
		return Errorf(EINVALID, "退回时须填写审核意见")
	}
	for i, o := range opinions {
		if strings.TrimSpace(o.Text) == "" {
			return Errorf(EINVALID, "第%d条审核意见没有内容", i+1)
		}
		if o.Indicator != "" {
			if _, ok := v.Find(o.Indicator); !ok {
				return Errorf(EINVALID, "审核意见所指的指标“%s”不在%s中", o.Indicator, v.VersionTitle())
			}
		}
	}
	v.Reviews = append(v.Reviews, Review{Outcome: OutcomeReturned, Opinions: append([]Opinion(nil), opinions...)})
	v.State = DeclReturned
	return nil
}

func notSubmitted(v *DeclVersion, what string) error {
	if v == nil {
		return Errorf(EINVALID, "申报没有版本，无法%s", what)
	}
	return Errorf(ECONFLICT, "%s的状态为“%s”，只有已提交的版本可以%s", v.VersionTitle(), v.State, what)
}

// Approve approves the submitted latest version (批复) with the reviewer's
// points for every item of the rubric: the score and grade are computed
// under the rubric, and a grade the rubric does not let approve is
// refused (the version should be returned). An approved version is locked.
func (d *Declaration) Approve(r *ReviewRubric, items []ItemScore, opinions []Opinion) error {
	v := d.Latest()
	if v == nil || v.State != DeclSubmitted {
		return notSubmitted(v, "批复")
	}
	if r == nil {
		return Errorf(EINVALID, "批复须按审核规则评分，没有给出审核规则")
	}
	score, grade, err := r.Score(items)
	if err != nil {
		return err
	}
	if !grade.Approve {
		return Errorf(EINVALID, "审核得分%s分，等级为“%s”，按审核规则“%s”不能批复，应退回修改", Plain(score), grade.Name, r.Title)
	}
	v.Reviews = append(v.Reviews, Review{Outcome: OutcomeApproved, Rubric: r.Name, Items: append([]ItemScore(nil), items...),
		Score: &score, Grade: grade.Name, Opinions: append([]Opinion(nil), opinions...)})
	v.State = DeclApproved
	return nil
}

// Revise starts a new version, a draft copy of the approved latest
// version, for a mid-year adjustment (目标调整) or addition (年中追加).
func (d *Declaration) Revise(kind VersionKind) (*DeclVersion, error) {
	if kind != VersionAdjustment && kind != VersionAddition {
		return nil, Errorf(EINVALID, "新版本的类型应为“目标调整”或“年中追加”，实际为“%s”", kind)
	}
	v := d.Latest()
	if v == nil || v.State != DeclApproved {
		state := "没有版本"
		if v != nil {
			state = v.VersionTitle() + "尚未批复"
		}
		return nil, Errorf(ECONFLICT, "%s：只有在最新版本批复后才能申请%s", state, kind)
	}
	next := v.clone()
	next.Number, next.Kind, next.State = v.Number+1, kind, DeclDraft
	next.Changes, next.Reviews = nil, nil
	d.Versions = append(d.Versions, next)
	return d.Latest(), nil
}

// DeclChange is one field that differs between two versions: of an
// indicator (Key its identity, Indicator its label), a sub-goal or the
// declaration as a whole. Field is "新增" for an added indicator or
// sub-goal (Old empty) and "删除" for a removed one (New empty).
type DeclChange struct {
	Key       string // the indicator's identity (library ID or name path); "" for other fields
	ID        string // the library ID, if any
	Name      string // the 三级指标 name, if an indicator
	Indicator string // the indicator or sub-goal as people name it; "" for the declaration
	Field     string
	Old, New  string
}

// Diff lists, field by field, what changed from version a to version b:
// the goals, funds and each indicator, matched by library ID, else by
// sub-goal and name path.
func Diff(a, b *DeclVersion) []DeclChange {
	var out []DeclChange
	field := func(name, x, y string) {
		if x != y {
			out = append(out, DeclChange{Field: name, Old: x, New: y})
		}
	}
	field("年度总体目标", a.OverallGoal, b.OverallGoal)
	field("中期目标", a.MidTermGoal, b.MidTermGoal)
	field("金额单位", a.Unit(), b.Unit())
	fa, fb := fundsMap(a), fundsMap(b)
	for _, s := range fundOrder(a, b) {
		field("资金："+s, fa[s], fb[s])
	}
	field("项目库金额", decText(a.LibraryAmount), decText(b.LibraryAmount))
	ga, gb := goalsMap(a), goalsMap(b)
	for _, g := range b.Goals {
		x, ok := ga[g.Name]
		if !ok {
			out = append(out, DeclChange{Indicator: "分项目标“" + shortName(g.Name) + "”", Field: "新增", New: g.Name})
			continue
		}
		for _, f := range [][3]string{{"分值", decText(x.Weight), decText(g.Weight)}, {"目标内容", x.Target, g.Target}} {
			if f[1] != f[2] {
				out = append(out, DeclChange{Indicator: "分项目标“" + shortName(g.Name) + "”", Field: f[0], Old: f[1], New: f[2]})
			}
		}
	}
	for _, g := range a.Goals {
		if _, ok := gb[g.Name]; !ok {
			out = append(out, DeclChange{Indicator: "分项目标“" + shortName(g.Name) + "”", Field: "删除", Old: g.Name})
		}
	}
	ia := map[string]DeclIndicatorRef{}
	for _, r := range a.All() {
		ia[r.Key()] = r
	}
	ib := map[string]bool{}
	for _, r := range b.All() {
		k := r.Key()
		ib[k] = true
		c := DeclChange{Key: k, ID: r.Indicator.LibraryID, Name: r.Indicator.Name, Indicator: r.Where()}
		x, ok := ia[k]
		if !ok {
			c.Field, c.New = "新增", r.Indicator.TargetText()
			out = append(out, c)
			continue
		}
		old, cur := x.fields(), r.fields()
		for i := range cur {
			if old[i][1] != cur[i][1] {
				c.Field, c.Old, c.New = cur[i][0], old[i][1], cur[i][1]
				out = append(out, c)
			}
		}
	}
	for _, r := range a.All() {
		if k := r.Key(); !ib[k] {
			out = append(out, DeclChange{Key: k, ID: r.Indicator.LibraryID, Name: r.Indicator.Name, Indicator: r.Where(), Field: "删除", Old: r.Indicator.TargetText()})
		}
	}
	return out
}

// TargetText is the target as a table shows it, with the 指标性质 and
// 度量单位 when given apart.
func (in *DeclIndicator) TargetText() string {
	x := in.Indicator()
	return x.TargetText()
}

func (r DeclIndicatorRef) fields() [][2]string {
	in := r.Indicator
	core := "否"
	if in.Core {
		core = "是"
	}
	return [][2]string{{"分项目标", r.Goal}, {"一级指标", in.Level1}, {"二级指标", in.Level2}, {"三级指标", in.Name},
		{"指标性质", string(in.Op)}, {"年度指标值", in.Target.Text}, {"度量单位", in.Unit}, {"分值", decText(in.Weight)},
		{"指标值确定依据", in.Standard}, {"是否核心绩效指标", core}, {lastActualField, in.LastActual.Text}, {reasonField, in.Reason}}
}

// The fields of a declared indicator that are shown beside the target,
// not part of it: a change of them needs no reason.
const (
	lastActualField = "上年实际完成值"
	reasonField     = "指标值低于上年实际的理由"
)

func decText(d *decimal.Decimal) string {
	if d == nil {
		return ""
	}
	return Plain(*d)
}

func fundsMap(v *DeclVersion) map[string]string {
	m := map[string]string{}
	for _, f := range v.Funds {
		m[fundName(f)] = decText(f.Amount)
	}
	return m
}

func fundName(f IncomeLine) string {
	if f.Label != "" {
		return f.Label
	}
	return f.Source.Title()
}

func fundOrder(a, b *DeclVersion) []string {
	var out []string
	seen := map[string]bool{}
	for _, v := range []*DeclVersion{a, b} {
		for _, f := range v.Funds {
			if n := fundName(f); !seen[n] {
				seen[n] = true
				out = append(out, n)
			}
		}
	}
	return out
}

func goalsMap(v *DeclVersion) map[string]DeclGoal {
	m := map[string]DeclGoal{}
	for _, g := range v.Goals {
		m[g.Name] = g
	}
	return m
}

// CarryForward (沿用上年) makes next year's declaration from last year's
// approved one: a draft original version with the same goals, indicators
// (keeping their library IDs), targets, weights and funds, and beside each
// target last year's actual value from the self-evaluation actuals (nil:
// none), matched by library ID, then by name.
func CarryForward(last *Declaration, actuals *Evaluation) (*Declaration, error) {
	v, ok := last.LatestApproved()
	if !ok {
		return nil, Errorf(EINVALID, "%s没有已批复的版本，无法沿用", last.Title())
	}
	year := last.Year + 1
	if last.EndYear != 0 && year > last.EndYear {
		return nil, Errorf(EINVALID, "项目实施期至%d年，不能沿用到%d年", last.EndYear, year)
	}
	if actuals != nil && actuals.Year != 0 && actuals.Year != last.Year {
		return nil, Errorf(EINVALID, "自评是%d年度的，而上年申报是%d年度的；请使用%d年度的自评", actuals.Year, last.Year, last.Year)
	}
	next := *last
	next.Format, next.Year = DeclarationFormat, year
	nv := v.clone()
	nv.Number, nv.Kind, nv.State = 1, VersionOriginal, DeclDraft
	nv.Changes, nv.Reviews = nil, nil
	for _, r := range nv.All() {
		in := r.Indicator
		in.Reason = ""
		in.LastActual = Figure{}
		if actuals != nil {
			if a := actuals.findActual(in); a != nil {
				in.LastActual = a.Actual
			}
		}
	}
	next.Versions = []DeclVersion{nv}
	return &next, nil
}

// findActual returns the evaluation's indicator for a declared one: by
// library ID, then by name; nil when none has an actual value.
func (e *Evaluation) findActual(in *DeclIndicator) *Indicator {
	all := e.allIndicators()
	if in.LibraryID != "" {
		for _, x := range all {
			if x.LibraryID == in.LibraryID && !x.Actual.IsZero() {
				return x
			}
		}
	}
	for _, x := range all {
		if x.Name == in.Name && !x.Actual.IsZero() {
			return x
		}
	}
	return nil
}

func (e *Evaluation) allIndicators() []*Indicator {
	var out []*Indicator
	for i := range e.Goals {
		for j := range e.Goals[i].Indicators {
			out = append(out, &e.Goals[i].Indicators[j])
		}
	}
	for i := range e.Indicators {
		out = append(out, &e.Indicators[i])
	}
	for i := range e.Projects {
		for j := range e.Projects[i].Indicators {
			out = append(out, &e.Projects[i].Indicators[j])
		}
	}
	return out
}

// BaselineRef is the approved declaration version a self-evaluation was
// created from (绩效目标基线).
type BaselineRef struct {
	Year    int         `json:"year" zh:"申报年度" jx:"required"`
	Unit    string      `json:"unit" zh:"申报单位" jx:"required"`
	Project string      `json:"project,omitempty" zh:"项目名称"`
	Version int         `json:"version" zh:"批复版本号" jx:"required"`
	Kind    VersionKind `json:"kind,omitempty" zh:"版本类型"`
}

// Title names the baseline for people: "2024年度申报第2版（目标调整）".
func (b *BaselineRef) Title() string {
	kind := ""
	if b.Kind != "" {
		kind = "（" + string(b.Kind) + "）"
	}
	return fmt.Sprintf("%d年度申报第%d版%s", b.Year, b.Version, kind)
}

// Baseline creates a self-evaluation's goals, indicators, targets and
// weights from the latest approved version, and records which version.
// A department's sub-goals become the evaluation's goals; a project's
// indicators become its one project's.
func Baseline(d *Declaration) (*Evaluation, error) {
	v, ok := d.LatestApproved()
	if !ok {
		return nil, Errorf(EINVALID, "%s没有已批复的版本，不能据以生成自评", d.Title())
	}
	ev := d.EvaluationOf(v)
	ev.Baseline = &BaselineRef{Year: d.Year, Unit: d.Unit, Project: d.Project, Version: v.Number, Kind: v.Kind}
	return ev, nil
}

// EvaluationOf is version v as a self-evaluation without actual values:
// for a department, the sub-goals as goals and the other indicators as
// department indicators; for a project, one project with every indicator.
func (d *Declaration) EvaluationOf(v *DeclVersion) *Evaluation {
	ev := &Evaluation{Format: CaseFormat, Year: d.Year, Org: Org{Name: d.Unit}, Status: StatusDraft}
	if d.Kind.IsProject() {
		ev.Subject = SubjectProject
		p := Project{Name: d.Project, Code: d.ProjectCode, Department: d.Department, Unit: d.Unit, Goal: v.OverallGoal, LongTermGoal: v.MidTermGoal}
		for _, r := range v.All() {
			p.Indicators = append(p.Indicators, r.Indicator.Indicator())
		}
		ev.Projects = []Project{p}
		return ev
	}
	ev.Subject = SubjectDepartment
	ev.OverallGoal = v.OverallGoal
	for _, g := range v.Goals {
		eg := Goal{Name: g.Name, Weight: copyDecimal(g.Weight), Target: g.Target}
		for i := range g.Indicators {
			eg.Indicators = append(eg.Indicators, g.Indicators[i].Indicator())
		}
		ev.Goals = append(ev.Goals, eg)
	}
	for i := range v.Indicators {
		ev.Indicators = append(ev.Indicators, v.Indicators[i].Indicator())
	}
	return ev
}
