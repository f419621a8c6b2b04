package jixiao

import (
	"fmt"
	"strings"

	"github.com/shopspring/decimal"
)

// Indicator is a 三级 performance indicator (绩效指标) with its place in the
// three-level tree, its target and actual value as stated, its weight and,
// where the evaluator judged it, its score, deviation cause and improvement.
type Indicator struct {
	ID     string `json:"id,omitempty" zh:"指标编号" doc:"在扣分中引用本指标时使用"`
	Level1 string `json:"level1,omitempty" zh:"一级指标" doc:"产出指标、效益指标、满意度指标（或规则中的其他一级指标）"`
	Level2 string `json:"level2,omitempty" zh:"二级指标" doc:"如：数量指标、质量指标、时效指标、成本指标、社会效益指标"`
	Name   string `json:"name" zh:"三级指标" jx:"required"`
	// Op is the 指标性质; when empty it is taken from the target ("≥95%").
	Op     Operator `json:"op,omitempty" zh:"指标性质" doc:"=、≥、≤、>、< 或 定性；可省略而写在指标值中，如“≥95%”"`
	Target Figure   `json:"target,omitempty" zh:"年度指标值" doc:"原样填写，如“≥95%”“4万亩”“≤90”“按时完成”"`
	Unit   string   `json:"unit,omitempty" zh:"度量单位" doc:"可省略而写在指标值中"`
	Actual Figure   `json:"actual,omitempty" zh:"实际完成值"`
	// Numerator and Denominator are the counts a rate's actual value comes
	// from, where the report states them ("问题28个…整改到位25个").
	Numerator   Figure `json:"numerator,omitempty" zh:"实际值的分子" doc:"比率型指标的完成数，如整改到位数"`
	Denominator Figure `json:"denominator,omitempty" zh:"实际值的分母" doc:"比率型指标的基数，如问题总数"`
	// Tier is the qualitative tier (定性评价档次) the evaluator chose.
	Tier   string           `json:"tier,omitempty" zh:"定性评价档次" doc:"达成年度指标 / 部分达成年度指标并具有一定效果 / 未达成年度指标且效果较差（可简写为 达成 / 部分达成 / 未达成）"`
	Weight *decimal.Decimal `json:"weight,omitempty" zh:"分值"`
	// Score is the score the evaluator gave: the score chosen within a
	// qualitative tier, or the score written in a table. jixiao computes
	// quantitative scores itself; a stated score is kept for comparison.
	Score       *decimal.Decimal `json:"score,omitempty" zh:"得分（评价人评定或表中所填）"`
	Core        bool             `json:"core,omitempty" zh:"是否核心指标"`
	Cause       string           `json:"cause,omitempty" zh:"偏差原因类别" doc:"政策环境变化、执行机制缺陷、外部不可抗力、经费保障、制度保障、人员保障、硬件条件保障、指标值设定偏低、其他"`
	Deviation   string           `json:"deviation,omitempty" zh:"偏差原因分析"`
	Improvement string           `json:"improvement,omitempty" zh:"改进措施"`
	Evidence    []Evidence       `json:"evidence,omitempty" zh:"佐证材料"`
	Rubric      *Rubric          `json:"rubric,omitempty" zh:"评分方法（覆盖规则默认）"`
	Deductions  []Deduction      `json:"deductions,omitempty" zh:"评价扣分"`
	// LibraryID is the indicator's code in the indicator library (指标库);
	// last, so that the columns of existing workbooks keep their places.
	LibraryID string `json:"library_id,omitempty" zh:"指标库编码" doc:"指标库中的编码，如 GX-0001；由申报生成的自评沿用申报中的编码"`
}

// EffectiveOp is the operator the indicator is scored by: the stated 指标性质,
// else the operator written in the target, else 定性 for a target that
// states no number, else "≤" for a rate of harm (ReverseWord), else "=".
func (in *Indicator) EffectiveOp() Operator {
	switch {
	case in.Op != OpNone:
		return in.Op
	case in.Target.Op != OpNone:
		return in.Target.Op
	case !in.Target.Numeric:
		return OpQualitative
	case in.ReverseWord() != "":
		return OpLE
	}
	return OpEQ
}

// reverseWords end the names of quantities a programme keeps low: a
// numeric target printed without an operator is a ceiling for them
// (反向指标), as for the national guide's 森林火灾受害率 and the common
// department indicators' 预算调整率 and 结转结余率. Only the end of a name
// counts: 投诉率 is kept low, 投诉处理率 is not.
var reverseWords = []string{"受害率", "成灾率", "发生率", "发病率", "死亡率", "事故率", "差错率", "误差率", "失误率", "故障率",
	"损失率", "投诉率", "不合格率", "超标率", "空置率", "流失率", "返工率", "事故数", "事故次数", "投诉次数", "投诉量",
	// Common indicators of a department as a whole (部门整体共性指标):
	// spending and staff kept within budget, budget changes and balances
	// kept small.
	"控制率", "调整率", "结余率"}

// ReverseWord is the word of the indicator's name that makes a numeric
// target without an operator a ceiling, or "" when the indicator states
// its operator or its name names no quantity to keep low.
func (in *Indicator) ReverseWord() string {
	if in.Op != OpNone || in.Target.Op != OpNone || !in.Target.Numeric {
		return ""
	}
	name := strings.TrimRight(strings.TrimSpace(in.Name), "（）()%％")
	for _, w := range reverseWords {
		if strings.HasSuffix(name, w) {
			return w
		}
	}
	return ""
}

// EffectiveUnit is the 度量单位, else the unit written in the target.
func (in *Indicator) EffectiveUnit() string {
	if in.Unit != "" {
		return in.Unit
	}
	return in.Target.Unit
}

// TargetText is the target as a table shows it: with the 指标性质 and the
// 度量单位 when the case gives them apart ("≤" "3000" "元/亩" → "≤3000元/亩").
func (in *Indicator) TargetText() string {
	t := in.Target.Text
	if t == "" {
		return ""
	}
	if in.Op != OpNone && in.Op != OpQualitative && in.Target.Op == OpNone && in.Target.Numeric {
		t = string(in.Op) + t
	}
	if in.Unit != "" && in.Target.Numeric && in.Target.Unit == "" {
		t += in.Unit
	}
	return t
}

// ActualText is the actual value as a table shows it, with the 度量单位
// when the case gives it apart.
func (in *Indicator) ActualText() string {
	t := in.Actual.Text
	if t != "" && in.Unit != "" && in.Actual.Numeric && in.Actual.Unit == "" {
		t += in.Unit
	}
	return t
}

// Qualitative reports whether the indicator is scored by tiers.
func (in *Indicator) Qualitative() bool { return in.EffectiveOp() == OpQualitative }

// Operands are an indicator's target and actual value in one unit.
type Operands struct {
	Target, Actual decimal.Decimal
	Unit           string
	// Conversion describes the unit conversion that was needed
	// ("目标值2万亩折合20000亩"), if any.
	Conversion string
}

// Met reports whether the actual meets the target under op: at least the
// target for =, ≥ and >, at most for ≤ and <.
func (o Operands) Met(op Operator) bool {
	if op.Reverse() {
		return o.Actual.LessThanOrEqual(o.Target)
	}
	return o.Actual.GreaterThanOrEqual(o.Target)
}

// Operands returns the target and actual in one unit, converting 万/亿
// units where needed, or an error (in Chinese) saying why they cannot be
// compared: a missing or non-numeric value, or units that do not convert.
func (in *Indicator) Operands() (Operands, error) {
	switch {
	case !in.Target.Numeric:
		if in.Target.IsZero() {
			return Operands{}, errorf("未填写年度指标值")
		}
		return Operands{}, errorf("指标值“%s”不是数值，无法按比例计分（如为定性指标，请将指标性质设为“定性”）", in.Target.Text)
	case in.Actual.IsZero():
		return Operands{}, errorf("未填写实际完成值")
	case !in.Actual.Numeric:
		return Operands{}, errorf("实际完成值“%s”不是数值，无法按比例计分", in.Actual.Text)
	}
	tu, au := in.EffectiveUnit(), in.Actual.Unit
	switch {
	case au == "" || au == tu:
		return Operands{Target: in.Target.Value, Actual: in.Actual.Value, Unit: tu}, nil
	case tu == "":
		return Operands{Target: in.Target.Value, Actual: in.Actual.Value, Unit: au}, nil
	}
	tv, tb := scaleUnit(in.Target.Value, tu)
	av, ab := scaleUnit(in.Actual.Value, au)
	if tb != ab {
		return Operands{}, errorf("实际完成值的单位“%s”与指标值的单位“%s”不一致，无法比较", au, tu)
	}
	var convs []string
	if tu != tb {
		convs = append(convs, fmt.Sprintf("目标值%s%s折合%s%s", Plain(in.Target.Value), tu, Plain(tv), tb))
	}
	if au != ab {
		convs = append(convs, fmt.Sprintf("实际值%s%s折合%s%s", Plain(in.Actual.Value), au, Plain(av), ab))
	}
	return Operands{Target: tv, Actual: av, Unit: tb, Conversion: strings.Join(convs, "，")}, nil
}

// Label is the indicator's name with its tree position, for messages.
func (in *Indicator) Label() string {
	var b strings.Builder
	b.Grow(len(in.Level1) + len(in.Level2) + len(in.Name) + 6)
	for _, p := range [...]string{in.Level1, in.Level2, in.Name} {
		if p != "" {
			if b.Len() > 0 {
				b.WriteString(" / ")
			}
			b.WriteString(p)
		}
	}
	return b.String()
}

// Validate checks one indicator on its own (a record edited alone).
func (in *Indicator) Validate() error {
	var ps Problems
	in.validate(&elemPath{}, &ps)
	return ps.Err()
}

// validate adds in's problems to ps; at is its path, formatted only when
// a problem needs it (a valid indicator costs no string).
func (in *Indicator) validate(at *elemPath, ps *Problems) {
	if strings.TrimSpace(in.Name) == "" {
		ps.add(join(at.String(), "name"), "三级指标名称不能为空")
	}
	if in.Op != OpNone && in.Target.Op != OpNone && in.Op != in.Target.Op {
		ps.add(join(at.String(), "op"), "指标性质“%s”与指标值“%s”中的比较符号不一致", in.Op, in.Target.Text)
	}
	if in.Op != OpNone && in.Op != OpQualitative && !in.Target.IsZero() && !in.Target.Numeric {
		ps.add(join(at.String(), "target"), "指标性质为“%s”，指标值应为数字，实际为“%s”", in.Op, in.Target.Text)
	}
	if in.Weight != nil && in.Weight.IsNegative() {
		ps.add(join(at.String(), "weight"), "分值不能为负数")
	}
	if in.Score != nil && in.Score.IsNegative() {
		ps.add(join(at.String(), "score"), "得分不能为负数")
	}
	if in.Rubric != nil {
		in.Rubric.validate(join(at.String(), "rubric"), ps)
	}
	if len(in.Deductions) > 0 {
		validateDeductions(join(at.String(), "deductions"), in.Deductions, ps)
	}
}

// Evidence is a supporting document (佐证材料).
type Evidence struct {
	Title string `json:"title" zh:"材料名称" jx:"required"`
	File  string `json:"file,omitempty" zh:"文件"`
	Note  string `json:"note,omitempty" zh:"说明"`
}

// Deduction is a judged deduction (扣分): points taken off a node's score
// for a stated reason, optionally with the projects or the indicator that
// are its evidence.
type Deduction struct {
	Points    decimal.Decimal `json:"points" zh:"扣分" jx:"required"`
	Reason    string          `json:"reason,omitempty" zh:"扣分原因"`
	Projects  []string        `json:"projects,omitempty" zh:"相关项目（名称或编码）"`
	Indicator string          `json:"indicator,omitempty" zh:"相关指标（编号或名称）"`
}

func validateDeductions(path string, ds []Deduction, ps *Problems) {
	for i, d := range ds {
		if d.Points.IsNegative() {
			ps.add(join(index(path, i), "points"), "扣分不能为负数")
		}
	}
}

// TotalDeducted sums the points of ds.
func TotalDeducted(ds []Deduction) decimal.Decimal {
	sum := decimal.Zero
	for _, d := range ds {
		sum = sum.Add(d.Points)
	}
	return sum
}
