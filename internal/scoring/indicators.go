package scoring

import (
	"fmt"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/shopspring/decimal"

	"jixiao"
)

// set is the indicators of one subject scored by an indicators layout.
type set struct {
	path       string // "projects[0]", or "" for department-level indicators
	indicators []jixiao.Indicator
	weights    map[string]decimal.Decimal // overrides of first-level weights
	exec       *execution
	// caps are the block weights the table prints; a first-level cap
	// acts as its group's weight unless weights name the group.
	caps []jixiao.Cap
	// execMax is the execution cell's printed cap, the execution weight
	// unless weights or caps give it.
	execMax *decimal.Decimal
	// incomplete marks a form not filled in completely: rows whose
	// level-1 name is missing are scored on their own, not refused.
	incomplete bool
}

// unplaced names the node of an incomplete form's rows whose level-1 name
// is missing.
const unplaced = "（一级指标名称缺失）"

// executionLabels are the names a table prints for the execution block.
var executionLabels = []string{"预算执行率", "预算执行情况", "预算执行", "执行率", "资金执行率"}

func (st set) at(rest string) string {
	if st.path == "" {
		return rest
	}
	return st.path + "." + rest
}

// ind is the path of indicator i of the set, made in one allocation.
func (st set) ind(i int) string {
	if st.path == "" {
		return "indicators[" + strconv.Itoa(i) + "]"
	}
	return st.path + ".indicators[" + strconv.Itoa(i) + "]"
}

// indicatorTree builds the execution node, then one node per first-level
// group with second-level groups and indicators under it.
func (s *scorer) indicatorTree(l *jixiao.Layout, st set) []*jixiao.Node {
	var nodes []*jixiao.Node
	execName := ""
	if l.Execution != nil {
		execName = l.Execution.Name
		if execName == "" {
			execName = "预算执行率"
		}
	}
	overrides := map[int]decimal.Decimal{} // group index → weight; -1 for execution
	origins := map[int]string{}            // where an override comes from
	keys := make([]string, 0, len(st.weights))
	for k := range st.weights {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		if execName != "" && k == execName {
			overrides[-1], origins[-1] = st.weights[k], "案例指定"
			continue
		}
		if g := groupIndex(l, k); g >= 0 {
			overrides[g], origins[g] = st.weights[k], "案例指定"
			continue
		}
		s.fail(st.at("weights."+k), "“%s”不是评分规则“%s”的一级指标（可用：%s）", k, s.rb.Name, groupNames(l, execName))
	}
	// Printed first-level caps weigh their blocks where weights do not;
	// a cap on a block the layout does not have (绩效指标(90分)) is only
	// checked against its rows, elsewhere.
	for _, c := range st.caps {
		if strings.TrimSpace(c.Level2) != "" {
			continue
		}
		name := strings.TrimSpace(c.Level1)
		g := groupIndex(l, name)
		switch {
		case g >= 0:
		case execName != "" && (name == execName || slices.Contains(executionLabels, name)):
			g = -1 // the execution node
		default:
			continue
		}
		if _, given := overrides[g]; given {
			continue
		}
		overrides[g], origins[g] = c.Weight, "表中所印"
	}
	if _, given := overrides[-1]; execName != "" && !given && st.execMax != nil {
		overrides[-1], origins[-1] = *st.execMax, "表中所印"
	}

	if l.Execution != nil {
		w, origin := l.Execution.Weight, ""
		if o, ok := overrides[-1]; ok {
			w, origin = o, origins[-1]
		}
		nodes = append(nodes, s.executionNode(l.Execution, execName, w, origin, st))
	}

	members := make([][]int, len(l.Groups))
	var orphans []int
	def := defaultGroup(l)
	for i := range st.indicators {
		in := &st.indicators[i]
		g := -1
		if strings.TrimSpace(in.Level1) != "" {
			g = groupIndex(l, in.Level1)
		}
		switch {
		case g >= 0:
		case def >= 0:
			g = def
		case strings.TrimSpace(in.Level1) == "" && st.incomplete:
			orphans = append(orphans, i)
			continue
		case st.incomplete:
			// A level-1 name the rulebook does not know, on a form that
			// gets no grade: the row is left unscored.
			continue
		case strings.TrimSpace(in.Level1) == "":
			s.fail(st.at(fmt.Sprintf("indicators[%d].level1", i)), "指标“%s”缺少一级指标（应为：%s）", in.Name, groupNames(l, ""))
			continue
		default:
			s.fail(st.at(fmt.Sprintf("indicators[%d].level1", i)), "一级指标“%s”不在评分规则“%s”的一级指标中（应为：%s）", in.Level1, s.rb.Name, groupNames(l, ""))
			continue
		}
		members[g] = append(members[g], i)
	}

	// A printed execution cap other than the rulebook's moves the
	// difference to the groups, as a missing optional group's weight
	// moves: the table's blocks still add up to the full score.
	execDelta := decimal.Zero
	if o, ok := overrides[-1]; ok && l.Execution != nil && origins[-1] == "表中所印" {
		execDelta = l.Execution.Weight.Sub(o)
	}
	declared := s.groupWeights(l, members, overrides, origins, execDelta, execName)
	for g := range l.Groups {
		rule := &l.Groups[g]
		if len(members[g]) == 0 && rule.Optional {
			if _, ok := overrides[g]; !ok {
				continue
			}
		}
		if len(members[g]) == 0 && len(orphans) > 0 {
			continue // the rows of a form cut off may well belong here
		}
		nodes = append(nodes, s.groupNode(l, rule, declared[g], members[g], st))
	}
	if len(orphans) > 0 {
		w := decimal.Zero
		for _, i := range orphans {
			if st.indicators[i].Weight != nil {
				w = jixiao.Add(w, *st.indicators[i].Weight)
			}
		}
		how := fmt.Sprintf("表格未填写完整，%d个指标没有一级指标名称，按各行所填分值计%s", len(orphans), jixiao.Plain(w))
		nodes = append(nodes, s.groupNode(l, &jixiao.GroupRule{Name: unplaced}, groupWeight{w, how}, orphans, st))
	}
	return nodes
}

// groupWeight is a first-level group's weight and how it was arrived at.
type groupWeight struct {
	w   decimal.Decimal
	how string
}

// groupWeights decides each group's declared weight: the case's override,
// else the rulebook default plus a share of the defaults of optional groups
// the case leaves out.
func (s *scorer) groupWeights(l *jixiao.Layout, members [][]int, overrides map[int]decimal.Decimal, origins map[int]string,
	execDelta decimal.Decimal, execName string) []groupWeight {
	out := make([]groupWeight, len(l.Groups))
	freed := execDelta
	var freedNames []string
	if !execDelta.IsZero() {
		freedNames = append(freedNames, fmt.Sprintf("%s表中所印分值与规则默认分值之差", execName))
	}
	var takers []int
	for g, rule := range l.Groups {
		_, over := overrides[g]
		switch {
		case over:
		case len(members[g]) == 0 && rule.Optional:
			freed = jixiao.Add(freed, rule.Weight)
			freedNames = append(freedNames, rule.Name)
		default:
			takers = append(takers, g)
		}
	}
	base := decimal.Zero
	for _, g := range takers {
		base = jixiao.Add(base, l.Groups[g].Weight)
	}
	shares := make(map[int]decimal.Decimal)
	if !freed.IsZero() && len(takers) > 0 {
		var parts []decimal.Decimal
		for _, g := range takers {
			if l.Redistribute == "equal" || base.IsZero() {
				parts = append(parts, decimal.NewFromInt(1))
			} else {
				parts = append(parts, l.Groups[g].Weight)
			}
		}
		for i, v := range split(freed, parts) {
			shares[takers[i]] = v
		}
	}
	for g, rule := range l.Groups {
		if o, ok := overrides[g]; ok {
			out[g] = groupWeight{o, fmt.Sprintf("分值%s（%s）", jixiao.Plain(o), origins[g])}
			continue
		}
		out[g] = groupWeight{rule.Weight, fmt.Sprintf("规则默认分值%s", jixiao.Plain(rule.Weight))}
		if sh, ok := shares[g]; ok {
			way := "按各一级指标默认分值比例"
			if l.Redistribute == "equal" {
				way = "平均"
			}
			verb, more := "调入", "增加"
			if !execDelta.IsZero() {
				verb, more = "调整", "增减"
			}
			out[g] = groupWeight{rule.Weight.Add(sh), fmt.Sprintf("规则默认分值%s，%s，其分值%s%s%s，本项%s%s，合计%s",
				jixiao.Plain(rule.Weight), freedText(freedNames, execDelta), jixiao.Plain(freed), way, verb, more, jixiao.Plain(sh), jixiao.Plain(rule.Weight.Add(sh)))}
		}
	}
	return out
}

// freedText names what frees or takes weight from the groups.
func freedText(names []string, execDelta decimal.Decimal) string {
	if execDelta.IsZero() {
		return "未设置" + strings.Join(names, "、")
	}
	if len(names) == 1 {
		return "计入" + names[0]
	}
	return "计入" + names[0] + "及未设置的" + strings.Join(names[1:], "、")
}

// split divides total in proportion to parts, to six places, giving the
// remainder to the last part so that the pieces sum exactly to total.
func split(total decimal.Decimal, parts []decimal.Decimal) []decimal.Decimal {
	sum := decimal.Zero
	for _, p := range parts {
		sum = jixiao.Add(sum, p)
	}
	out := make([]decimal.Decimal, len(parts))
	given := decimal.Zero
	for i, p := range parts {
		if i == len(parts)-1 {
			out[i] = total.Sub(given)
			break
		}
		out[i] = jixiao.DivRound(total.Mul(p), sum, 6)
		given = jixiao.Add(given, out[i])
	}
	return out
}

func groupIndex(l *jixiao.Layout, name string) int {
	for g := range l.Groups {
		if l.Groups[g].Matches(name) {
			return g
		}
	}
	return -1
}

// defaultGroup is the index of the group that takes indicators without a
// known first-level name, or -1.
func defaultGroup(l *jixiao.Layout) int {
	for g := range l.Groups {
		if l.Groups[g].Default {
			return g
		}
	}
	return -1
}

func groupNames(l *jixiao.Layout, execName string) string {
	var names []string
	if execName != "" {
		names = append(names, execName)
	}
	for _, g := range l.Groups {
		names = append(names, g.Name)
	}
	return strings.Join(names, "、")
}

// groupNode builds a first-level node: second-level groups in order of
// first appearance, indicators without a second level directly under it.
func (s *scorer) groupNode(l *jixiao.Layout, rule *jixiao.GroupRule, gw groupWeight, idx []int, st set) *jixiao.Node {
	n := s.node(jixiao.Node{Kind: jixiao.NodeGroup, Name: rule.Name, Weight: gw.w, Source: st.at("indicators")})
	if len(idx) == 0 {
		n.Explanation = fmt.Sprintf("%s；未设置%s，该项得0分", gw.how, rule.Name)
		n.Notes = append(n.Notes, "未设置"+rule.Name)
		return n
	}
	// Weights of leaves that give none: what the group's weight leaves
	// after the given ones, split equally.
	given, missing := decimal.Zero, 0
	for _, i := range idx {
		if w := st.indicators[i].Weight; w != nil {
			given = jixiao.Add(given, *w)
		} else {
			missing++
		}
	}
	var shares []decimal.Decimal
	if missing > 0 {
		rest := gw.w.Sub(given)
		if rest.IsNegative() {
			rest = decimal.Zero
		}
		ones := make([]decimal.Decimal, missing)
		for i := range ones {
			ones[i] = decimal.NewFromInt(1)
		}
		shares = split(rest, ones)
	}
	sub := map[string]*jixiao.Node{}
	k := 0
	leafSum := decimal.Zero
	for _, i := range idx {
		in := &st.indicators[i]
		var w decimal.Decimal
		how := ""
		if in.Weight != nil {
			w = *in.Weight
		} else {
			w = shares[k]
			k++
			how = fmt.Sprintf("分值未填，由%s分值%s减去已填分值%s后按%d项平均分配，得%s；", rule.Name, jixiao.Plain(gw.w), jixiao.Plain(given), missing, jixiao.Plain(w))
		}
		leafSum = jixiao.Add(leafSum, w)
		leaf := s.leaf(l, in, st.ind(i), w, st.exec)
		leaf.Explanation = how + leaf.Explanation
		parent := n
		if l2 := strings.TrimSpace(in.Level2); l2 != "" {
			if sub[l2] == nil {
				sub[l2] = s.node(jixiao.Node{Kind: jixiao.NodeSubgroup, Name: l2, Source: leaf.Source})
				n.Children = append(n.Children, sub[l2])
			}
			parent = sub[l2]
		}
		parent.Children = append(parent.Children, leaf)
	}
	for _, c := range n.Children {
		if c.Kind == jixiao.NodeSubgroup {
			s.sum(c)
			c.Weight = decimal.Zero
			for _, l := range c.Children {
				c.Weight = jixiao.Add(c.Weight, l.Weight)
			}
		}
	}
	s.sum(n)
	if missing == 0 && !leafSum.Equal(gw.w) {
		// The case gives every leaf its weight: those are the data, and the
		// group weighs what they sum to.
		n.Weight = leafSum
		n.Explanation = fmt.Sprintf("分值为所含指标分值之和%s（%s）；%s", jixiao.Plain(leafSum), gw.how, n.Explanation)
	} else {
		n.Explanation = gw.how + "；" + n.Explanation
	}
	return n
}

// sum sets n's score to the sum of its children's and explains it.
func (s *scorer) sum(n *jixiao.Node) {
	n.Score = decimal.Zero
	var b strings.Builder
	b.Grow(64 * len(n.Children))
	b.WriteString("得分为所含各项之和：")
	for i, c := range n.Children {
		n.Score = jixiao.Add(n.Score, c.Score)
		if i > 0 {
			b.WriteString(" + ")
		}
		b.WriteString(c.Name)
		b.WriteString(s.fixed(c.Score))
	}
	b.WriteString(" = ")
	b.WriteString(s.fixed(n.Score))
	n.Explanation = b.String()
}
