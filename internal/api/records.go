package api

import (
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"

	"jixiao"
)

// ProjectRequest replaces a project's fields at version.
type ProjectRequest struct {
	Version int64          `json:"version" zh:"读取时的版本" jx:"required"`
	Project jixiao.Project `json:"project" zh:"项目" jx:"required"`
}

// GoalRequest replaces a sub-goal's fields at version.
type GoalRequest struct {
	Version int64       `json:"version" zh:"读取时的版本" jx:"required"`
	Goal    jixiao.Goal `json:"goal" zh:"分项绩效目标" jx:"required"`
}

// IndicatorRequest replaces an indicator at version.
type IndicatorRequest struct {
	Version   int64            `json:"version" zh:"读取时的版本" jx:"required"`
	Indicator jixiao.Indicator `json:"indicator" zh:"指标" jx:"required"`
}

// NewIndicatorRequest adds an indicator under a goal, a project, or the
// evaluation itself.
type NewIndicatorRequest struct {
	GoalID    int64            `json:"goal_id,omitempty" zh:"所属分项目标编号"`
	ProjectID int64            `json:"project_id,omitempty" zh:"所属项目编号"`
	Indicator jixiao.Indicator `json:"indicator" zh:"指标" jx:"required"`
}

// EvidenceRequest attaches evidence to an indicator.
type EvidenceRequest struct {
	Title  string `json:"title" zh:"材料名称" jx:"required"`
	File   string `json:"file,omitempty" zh:"文件名"`
	Note   string `json:"note,omitempty" zh:"说明"`
	FileID int64  `json:"file_id,omitempty" zh:"已上传文件的编号"`
}

func (a *API) projects(w http.ResponseWriter, r *http.Request) error {
	eid, err := id(r, "id")
	if err != nil {
		return err
	}
	ps, err := a.Evaluations.Projects(r.Context(), eid)
	if err != nil {
		return err
	}
	return list(w, ps)
}

func (a *API) project(w http.ResponseWriter, r *http.Request) error {
	pid, err := id(r, "id")
	if err != nil {
		return err
	}
	p, err := a.Evaluations.Project(r.Context(), pid)
	if err != nil {
		return err
	}
	return ok(w, p)
}

func (a *API) updateProject(w http.ResponseWriter, r *http.Request) error {
	pid, err := id(r, "id")
	if err != nil {
		return err
	}
	var req ProjectRequest
	if err := decode(r, &req); err != nil {
		return err
	}
	p, err := a.Evaluations.UpdateProject(r.Context(), pid, req.Version, &req.Project)
	if err != nil {
		return err
	}
	return ok(w, p)
}

func (a *API) goals(w http.ResponseWriter, r *http.Request) error {
	eid, err := id(r, "id")
	if err != nil {
		return err
	}
	gs, err := a.Evaluations.Goals(r.Context(), eid)
	if err != nil {
		return err
	}
	return list(w, gs)
}

func (a *API) goal(w http.ResponseWriter, r *http.Request) error {
	gid, err := id(r, "id")
	if err != nil {
		return err
	}
	g, err := a.Evaluations.Goal(r.Context(), gid)
	if err != nil {
		return err
	}
	return ok(w, g)
}

func (a *API) updateGoal(w http.ResponseWriter, r *http.Request) error {
	gid, err := id(r, "id")
	if err != nil {
		return err
	}
	var req GoalRequest
	if err := decode(r, &req); err != nil {
		return err
	}
	g, err := a.Evaluations.UpdateGoal(r.Context(), gid, req.Version, &req.Goal)
	if err != nil {
		return err
	}
	return ok(w, g)
}

func (a *API) indicators(w http.ResponseWriter, r *http.Request) error {
	eid, err := id(r, "id")
	if err != nil {
		return err
	}
	is, err := a.Evaluations.Indicators(r.Context(), eid)
	if err != nil {
		return err
	}
	return list(w, is)
}

func (a *API) createIndicator(w http.ResponseWriter, r *http.Request) error {
	eid, err := id(r, "id")
	if err != nil {
		return err
	}
	var req NewIndicatorRequest
	if err := decode(r, &req); err != nil {
		return err
	}
	rec, err := a.Evaluations.CreateIndicator(r.Context(), eid, jixiao.Owner{GoalID: req.GoalID, ProjectID: req.ProjectID}, &req.Indicator)
	if err != nil {
		return err
	}
	return ok(w, rec)
}

// NewIndicatorsRequest adds several indicators under one owner, all or
// none.
type NewIndicatorsRequest struct {
	GoalID     int64              `json:"goal_id,omitempty" zh:"所属分项目标编号"`
	ProjectID  int64              `json:"project_id,omitempty" zh:"所属项目编号"`
	Indicators []jixiao.Indicator `json:"indicators" zh:"指标" jx:"required"`
}

func (a *API) createIndicators(w http.ResponseWriter, r *http.Request) error {
	eid, err := id(r, "id")
	if err != nil {
		return err
	}
	var req NewIndicatorsRequest
	if err := decode(r, &req); err != nil {
		return err
	}
	recs, err := a.Evaluations.CreateIndicators(r.Context(), eid, jixiao.Owner{GoalID: req.GoalID, ProjectID: req.ProjectID}, req.Indicators)
	if err != nil {
		return err
	}
	return list(w, recs)
}

func (a *API) indicator(w http.ResponseWriter, r *http.Request) error {
	iid, err := id(r, "id")
	if err != nil {
		return err
	}
	rec, err := a.Evaluations.Indicator(r.Context(), iid)
	if err != nil {
		return err
	}
	return ok(w, rec)
}

func (a *API) updateIndicator(w http.ResponseWriter, r *http.Request) error {
	iid, err := id(r, "id")
	if err != nil {
		return err
	}
	var req IndicatorRequest
	if err := decode(r, &req); err != nil {
		return err
	}
	rec, err := a.Evaluations.UpdateIndicator(r.Context(), iid, req.Version, &req.Indicator)
	if err != nil {
		return err
	}
	return ok(w, rec)
}

func (a *API) deleteIndicator(w http.ResponseWriter, r *http.Request) error {
	iid, err := id(r, "id")
	if err != nil {
		return err
	}
	v, err := requiredInt(r, "version")
	if err != nil {
		return err
	}
	if err := a.Evaluations.DeleteIndicator(r.Context(), iid, v); err != nil {
		return err
	}
	return done(w)
}

func (a *API) evidence(w http.ResponseWriter, r *http.Request) error {
	iid, err := id(r, "id")
	if err != nil {
		return err
	}
	es, err := a.Evaluations.Evidence(r.Context(), iid)
	if err != nil {
		return err
	}
	return list(w, es)
}

func (a *API) addEvidence(w http.ResponseWriter, r *http.Request) error {
	iid, err := id(r, "id")
	if err != nil {
		return err
	}
	var req EvidenceRequest
	if err := decode(r, &req); err != nil {
		return err
	}
	rec, err := a.Evaluations.AddEvidence(r.Context(), iid, jixiao.Evidence{Title: req.Title, File: req.File, Note: req.Note}, req.FileID)
	if err != nil {
		return err
	}
	return ok(w, rec)
}

func (a *API) upload(w http.ResponseWriter, r *http.Request) error {
	eid, err := id(r, "id")
	if err != nil {
		return err
	}
	f, hdr, err := r.FormFile("file")
	if err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			return jixiao.Errorf(jixiao.EINVALID, "上传的文件过大，请求不能超过 %s", jixiao.SizeText(tooBig.Limit))
		}
		return jixiao.Errorf(jixiao.EINVALID, "请以 multipart/form-data 上传文件（表单字段 file），请求不超过 %s", jixiao.SizeText(FileBody))
	}
	defer f.Close()
	data, err := io.ReadAll(f)
	if err != nil {
		return jixiao.Errorf(jixiao.EINVALID, "读取上传文件失败，请重试")
	}
	info, err := a.Evaluations.UploadFile(r.Context(), eid, hdr.Filename, hdr.Header.Get("Content-Type"), data)
	if err != nil {
		return err
	}
	return ok(w, info)
}

func (a *API) files(w http.ResponseWriter, r *http.Request) error {
	eid, err := id(r, "id")
	if err != nil {
		return err
	}
	fs, err := a.Evaluations.Files(r.Context(), eid)
	if err != nil {
		return err
	}
	return list(w, fs)
}

func (a *API) file(w http.ResponseWriter, r *http.Request) error {
	fid, err := id(r, "id")
	if err != nil {
		return err
	}
	f, data, err := a.Evaluations.File(r.Context(), fid)
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", f.ContentType)
	w.Header().Set("Content-Length", strconv.Itoa(len(data)))
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.Header().Set("Content-Security-Policy", "default-src 'none'; sandbox")
	w.Header().Set("ETag", fmt.Sprintf("%q", f.SHA256))
	attachment(w, f.Name)
	_, err = w.Write(data)
	return err
}
