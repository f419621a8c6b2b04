package scoring

import (
	"fmt"
	"sort"
	"strings"

	"github.com/shopspring/decimal"

	"jixiao"
	"jixiao/internal/formula"
)

var (
	one     = decimal.NewFromInt(1)
	hundred = decimal.NewFromInt(100)
)

// Where a leaf's rubric was written, for messages (see rubricPath).
const (
	fromIndicator = -2 // the indicator's own rubric
	fromDefaults  = -1 // the layout's default rubrics
	// 0, 1, …: the layout's rules[i]
)

// rubricFor picks a leaf's rubric: the indicator's own, else the first
// rulebook rule whose text its name contains, else the default for its
// operator. It also says where the rubric was written (see rubricPath).
func (s *scorer) rubricFor(l *jixiao.Layout, in *jixiao.Indicator) (*jixiao.Rubric, int) {
	if in.Rubric != nil {
		return in.Rubric, fromIndicator
	}
	for i := range l.Rules {
		if strings.Contains(in.Name, l.Rules[i].Match) {
			return &l.Rules[i].Rubric, i
		}
	}
	return s.operatorRubric(l, in), fromDefaults
}

// operatorRubric is the default rubric for an indicator's operator: the
// layout's, else the built-in one. A layout default that takes the stated
// score gives way to the built-in one for the caller that has none.
func (s *scorer) operatorRubric(l *jixiao.Layout, in *jixiao.Indicator) *jixiao.Rubric {
	var r *jixiao.Rubric
	kind := jixiao.RubricRatio
	switch op := in.EffectiveOp(); {
	case op == jixiao.OpQualitative:
		kind = jixiao.RubricQualitative
		if l.Rubrics != nil {
			r = l.Rubrics.Qualitative
		}
	case op.Reverse():
		kind = jixiao.RubricReverseRatio
		if l.Rubrics != nil {
			r = l.Rubrics.Reverse
		}
	default:
		if l.Rubrics != nil {
			r = l.Rubrics.Positive
		}
	}
	if r == nil || (r.Kind == jixiao.RubricStated && in.Score == nil) {
		r = &jixiao.Rubric{Kind: kind}
	}
	return r
}

// rubricPath locates a leaf's rubric for a message; built only when one
// is needed.
func (s *scorer) rubricPath(path string, where int) string {
	switch where {
	case fromIndicator:
		return path + ".rubric"
	case fromDefaults:
		return s.rulePath("rubrics")
	}
	return s.rulePath(fmt.Sprintf("rules[%d].rubric", where))
}

// leaf scores one indicator.
func (s *scorer) leaf(l *jixiao.Layout, in *jixiao.Indicator, path string, w decimal.Decimal, exec *execution) *jixiao.Node {
	n := s.node(jixiao.Node{Kind: jixiao.NodeIndicator, Name: in.Name, Weight: w, Source: path})
	r, where := s.rubricFor(l, in)
	if r.Kind == jixiao.RubricStated && in.Score == nil {
		// No stated score: the operator's default rubric.
		r, where = s.operatorRubric(l, in), fromDefaults
	}
	n.Rubric = r.Kind
	switch r.Kind {
	case jixiao.RubricStated:
		n.Score = clamp(*in.Score, w)
		n.Explanation = fmt.Sprintf("按表中所填得分（得分系数 × 指标权重）计%s", s.fixed(n.Score))
		if in.Score.GreaterThan(w) {
			n.Notes = append(n.Notes, fmt.Sprintf("表中所填得分%s超过分值%s，按分值计", jixiao.Plain(*in.Score), jixiao.Plain(w)))
		}
	case jixiao.RubricRatio, jixiao.RubricReverseRatio:
		s.ratio(n, in, r, r.Kind == jixiao.RubricReverseRatio)
	case jixiao.RubricQualitative:
		s.qualitative(n, in, path)
	case jixiao.RubricDeductions:
		s.deductions(n, in.Deductions)
	case jixiao.RubricPerPoint, jixiao.RubricTiered:
		q, problem := indicatorQuantity(in)
		if problem != "" {
			s.unscorable(n, problem)
			break
		}
		if r.Kind == jixiao.RubricPerPoint {
			s.perPoint(n, q, r)
		} else {
			s.tiered(n, q, r)
		}
	case jixiao.RubricFormula:
		env := map[string]decimal.Decimal{"W": w, "分值": w}
		if o, err := in.Operands(); err == nil {
			env["T"], env["目标值"], env["A"], env["实际值"] = o.Target, o.Target, o.Actual, o.Actual
		}
		s.formula(n, r, s.rubricPath(path, where), env)
	case jixiao.RubricExecution:
		s.executionLeaf(n, in, r, exec)
	}
	if r.Kind != jixiao.RubricDeductions {
		s.judged(n, in.Deductions)
	}
	s.roundLeaf(n)
	return n
}

// judged applies judged deductions on top of a rubric's score, such as the
// reviewer's reduction for a target set too low.
func (s *scorer) judged(n *jixiao.Node, ds []jixiao.Deduction) {
	if len(ds) == 0 {
		return
	}
	total := jixiao.TotalDeducted(ds)
	before := n.Score
	n.Score = clamp(jixiao.Sub(before, total), n.Weight)
	var reasons []string
	for _, d := range ds {
		r := strings.TrimRight(strings.TrimSpace(d.Reason), "。；;")
		if r == "" {
			r = "未说明扣分原因"
		}
		reasons = append(reasons, r)
	}
	n.Explanation += fmt.Sprintf("；评价扣%s分（%s）：%s − %s = %s", jixiao.Plain(total), strings.Join(reasons, "；"),
		s.fixed(before), jixiao.Plain(total), s.fixed(n.Score))
}

func (s *scorer) roundLeaf(n *jixiao.Node) {
	if s.round.Leaf == nil {
		return
	}
	r := jixiao.Round(n.Score, *s.round.Leaf)
	if !r.Equal(n.Score) {
		n.Explanation += fmt.Sprintf("；按规则保留%d位小数（四舍五入）为%s", *s.round.Leaf, jixiao.Fixed(r, *s.round.Leaf))
	}
	n.Score = r
}

func (s *scorer) unscorable(n *jixiao.Node, problem string) {
	n.Score = decimal.Zero
	n.Explanation = problem + "，得0分"
	n.Notes = append(n.Notes, problem)
}

// ratio scores positive (≥ > =) and reverse (≤ <) indicators in proportion.
func (s *scorer) ratio(n *jixiao.Node, in *jixiao.Indicator, r *jixiao.Rubric, reverse bool) {
	o, err := in.Operands()
	if err != nil {
		s.unscorable(n, jixiao.ErrorMessage(err))
		return
	}
	t, a, unit := o.Target, o.Actual, o.Unit
	conv := ""
	if o.Conversion != "" {
		conv = o.Conversion + "；"
	}
	w := n.Weight
	kind := ""
	if reverse {
		kind = "（反向指标）"
		if w := in.ReverseWord(); w != "" {
			kind = "（未写指标性质，名称含“" + w + "”，按反向指标计）"
		}
	}
	op := jixiao.OpGE
	if reverse {
		op = jixiao.OpLE
	}
	switch {
	case o.Met(op):
		n.Score = w
		sign := " ≥ 目标值"
		if reverse {
			sign = " ≤ 目标值"
		}
		n.Explanation = s.explain(conv, "实际值", a, unit, sign, t, unit, kind, "，达到目标，得满分", scoreFigure(w))
		s.overAchievement(n, t, a, r, reverse)
	case !t.IsPositive():
		n.Score = decimal.Zero
		n.Explanation = s.explain(conv, "实际值", a, unit, "未达到目标值", t, unit, kind, "；目标值不为正数，不适用比例计分，得0分")
	case reverse:
		n.Score = clamp(jixiao.DivRound(jixiao.Mul(w, t), a, 12), w)
		n.Explanation = s.explain(conv, "实际值", a, unit, " > 目标值", t, unit, kind, "，目标值", t, unit, " / 实际值", a, unit, " × 分值", w, " = ", scoreFigure(n.Score))
	default:
		n.Score = clamp(jixiao.DivRound(jixiao.Mul(w, a), t, 12), w)
		n.Explanation = s.explain(conv, "实际值", a, unit, " / 目标值", t, unit, " × 分值", w, " = ", scoreFigure(n.Score))
	}
}

// overAchievement flags an actual that beats its target by more than θ.
// It deducts nothing: a reviewer who finds the target set too low enters a
// judged deduction with the reason.
func (s *scorer) overAchievement(n *jixiao.Node, t, a decimal.Decimal, r *jixiao.Rubric, reverse bool) {
	if !t.IsPositive() {
		return
	}
	theta := s.rb.ThetaOrDefault()
	if r.Theta != nil {
		theta = *r.Theta
	}
	dev := jixiao.DivRound(jixiao.Sub(a, t), t, 12)
	if reverse {
		dev = dev.Neg()
	}
	if !dev.GreaterThan(theta) {
		return
	}
	if reverse {
		n.Notes = append(n.Notes, fmt.Sprintf("大幅优于目标：实际值比目标值低%s（反向指标），超过提示阈值%s；须分析原因，如系指标值设定过松，可按偏离度调减分值",
			jixiao.Percent(dev, s.round.Rate), jixiao.Percent(theta, 0)))
		return
	}
	n.Notes = append(n.Notes, fmt.Sprintf("超额完成：实际值比目标值高出%s，超过提示阈值%s；须分析原因，如系指标值设定偏低，可按偏离度调减分值",
		jixiao.Percent(dev, s.round.Rate), jixiao.Percent(theta, 0)))
}

// qualitative scores a 定性 indicator from the tier and score the evaluator
// gave.
func (s *scorer) qualitative(n *jixiao.Node, in *jixiao.Indicator, path string) {
	w := n.Weight
	name := strings.TrimSpace(in.Tier)
	tier := s.rb.FindTier(name)
	if name == "" {
		tier = s.rb.FindTier(strings.TrimSpace(in.Actual.Text))
	} else if tier == nil {
		s.fail(path+".tier", "定性评价档次“%s”不在评分规则“%s”的档次中（%s）", name, s.rb.Name, s.tierNames())
		return
	}
	met, metHow := TextMet(in)
	switch {
	case in.Score != nil:
		score := *in.Score
		if met && score.LessThan(w) && strings.TrimSpace(in.Deviation) == "" && len(in.Deductions) == 0 {
			n.Notes = append(n.Notes, fmt.Sprintf("%s，视为达成，但评定得分%s低于分值%s，未说明原因", metHow, s.fixed(score), jixiao.Plain(w)))
		}
		n.Score = clamp(score, w)
		var share decimal.Decimal
		if w.IsPositive() {
			share = jixiao.DivRound(score, w, 12)
		}
		if tier == nil {
			tier = s.tierOf(share)
			if tier == nil {
				n.Explanation = fmt.Sprintf("定性指标，评定得分%s", s.fixed(n.Score))
				break
			}
			n.Explanation = fmt.Sprintf("定性指标，评定得分%s（分值的%s，属“%s”档：%s）", s.fixed(n.Score), jixiao.Percent(share, s.round.Rate), tier.Name, s.band(tier, w))
			break
		}
		n.Explanation = fmt.Sprintf("定性指标，评定为“%s”（%s），评定得分%s", tier.Name, s.band(tier, w), s.fixed(n.Score))
		if !tier.Contains(share) {
			n.Notes = append(n.Notes, fmt.Sprintf("评定得分%s不在“%s”档的区间（%s）内", s.fixed(score), tier.Name, s.band(tier, w)))
		}
		if score.GreaterThan(w) {
			n.Notes = append(n.Notes, fmt.Sprintf("评定得分%s超过分值%s，按分值计", s.fixed(score), jixiao.Plain(w)))
		}
	case tier != nil:
		n.Score = jixiao.Mul(w, tier.Min)
		n.Explanation = fmt.Sprintf("定性指标，评定为“%s”（%s），未给出评定得分，暂按该档下限计%s", tier.Name, s.band(tier, w), s.fixed(n.Score))
		n.Notes = append(n.Notes, "未给出评定得分，暂按该档下限计分；请评价人在该档区间内评定")
	case met:
		n.Score = w
		n.Explanation = fmt.Sprintf("定性指标，%s，视为达成，得满分%s", metHow, s.fixed(w))
	default:
		n.Score = decimal.Zero
		n.Explanation = "定性指标，未评定档次和得分，暂计0分"
		n.Notes = append(n.Notes, "定性指标待评定（请给出评价档次和得分）")
	}
}

func (s *scorer) tierNames() string {
	var names []string
	for _, t := range s.rb.Tiers {
		names = append(names, t.Name)
	}
	return strings.Join(names, "、")
}

func (s *scorer) tierOf(share decimal.Decimal) *jixiao.Tier {
	for i := range s.rb.Tiers {
		if s.rb.Tiers[i].Contains(share) {
			return &s.rb.Tiers[i]
		}
	}
	return nil
}

// band describes a tier's range as shares and points: "分值的60%–<80%，即6.00–<8.00分".
func (s *scorer) band(t *jixiao.Tier, w decimal.Decimal) string {
	lt := ""
	if t.MaxExclusive {
		lt = "<"
	}
	return fmt.Sprintf("分值的%s–%s%s，即%s–%s%s分", jixiao.Percent(t.Min, 0), lt, jixiao.Percent(t.Max, 0),
		s.fixed(w.Mul(t.Min)), lt, s.fixed(w.Mul(t.Max)))
}

// quantity is what a per-point or tiered rubric looks at.
type quantity struct {
	value  decimal.Decimal
	unit   string
	target *decimal.Decimal
	op     jixiao.Operator
}

func indicatorQuantity(in *jixiao.Indicator) (quantity, string) {
	if in.Actual.IsZero() {
		return quantity{}, "未填写实际完成值"
	}
	if !in.Actual.Numeric {
		return quantity{}, fmt.Sprintf("实际完成值“%s”不是数值", in.Actual.Text)
	}
	q := quantity{value: in.Actual.Value, unit: in.Actual.Unit, op: in.EffectiveOp()}
	if q.unit == "" {
		q.unit = in.EffectiveUnit()
	}
	if in.Target.Numeric {
		t := in.Target.Value
		q.target = &t
	}
	return q, ""
}

func unitWord(unit string) string {
	if unit == "%" {
		return "个百分点"
	}
	return unit
}

// perPoint deducts Per points for every Step the value lies beyond the
// limit on the worse side, floor 0.
func (s *scorer) perPoint(n *jixiao.Node, q quantity, r *jixiao.Rubric) {
	w := n.Weight
	limit := q.target
	if r.Limit != nil {
		limit = r.Limit
	}
	if limit == nil {
		s.unscorable(n, "按幅度扣分缺少标准值（请在评分方法中给出 limit 或填写数值型指标值）")
		return
	}
	step := one
	if r.Step != nil {
		step = *r.Step
	}
	var excess decimal.Decimal
	word := "低于"
	switch {
	case q.op.Reverse():
		excess, word = q.value.Sub(*limit), "超过"
	case q.op == jixiao.OpEQ:
		excess, word = q.value.Sub(*limit).Abs(), "偏离"
	default:
		excess = limit.Sub(q.value)
	}
	v, l := jixiao.Plain(q.value)+q.unit, jixiao.Plain(*limit)+q.unit
	if !excess.IsPositive() {
		n.Score = w
		n.Explanation = fmt.Sprintf("实际值%s，未%s标准值%s，得满分%s", v, word, l, s.fixed(w))
		return
	}
	steps := jixiao.DivRound(excess, step, 12)
	stepText := ""
	if r.WholeSteps {
		steps = steps.Floor()
		stepText = "（不足一档不扣）"
	}
	deduct := r.Per.Mul(steps)
	n.Score = clamp(w.Sub(deduct), w)
	n.Explanation = fmt.Sprintf("实际值%s，%s标准值%s %s%s，每%s%s扣%s分%s，共扣%s分，%s − %s = %s", v, word, l,
		jixiao.Plain(excess), unitWord(q.unit), jixiao.Plain(step), unitWord(q.unit), jixiao.Plain(*r.Per), stepText,
		jixiao.Plain(deduct), jixiao.Plain(w), jixiao.Plain(deduct), s.fixed(n.Score))
	if deduct.GreaterThan(w) {
		n.Explanation += "（扣完为止）"
	}
}

// tiered gives the score of the first band the value falls in.
func (s *scorer) tiered(n *jixiao.Node, q quantity, r *jixiao.Rubric) {
	w := n.Weight
	v := jixiao.Plain(q.value) + q.unit
	for i := range r.Bands {
		b := &r.Bands[i]
		if !b.Contains(q.value) {
			continue
		}
		if b.Score != nil {
			n.Score = clamp(*b.Score, w)
			n.Explanation = fmt.Sprintf("实际值%s，属“%s”档，得%s分", v, b.Describe(), s.fixed(n.Score))
		} else {
			n.Score = clamp(jixiao.Mul(w, *b.Share), w)
			n.Explanation = fmt.Sprintf("实际值%s，属“%s”档，得分比例%s × 分值%s = %s", v, b.Describe(),
				jixiao.Percent(*b.Share, s.round.Rate), jixiao.Plain(w), s.fixed(n.Score))
		}
		return
	}
	s.unscorable(n, fmt.Sprintf("实际值%s不在任何分档内", v))
}

// formula evaluates a rubric's expression with env and clamps the result
// to [0, weight].
func (s *scorer) formula(n *jixiao.Node, r *jixiao.Rubric, rpath string, env map[string]decimal.Decimal) {
	n.Rubric = jixiao.RubricFormula
	prog, err := formula.Compile(r.Expr)
	if err != nil {
		s.fail(rpath+".expr", "%v", err)
		return
	}
	v, err := prog.Eval(env)
	if err != nil {
		s.fail(rpath+".expr", "%v", err)
		return
	}
	n.Score = clamp(v, n.Weight)
	var vars []string
	for _, name := range prog.Names() {
		vars = append(vars, name+"="+jixiao.Plain(env[name]))
	}
	sort.Strings(vars)
	n.Explanation = fmt.Sprintf("按公式 %s 计算（%s），得%s", r.Expr, strings.Join(vars, "，"), s.fixed(n.Score))
	if !v.Equal(n.Score) {
		n.Explanation += fmt.Sprintf("（公式结果%s，限定在0至分值%s之间）", s.fixed(v), jixiao.Plain(n.Weight))
	}
}
