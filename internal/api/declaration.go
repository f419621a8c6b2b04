package api

import (
	"net/http"

	"jixiao"
)

// Performance-goal declarations (绩效目标申报): a department prepares its
// own, the finance bureau's reviewer returns or approves them (see
// docs/declaration.md).

var declFilterParams = append([]Param{
	{"org", "integer", "单位编号"}, {"year", "integer", "预算年度"}, {"kind", "string", "申报类型：部门整体、项目 或 专项资金"},
	{"state", "string", "最新版本的状态：草稿、已提交、已退回 或 已批复"}}, pageParams...)

func (a *API) declarations(w http.ResponseWriter, r *http.Request) error {
	offset, limit, pg, per, err := page(r)
	if err != nil {
		return err
	}
	q := r.URL.Query()
	f := jixiao.DeclarationFilter{Offset: offset, Limit: limit, Kind: jixiao.DeclKind(q.Get("kind")), State: jixiao.DeclState(q.Get("state"))}
	if f.Year, err = intQuery(r, "year", 0); err != nil {
		return err
	}
	org, err := intQuery(r, "org", 0)
	if err != nil {
		return err
	}
	if org != 0 {
		f.OrgIDs = []int64{int64(org)}
	}
	items, total, err := a.Declarations.ListDeclarations(r.Context(), f)
	if err != nil {
		return err
	}
	return pageOf(w, items, total, pg, per)
}

func (a *API) createDeclaration(w http.ResponseWriter, r *http.Request) error {
	org, err := intQuery(r, "org", 0)
	if err != nil {
		return err
	}
	var d jixiao.Declaration
	if err := decode(r, &d); err != nil {
		return err
	}
	rec, err := a.Declarations.CreateDeclaration(r.Context(), int64(org), &d)
	if err != nil {
		return err
	}
	return ok(w, rec)
}

// CarryForwardRequest asks for a year's declaration made from the
// approved one of the year before (沿用上年).
type CarryForwardRequest struct {
	Org     int64           `json:"org,omitempty" zh:"单位编号" doc:"默认为本人所在部门"`
	Year    int             `json:"year" zh:"新申报的预算年度" jx:"required"`
	Kind    jixiao.DeclKind `json:"kind" zh:"申报类型" jx:"required"`
	Project string          `json:"project,omitempty" zh:"项目名称"`
}

func (a *API) carryForward(w http.ResponseWriter, r *http.Request) error {
	var req CarryForwardRequest
	if err := decode(r, &req); err != nil {
		return err
	}
	rec, err := a.Declarations.CarryForwardDeclaration(r.Context(), req.Org, req.Year, req.Kind, req.Project)
	if err != nil {
		return err
	}
	return ok(w, rec)
}

func (a *API) declaration(w http.ResponseWriter, r *http.Request) error {
	did, err := id(r, "id")
	if err != nil {
		return err
	}
	rec, err := a.Declarations.Declaration(r.Context(), did)
	if err != nil {
		return err
	}
	return ok(w, rec)
}

func (a *API) declarationPermissions(w http.ResponseWriter, r *http.Request) error {
	did, err := id(r, "id")
	if err != nil {
		return err
	}
	p, err := a.Declarations.DeclarationCan(r.Context(), did)
	if err != nil {
		return err
	}
	return ok(w, p)
}

// DeclarationUpdate replaces the content of a declaration's latest
// version (a draft or a returned one).
type DeclarationUpdate struct {
	Version int64              `json:"version" zh:"读取时的版本" jx:"required"`
	Content jixiao.DeclVersion `json:"content" zh:"最新版本的内容" jx:"required" doc:"目标、指标、资金和调整理由；版本号、类型、状态和审核记录不变"`
}

func (a *API) updateDeclaration(w http.ResponseWriter, r *http.Request) error {
	did, err := id(r, "id")
	if err != nil {
		return err
	}
	var req DeclarationUpdate
	if err := decode(r, &req); err != nil {
		return err
	}
	rec, err := a.Declarations.UpdateDeclaration(r.Context(), did, req.Version, &req.Content)
	if err != nil {
		return err
	}
	return ok(w, rec)
}

// DeclarationAction is a step of a declaration's review: submit, return
// (with opinions), approve (with the rubric's scores) or revise (with the
// new version's kind).
type DeclarationAction struct {
	Version  int64              `json:"version" zh:"读取时的版本" jx:"required"`
	Opinions []jixiao.Opinion   `json:"opinions,omitempty" zh:"审核意见" doc:"退回时至少一条；可指向某一指标"`
	Rubric   string             `json:"rubric,omitempty" zh:"审核规则" doc:"批复时使用的内置审核规则，默认 mof-2015-review"`
	Items    []jixiao.ItemScore `json:"items,omitempty" zh:"逐项评分" doc:"批复时审核规则每个审核要点的得分"`
	Kind     jixiao.VersionKind `json:"kind,omitempty" zh:"新版本类型" doc:"申请调整时：目标调整 或 年中追加"`
}

func (a *API) declarationAction(act string) func(w http.ResponseWriter, r *http.Request) error {
	return func(w http.ResponseWriter, r *http.Request) error {
		did, err := id(r, "id")
		if err != nil {
			return err
		}
		var req DeclarationAction
		if err := decode(r, &req); err != nil {
			return err
		}
		ctx, s := r.Context(), a.Declarations
		var rec *jixiao.DeclarationRecord
		switch act {
		case "submit":
			rec, err = s.SubmitDeclaration(ctx, did, req.Version)
		case "return":
			rec, err = s.ReturnDeclaration(ctx, did, req.Version, req.Opinions)
		case "approve":
			rec, err = s.ApproveDeclaration(ctx, did, req.Version, req.Rubric, req.Items, req.Opinions)
		default:
			rec, err = s.ReviseDeclaration(ctx, did, req.Version, req.Kind)
		}
		if err != nil {
			return err
		}
		return ok(w, rec)
	}
}

// DeclarationDiff is the field-level difference of two versions.
type DeclarationDiff struct {
	From    int                 `json:"from"`
	To      int                 `json:"to"`
	Changes []jixiao.DeclChange `json:"changes"`
}

func (a *API) declarationDiff(w http.ResponseWriter, r *http.Request) error {
	did, err := id(r, "id")
	if err != nil {
		return err
	}
	from, err := intQuery(r, "from", 1)
	if err != nil {
		return err
	}
	to, err := intQuery(r, "to", 2)
	if err != nil {
		return err
	}
	cs, err := a.Declarations.DeclarationDiff(r.Context(), did, from, to)
	if err != nil {
		return err
	}
	if cs == nil {
		cs = []jixiao.DeclChange{}
	}
	return ok(w, DeclarationDiff{From: from, To: to, Changes: cs})
}

// DeclarationFindings are the checks of one version of a declaration.
type DeclarationFindings struct {
	Findings []jixiao.Finding `json:"findings"`
}

func (a *API) declarationFindings(w http.ResponseWriter, r *http.Request) error {
	did, err := id(r, "id")
	if err != nil {
		return err
	}
	n, err := intQuery(r, "version", 0)
	if err != nil {
		return err
	}
	fs, err := a.Declarations.DeclarationFindings(r.Context(), did, n)
	if err != nil {
		return err
	}
	if fs == nil {
		fs = []jixiao.Finding{}
	}
	return ok(w, DeclarationFindings{Findings: fs})
}

func (a *API) declarationBaseline(w http.ResponseWriter, r *http.Request) error {
	did, err := id(r, "id")
	if err != nil {
		return err
	}
	info, err := a.Declarations.EvaluationFromBaseline(r.Context(), did)
	if err != nil {
		return err
	}
	return ok(w, info)
}
