package app

import (
	"context"
	"slices"
	"strings"

	"jixiao"
	"jixiao/internal/check"
	"jixiao/internal/rulebook"
)

var _ jixiao.DeclarationService = (*App)(nil)

// declCheckRulebook is the rulebook whose project layout the declaration
// checks follow (as `jixiao declare check` by default).
const declCheckRulebook = "mof-2020"

// ListDeclarations returns the declarations the user may see that f
// selects.
func (a *App) ListDeclarations(ctx context.Context, f jixiao.DeclarationFilter) ([]*jixiao.DeclarationInfo, int, error) {
	u, err := actor(ctx)
	if err != nil {
		return nil, 0, err
	}
	all, ids, err := a.scope(ctx, u)
	if err != nil {
		return nil, 0, err
	}
	if !all {
		if f.OrgIDs == nil {
			f.OrgIDs = ids
		} else {
			f.OrgIDs = slices.DeleteFunc(slices.Clone(f.OrgIDs), func(id int64) bool { return !slices.Contains(ids, id) })
		}
	}
	return a.db.ListDeclarations(ctx, f)
}

// Declaration returns a declaration with all its versions.
// A project's declaration carries the money the bureau's results
// application reallocated to it, where from.
func (a *App) Declaration(ctx context.Context, id int64) (*jixiao.DeclarationRecord, error) {
	_, rec, err := a.declaration(ctx, id, actRead)
	if err != nil {
		return nil, err
	}
	if rec.Declaration.Kind.IsProject() {
		if rec.ReallocatedIn, err = a.db.ReallocationsInto(ctx, id); err != nil {
			return nil, err
		}
	}
	return rec, nil
}

// declOrg checks that the user may prepare declarations of orgID (0: the
// user's own), a department, and returns it.
func (a *App) declOrg(ctx context.Context, orgID int64) (*jixiao.User, *jixiao.OrgRecord, error) {
	u, err := actor(ctx)
	if err != nil {
		return nil, nil, err
	}
	if orgID == 0 {
		orgID = u.OrgID
	}
	if orgID == 0 {
		return nil, nil, jixiao.Errorf(jixiao.EINVALID, "请指定申报所属的单位")
	}
	if err := a.allow(ctx, u, actDeclare, orgID); err != nil {
		return nil, nil, err
	}
	o, err := a.db.Org(ctx, orgID)
	if err != nil {
		return nil, nil, hide(err)
	}
	if o.Kind != jixiao.OrgDepartment {
		return nil, nil, jixiao.Errorf(jixiao.EINVALID, "绩效目标申报只能属于部门，“%s”不是部门", o.Name)
	}
	return u, o, nil
}

// CreateDeclaration stores a new declaration: its one version becomes a
// draft original version (numbered 1) whatever was given.
func (a *App) CreateDeclaration(ctx context.Context, orgID int64, d *jixiao.Declaration) (*jixiao.DeclarationRecord, error) {
	u, o, err := a.declOrg(ctx, orgID)
	if err != nil {
		return nil, err
	}
	nd := *d
	nd.Format = jixiao.DeclarationFormat
	if strings.TrimSpace(nd.Unit) == "" {
		nd.Unit = o.Name
	}
	switch len(nd.Versions) {
	case 0:
		nd.Versions = []jixiao.DeclVersion{{}}
	case 1:
		nd.Versions = slices.Clone(nd.Versions)
	default:
		return nil, jixiao.Errorf(jixiao.EINVALID, "新建的申报只能有一个版本（原始申报），实际有%d个", len(nd.Versions))
	}
	v := &nd.Versions[0]
	v.Number, v.Kind, v.State, v.Reviews, v.Changes = 1, jixiao.VersionOriginal, jixiao.DeclDraft, nil, nil
	if err := nd.Validate(); err != nil {
		return nil, err
	}
	return a.db.CreateDeclaration(ctx, u, o.ID, &nd)
}

// CarryForwardDeclaration (沿用上年) creates year's declaration of orgID
// from the approved one of year-1 for the same kind and project, with the
// actual values of year-1's stored self-evaluation beside the targets.
func (a *App) CarryForwardDeclaration(ctx context.Context, orgID int64, year int, kind jixiao.DeclKind, project string) (*jixiao.DeclarationRecord, error) {
	u, o, err := a.declOrg(ctx, orgID)
	if err != nil {
		return nil, err
	}
	last, err := a.db.FindDeclaration(ctx, o.ID, year-1, kind, project)
	if err != nil {
		return nil, err
	}
	actuals, err := a.lastActuals(ctx, o.ID, &last.Declaration)
	if err != nil {
		return nil, err
	}
	next, err := jixiao.CarryForward(&last.Declaration, actuals)
	if err != nil {
		return nil, err
	}
	return a.db.CreateDeclaration(ctx, u, o.ID, next)
}

// lastActuals returns the stored self-evaluation of d's organisation,
// year and subject, or nil when there is none.
func (a *App) lastActuals(ctx context.Context, orgID int64, d *jixiao.Declaration) (*jixiao.Evaluation, error) {
	subject := jixiao.SubjectDepartment
	if d.Kind.IsProject() {
		subject = jixiao.SubjectProject
	}
	infos, _, err := a.db.ListEvaluations(ctx, jixiao.EvaluationFilter{OrgIDs: []int64{orgID}, Year: d.Year, Subject: subject, Limit: 200})
	if err != nil {
		return nil, err
	}
	for _, i := range infos {
		if !d.Kind.IsProject() || i.SubjectKey == d.Project {
			ev, _, err := a.db.LoadEvaluation(ctx, i.ID)
			return ev, err
		}
	}
	return nil, nil
}

// change applies fn to declaration id at version for act and saves it as
// action.
func (a *App) changeDecl(ctx context.Context, id, version int64, act action, action string, fn func(d *jixiao.Declaration) error) (*jixiao.DeclarationRecord, error) {
	u, rec, err := a.declaration(ctx, id, act)
	if err != nil {
		return nil, err
	}
	if rec.Version != version {
		return nil, jixiao.Errorf(jixiao.ECONFLICT, "该绩效目标申报已被他人修改，请刷新后重试（版本不一致）")
	}
	if err := fn(&rec.Declaration); err != nil {
		return nil, err
	}
	if err := a.db.SaveDeclaration(ctx, u, action, rec); err != nil {
		return nil, err
	}
	return a.db.Declaration(ctx, id)
}

// UpdateDeclaration replaces the content of the latest version, keeping
// its number, kind, state and reviews.
func (a *App) UpdateDeclaration(ctx context.Context, id, version int64, v *jixiao.DeclVersion) (*jixiao.DeclarationRecord, error) {
	return a.changeDecl(ctx, id, version, actDeclare, "update", func(d *jixiao.Declaration) error {
		err := d.Edit(func(cur *jixiao.DeclVersion) {
			nv := *v
			nv.Number, nv.Kind, nv.State, nv.Reviews = cur.Number, cur.Kind, cur.State, cur.Reviews
			*cur = nv
		})
		if err != nil {
			return err
		}
		return d.Validate()
	})
}

// SubmitDeclaration submits the latest version for review.
func (a *App) SubmitDeclaration(ctx context.Context, id, version int64) (*jixiao.DeclarationRecord, error) {
	return a.changeDecl(ctx, id, version, actDeclare, "submit", func(d *jixiao.Declaration) error { return d.Submit() })
}

// ReturnDeclaration returns the submitted version with opinions.
func (a *App) ReturnDeclaration(ctx context.Context, id, version int64, opinions []jixiao.Opinion) (*jixiao.DeclarationRecord, error) {
	return a.changeDecl(ctx, id, version, actDeclReview, "return", func(d *jixiao.Declaration) error { return d.Return(opinions) })
}

// ApproveDeclaration approves the submitted version with the reviewer's
// points under a built-in review rubric.
func (a *App) ApproveDeclaration(ctx context.Context, id, version int64, rubric string, items []jixiao.ItemScore, opinions []jixiao.Opinion) (*jixiao.DeclarationRecord, error) {
	if rubric == "" {
		rubric = rulebook.DefaultRubric
	}
	r, err := rulebook.LoadRubric(rubric)
	if err != nil {
		return nil, err
	}
	return a.changeDecl(ctx, id, version, actDeclReview, "approve", func(d *jixiao.Declaration) error { return d.Approve(r, items, opinions) })
}

// ReviseDeclaration starts an adjustment or addition version.
func (a *App) ReviseDeclaration(ctx context.Context, id, version int64, kind jixiao.VersionKind) (*jixiao.DeclarationRecord, error) {
	return a.changeDecl(ctx, id, version, actDeclare, "revise", func(d *jixiao.Declaration) error {
		_, err := d.Revise(kind)
		return err
	})
}

// DeclarationDiff compares versions x and y of declaration id.
func (a *App) DeclarationDiff(ctx context.Context, id int64, x, y int) ([]jixiao.DeclChange, error) {
	_, rec, err := a.declaration(ctx, id, actRead)
	if err != nil {
		return nil, err
	}
	d := &rec.Declaration
	vx, ok1 := d.Version(x)
	vy, ok2 := d.Version(y)
	if !ok1 || !ok2 {
		return nil, jixiao.Errorf(jixiao.ENOTFOUND, "%s没有第%d版或第%d版（共%d版）", d.Title(), x, y, len(d.Versions))
	}
	return jixiao.Diff(vx, vy), nil
}

// DeclarationFindings checks version n (0: the latest).
func (a *App) DeclarationFindings(ctx context.Context, id int64, n int) ([]jixiao.Finding, error) {
	_, rec, err := a.declaration(ctx, id, actRead)
	if err != nil {
		return nil, err
	}
	if n != 0 {
		if _, ok := rec.Declaration.Version(n); !ok {
			return nil, jixiao.Errorf(jixiao.ENOTFOUND, "%s没有第%d版", rec.Declaration.Title(), n)
		}
	}
	rb, err := a.Rulebook(declCheckRulebook)
	if err != nil {
		return nil, err
	}
	return check.Declaration(check.DeclarationInput{Declaration: &rec.Declaration, Version: n, Rulebook: rb}), nil
}

// EvaluationFromBaseline creates the year's self-evaluation of the
// declaration's department from its latest approved version. The user
// must be able both to read the declaration and to write the
// department's evaluations.
func (a *App) EvaluationFromBaseline(ctx context.Context, id int64) (*jixiao.EvaluationInfo, error) {
	u, rec, err := a.declaration(ctx, id, actRead)
	if err != nil {
		return nil, err
	}
	if err := a.allow(ctx, u, actWrite, rec.OrgID); err != nil {
		return nil, err
	}
	ev, err := jixiao.Baseline(&rec.Declaration)
	if err != nil {
		return nil, err
	}
	if err := a.pinRulebook(ctx, ev); err != nil {
		return nil, err
	}
	return a.db.ImportEvaluation(ctx, u, rec.OrgID, ev, false)
}

// baselineFindings are check D05's findings for an evaluation of orgID
// that carries a baseline: compared with the stored declaration it names
// (none when the declaration is not stored).
func (a *App) baselineFindings(ctx context.Context, orgID int64, ev *jixiao.Evaluation) ([]jixiao.Finding, error) {
	b := ev.Baseline
	if b == nil {
		return nil, nil
	}
	kinds := []jixiao.DeclKind{jixiao.DeclDepartment}
	if b.Project != "" {
		kinds = []jixiao.DeclKind{jixiao.DeclProject, jixiao.DeclSpecialFund}
	}
	for _, k := range kinds {
		rec, err := a.db.FindDeclaration(ctx, orgID, b.Year, k, b.Project)
		if jixiao.ErrorCode(err) == jixiao.ENOTFOUND {
			continue
		}
		if err != nil {
			return nil, err
		}
		return check.AgainstBaseline(ev, &rec.Declaration), nil
	}
	return nil, nil
}
