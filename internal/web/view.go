package web

import (
	"context"
	"fmt"
	"reflect"
	"sort"
	"strings"

	"jixiao"
	"jixiao/internal/yamlcodec"
)

// evalView is an evaluation as its pages show it: the case, its scorecard
// and findings, the stored records behind each part of the case, and what
// the user may do.
type evalView struct {
	*jixiao.Assessment
	Comments []*jixiao.Comment
	// Reopened is the reopening of an accepted evaluation, when that is the
	// latest step of its workflow: its department is shown who and why.
	Reopened *jixiao.Transition
	// Editable is whether the user may change it now (role and status).
	Editable   bool
	Goals      []*goalView
	Projects   []*projectView
	Indicators []*indicatorView // department-level indicators
	byPath     map[string]*indicatorView
	nodes      map[string]*jixiao.Node
	paste      *pasteState // pasted rows refused, shown again beside their form
}

type goalView struct {
	Rec        *jixiao.GoalRecord
	Path       string
	Node       *jixiao.Node
	Indicators []*indicatorView
}

type projectView struct {
	Rec        *jixiao.ProjectRecord
	Path       string
	Node       *jixiao.Node // the project's scorecard (project evaluations) or nil
	Indicators []*indicatorView
}

// indicatorView is one stored indicator with its place in the case and
// its scorecard node.
type indicatorView struct {
	Rec  *jixiao.IndicatorRecord
	Path string // "goals[0].indicators[2]"
	Node *jixiao.Node
	Ev   *evalView
}

// loadEval loads everything an evaluation's pages need.
func (w *Web) loadEval(ctx context.Context, id int64) (*evalView, error) {
	as, err := w.Evaluations.Assess(ctx, id)
	if err != nil {
		return nil, err
	}
	v := &evalView{Assessment: as, byPath: map[string]*indicatorView{}, nodes: map[string]*jixiao.Node{}}
	w.plainAssessment(as)
	st := as.Info.Status
	v.Editable = as.Can.Write && (st == jixiao.StatusDraft || st == jixiao.StatusReturned)
	if v.Comments, err = w.Evaluations.Comments(ctx, id); err != nil {
		return nil, err
	}
	if st == jixiao.StatusReturned {
		if v.Reopened, err = w.reopened(ctx, id); err != nil {
			return nil, err
		}
	}
	if as.Scorecard != nil {
		as.Scorecard.Walk(func(n *jixiao.Node, _ int) {
			if n.Source != "" {
				v.nodes[n.Source] = n
			}
		})
		for i, p := range as.Scorecard.Projects {
			p.Walk(func(n *jixiao.Node, _ int) {
				if n.Source != "" {
					v.nodes[n.Source] = n
				}
			})
			_ = i
		}
	}
	goals, err := w.Evaluations.Goals(ctx, id)
	if err != nil {
		return nil, err
	}
	sort.Slice(goals, func(i, j int) bool { return goals[i].Seq < goals[j].Seq })
	gByID := map[int64]*goalView{}
	for i, g := range goals {
		gv := &goalView{Rec: g, Path: fmt.Sprintf("goals[%d]", i)}
		gv.Node = v.nodes[gv.Path]
		v.Goals = append(v.Goals, gv)
		gByID[g.ID] = gv
	}
	projects, err := w.Evaluations.Projects(ctx, id)
	if err != nil {
		return nil, err
	}
	sort.Slice(projects, func(i, j int) bool { return projects[i].Seq < projects[j].Seq })
	pByID := map[int64]*projectView{}
	for i, p := range projects {
		pv := &projectView{Rec: p, Path: fmt.Sprintf("projects[%d]", i)}
		pv.Node = v.nodes[pv.Path]
		v.Projects = append(v.Projects, pv)
		pByID[p.ID] = pv
	}
	inds, err := w.Evaluations.Indicators(ctx, id)
	if err != nil {
		return nil, err
	}
	sort.SliceStable(inds, func(i, j int) bool { return inds[i].Seq < inds[j].Seq })
	for _, r := range inds {
		iv := &indicatorView{Rec: r, Ev: v}
		switch {
		case r.Owner.GoalID != 0 && gByID[r.Owner.GoalID] != nil:
			g := gByID[r.Owner.GoalID]
			iv.Path = fmt.Sprintf("%s.indicators[%d]", g.Path, len(g.Indicators))
			g.Indicators = append(g.Indicators, iv)
		case r.Owner.ProjectID != 0 && pByID[r.Owner.ProjectID] != nil:
			p := pByID[r.Owner.ProjectID]
			iv.Path = fmt.Sprintf("%s.indicators[%d]", p.Path, len(p.Indicators))
			p.Indicators = append(p.Indicators, iv)
		default:
			iv.Path = fmt.Sprintf("indicators[%d]", len(v.Indicators))
			v.Indicators = append(v.Indicators, iv)
		}
		iv.Node = v.nodes[iv.Path]
		v.byPath[iv.Path] = iv
	}
	return v, nil
}

// ID is the evaluation's id.
func (v *evalView) ID() int64 { return v.Info.ID }

// Name is what the evaluation evaluates: the department, or the project.
func (v *evalView) Name() string { return v.Evaluation.Name() }

// Locked explains why the evaluation cannot be changed now, or "".
func (v *evalView) Locked() string {
	switch v.Info.Status {
	case jixiao.StatusSubmitted:
		return "已提交财政复核，等待复核结果；复核期间不能修改。"
	case jixiao.StatusAccepted:
		return "已通过复核，已锁定，不能再修改。"
	}
	if !v.Can.Write {
		return "您的角色只能查看，不能修改。"
	}
	return ""
}

// FindingsAt returns the findings about path or anything under it.
func (v *evalView) FindingsAt(path string) []jixiao.Finding {
	var out []jixiao.Finding
	for _, f := range v.Findings {
		if f.Path == path || strings.HasPrefix(f.Path, path+".") || strings.HasPrefix(f.Path, path+"[") {
			out = append(out, f)
		}
	}
	return out
}

// CommentsAt returns the reviewers' comments on path or anything under it.
func (v *evalView) CommentsAt(path string) []*jixiao.Comment {
	var out []*jixiao.Comment
	for _, c := range v.Comments {
		if c.Item == path || strings.HasPrefix(c.Item, path+".") || strings.HasPrefix(c.Item, path+"[") {
			out = append(out, c)
		}
	}
	return out
}

// notes are the findings and comments about exactly path, for a form
// field.
func (v *evalView) notes(path string) []note {
	var out []note
	for _, f := range v.Findings {
		if f.Path == path && f.Severity != jixiao.SeverityInfo {
			out = append(out, note{Kind: string(f.Severity), Code: f.Code, Text: f.Message})
		}
	}
	for _, c := range v.Comments {
		if c.Item == path {
			out = append(out, note{Kind: "comment", Text: c.Text})
		}
	}
	return out
}

// annotate puts findings and comments next to the fields they name; prefix
// is the fields' path within the case.
func (v *evalView) annotate(fields []*field, prefix string) {
	for _, f := range fields {
		f.Notes = v.notes(join(prefix, f.Path))
		v.annotate(f.Fields, prefix)
		for _, r := range f.Rows {
			v.annotate(r.Cells, prefix)
		}
	}
}

// OpenErrors and OpenWarnings count the findings a preparer should look
// at.
func (v *evalView) OpenErrors() int   { return v.count(jixiao.SeverityError) }
func (v *evalView) OpenWarnings() int { return v.count(jixiao.SeverityWarning) }

func (v *evalView) count(s jixiao.Severity) int {
	n := 0
	for _, f := range v.Findings {
		if f.Severity == s {
			n++
		}
	}
	return n
}

// Link returns the page (with anchor) where the part of the case at path
// is edited.
func (v *evalView) Link(path string) string {
	base := fmt.Sprintf("/evaluations/%d", v.ID())
	head, _, _ := strings.Cut(path, ".")
	name, _, _ := strings.Cut(head, "[")
	anchor := "#" + fieldID(path)
	switch name {
	case "org":
		return base + "/section/profile" + anchor
	case "budget":
		return base + "/section/budget" + anchor
	case "work_group", "process":
		return base + "/section/process" + anchor
	case "title", "basis", "date", "overall_goal", "overall_result", "conclusion", "problems", "measures", "stated":
		return base + "/section/texts" + anchor
	case "goals", "indicators":
		if iv := v.indicatorAt(path); iv != nil {
			return fmt.Sprintf("%s/goals#ind-%d", base, iv.Rec.ID)
		}
		for _, g := range v.Goals {
			rest, in := strings.CutPrefix(path, g.Path)
			if !in || (rest != "" && rest[0] != '.') {
				continue
			}
			if onForm(rest, "indicators", "rubric") {
				return base + "/goals" + anchor
			}
			return fmt.Sprintf("%s/goals#goal-%d", base, g.Rec.ID)
		}
		return base + "/goals"
	case "projects":
		var i int
		if _, err := fmt.Sscanf(head, "projects[%d]", &i); err == nil && i < len(v.Projects) {
			p := fmt.Sprintf("/projects/%d", v.Projects[i].Rec.ID)
			if iv := v.indicatorAt(path); iv != nil {
				return fmt.Sprintf("%s#ind-%d", p, iv.Rec.ID)
			}
			if onForm(strings.TrimPrefix(path, head), "indicators", "execution_rubric") {
				return p + "#" + fieldID(path)
			}
			return p
		}
		return base + "/projects"
	}
	return base
}

// onForm reports whether the rest of a record's path (".name") is a field
// on the record's form: not the record itself, nor a part kept elsewhere.
func onForm(rest string, elsewhere ...string) bool {
	rest = strings.TrimPrefix(rest, ".")
	if rest == "" {
		return false
	}
	for _, e := range elsewhere {
		if rest == e || strings.HasPrefix(rest, e+".") || strings.HasPrefix(rest, e+"[") {
			return false
		}
	}
	return true
}

// indicatorAt returns the indicator at path or containing it.
func (v *evalView) indicatorAt(path string) *indicatorView {
	for p := path; p != ""; p = parent(p) {
		if iv, ok := v.byPath[p]; ok {
			return iv
		}
	}
	return nil
}

// ItemTitle names the part of the case at path for people.
func (v *evalView) ItemTitle(path string) string {
	if path == "" {
		return "整体"
	}
	if iv := v.indicatorAt(path); iv != nil {
		return "指标“" + iv.Rec.Indicator.Name + "”"
	}
	for _, g := range v.Goals {
		if path == g.Path || strings.HasPrefix(path, g.Path+".") {
			return "分项目标“" + g.Rec.Goal.Name + "”"
		}
	}
	for _, p := range v.Projects {
		if path == p.Path || strings.HasPrefix(path, p.Path+".") {
			return "项目“" + p.Rec.Project.Name + "”"
		}
	}
	// Other parts by the case format's own names for them.
	head, _, _ := strings.Cut(path, ".")
	head, _, _ = strings.Cut(head, "[")
	if t := yamlcodec.FieldTitle(reflect.TypeFor[jixiao.Evaluation](), head); t != "" {
		return t
	}
	return "其他内容"
}

// CommentItems are the parts of the case a reviewer may comment on.
func (v *evalView) CommentItems() [][2]string {
	out := [][2]string{{"", "整体"}, {"org", "单位基本情况"}, {"budget", "部门收支预决算"}}
	for _, g := range v.Goals {
		out = append(out, [2]string{g.Path, "分项目标：" + g.Rec.Goal.Name})
		for _, iv := range g.Indicators {
			out = append(out, [2]string{iv.Path, "　指标：" + iv.Rec.Indicator.Name})
		}
	}
	for _, p := range v.Projects {
		out = append(out, [2]string{p.Path, "项目：" + p.Rec.Project.Name})
		for _, iv := range p.Indicators {
			out = append(out, [2]string{iv.Path, "　指标：" + iv.Rec.Indicator.Name})
		}
	}
	for _, iv := range v.Indicators {
		out = append(out, [2]string{iv.Path, "指标：" + iv.Rec.Indicator.Name})
	}
	return append(out, [2]string{"problems", "存在的问题"}, [2]string{"measures", "改进措施"}, [2]string{"process", "自评工作开展情况"})
}

// AllIndicators lists every indicator of the evaluation.
func (v *evalView) AllIndicators() []*indicatorView {
	out := make([]*indicatorView, 0, len(v.byPath))
	for _, g := range v.Goals {
		out = append(out, g.Indicators...)
	}
	for _, p := range v.Projects {
		out = append(out, p.Indicators...)
	}
	return append(out, v.Indicators...)
}

// Rows are indicators as rows of the live scorecard.
func (v *evalView) Rows(ivs []*indicatorView) []*rowData {
	out := make([]*rowData, 0, len(ivs))
	for _, iv := range ivs {
		out = append(out, newRow(v, iv))
	}
	return out
}

// ProjectTotal is a project's score as displayed: the whole scorecard for
// a project evaluation, the project's own scorecard in a department's.
func (v *evalView) ProjectTotal(p *projectView) string {
	if v.Scorecard == nil {
		return "—"
	}
	if v.Info.Subject == jixiao.SubjectProject {
		return totalText(v.Scorecard)
	}
	for _, sc := range v.Scorecard.Projects {
		if sc.Name == p.Rec.Project.Name {
			return totalText(sc) + " / " + jixiao.Plain(sc.Weight)
		}
	}
	return "—"
}
