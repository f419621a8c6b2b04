package web

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"jixiao"
	"jixiao/internal/caseio"
	"jixiao/internal/textenc"
	"jixiao/internal/xlsxio"
	"jixiao/internal/yamlcodec"
)

// maxCaseUpload bounds an uploaded case file or workbook.
const maxCaseUpload = 32 << 20

// An uploaded case is checked and shown before it is stored: what it holds,
// how it scores, and what it would change in an evaluation already stored.
// The user then confirms, and only then is it imported. Meanwhile the case
// waits in the database (EvaluationService.HoldUpload), so that any server
// takes the confirmation.

// parseUpload reads a case file or workbook by its extension, and says in
// which encoding a text file was read when not UTF-8.
func parseUpload(name string, data []byte) (*jixiao.Evaluation, textenc.Encoding, error) {
	switch strings.ToLower(filepath.Ext(name)) {
	case ".xlsx", ".xls", ".xlsm":
		ev, err := xlsxio.ReadCase(name, data)
		return ev, "", err
	case ".yaml", ".yml", ".json":
		c, err := caseio.ParseLimits(name, data, yamlcodec.RequestLimits)
		if err != nil {
			return nil, "", err
		}
		return c.Evaluation, c.Encoding, nil
	}
	return nil, "", jixiao.Errorf(jixiao.EINVALID, "文件“%s”的类型不支持：请上传案例文件（.yaml、.json）或 Excel 工作簿（.xlsx）", name)
}

// readUpload reads the file of an upload form (field "file") of at most
// max bytes; what names the kinds of file the form takes, for the message
// when none was chosen.
func readUpload(rw http.ResponseWriter, r *http.Request, max int, what string) (string, []byte, error) {
	r.Body = http.MaxBytesReader(rw, r.Body, int64(max)+1<<20)
	f, hdr, err := r.FormFile("file")
	if err != nil {
		return "", nil, jixiao.Errorf(jixiao.EINVALID, "请选择要上传的文件：%s，不超过 %s", what, jixiao.SizeText(int64(max)))
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, int64(max)+1))
	if err != nil {
		return "", nil, jixiao.Errorf(jixiao.EINVALID, "读取上传文件失败：%v", err)
	}
	if len(data) > max {
		return "", nil, jixiao.Errorf(jixiao.EINVALID, "文件“%s”过大，不能超过 %s", hdr.Filename, jixiao.SizeText(int64(max)))
	}
	return hdr.Filename, data, nil
}

// uploadCase checks an uploaded case file or workbook and shows what
// importing it would do. Nothing is stored yet.
func (w *Web) uploadCase(rw http.ResponseWriter, r *http.Request) error {
	u := ctxUser(r.Context())
	name, data, err := readUpload(rw, r, maxCaseUpload, "案例文件（.yaml、.json）或 Excel 工作簿（.xlsx）")
	if err != nil {
		return err
	}
	ev, enc, err := parseUpload(name, data)
	if err != nil {
		return w.uploadErrors(rw, name, err)
	}
	if u.OrgID == 0 {
		return jixiao.Errorf(jixiao.EINVALID, "您的账号没有所属部门，不能导入评价；请联系管理员")
	}
	org, err := w.Users.Org(r.Context(), u.OrgID)
	if err != nil {
		return err
	}
	// The case goes to the user's department, under its name.
	if ev.Org.Name != org.Name {
		ev.Org.Name = org.Name
	}
	if ev.Org.Code == "" {
		ev.Org.Code = org.Code
	}
	// A file that names no format version is of the current one, as every
	// stored case is (not a change to list in the preview).
	if ev.Format == "" {
		ev.Format = jixiao.CaseFormat
	}
	// A form without a year can be checked (jixiao check) but not stored:
	// said now, not after the preview.
	if err := ev.Storable(); err != nil {
		return w.uploadErrors(rw, name, err)
	}
	// A case that names no rulebook gets the one its structure calls for
	// (the service chooses and says why in ev.Provenance.Chosen); only
	// when its structure says nothing, the department's usual one.
	as, err := w.Evaluations.AssessCase(r.Context(), ev)
	if err != nil {
		return err
	}
	if ev.Rulebook == "" {
		if ev.Rulebook, err = w.defaultRulebook(r, ev.Subject); err != nil {
			return err
		}
		if as, err = w.Evaluations.AssessCase(r.Context(), ev); err != nil {
			return err
		}
	}
	w.plainAssessment(as)
	p := &jixiao.PendingUpload{Name: name, Evaluation: ev}
	data2 := map[string]any{"Name": name, "Ev": ev, "As": as, "Org": org, "Counts": counts(ev), "Encoding": string(enc)}
	// An evaluation of the same year and subject already stored: what
	// would change.
	existing, _, err := w.Evaluations.ListEvaluations(r.Context(), jixiao.EvaluationFilter{OrgIDs: []int64{u.OrgID}, Year: ev.Year, Subject: ev.Subject, Limit: 500})
	if err != nil {
		return err
	}
	for _, info := range existing {
		if info.SubjectKey != subjectKey(ev) {
			continue
		}
		old, _, err := w.Evaluations.Evaluation(r.Context(), info.ID)
		if err != nil {
			return err
		}
		a, _ := json.Marshal(old)
		b, _ := json.Marshal(ev)
		data2["Existing"] = info
		data2["Changes"] = diff(string(a), string(b), "evaluation")
		data2["Locked"] = info.Locked()
		p.Replace = info.ID
	}
	if data2["Token"], err = w.Evaluations.HoldUpload(r.Context(), p); err != nil {
		return err
	}
	w.fragment(rw, http.StatusOK, "upload-preview", data2)
	return nil
}

// subjectKey tells evaluations of one department and year apart, as the
// store does: a project evaluation by its project.
func subjectKey(ev *jixiao.Evaluation) string {
	if ev.Subject == jixiao.SubjectProject && len(ev.Projects) == 1 {
		return ev.Projects[0].Name
	}
	return ""
}

// counts describes what a case holds.
func counts(ev *jixiao.Evaluation) string {
	inds := len(ev.Indicators)
	for _, g := range ev.Goals {
		inds += len(g.Indicators)
	}
	for _, p := range ev.Projects {
		inds += len(p.Indicators)
	}
	parts := []string{}
	if len(ev.Goals) > 0 {
		parts = append(parts, fmt.Sprintf("分项绩效目标 %d 个", len(ev.Goals)))
	}
	if len(ev.Projects) > 0 {
		parts = append(parts, fmt.Sprintf("项目 %d 个", len(ev.Projects)))
	}
	parts = append(parts, fmt.Sprintf("绩效指标 %d 个", inds))
	if ev.Budget != nil {
		parts = append(parts, "含部门收支预决算")
	}
	return strings.Join(parts, "，")
}

// confirmUpload imports a checked upload, as a background job: the
// browser is sent to the job's page, which shows its progress, then goes
// on to the evaluation stored (or says, in Chinese, why it could not be).
func (w *Web) confirmUpload(rw http.ResponseWriter, r *http.Request) error {
	js, err := w.jobs()
	if err != nil {
		return err
	}
	p, err := w.Evaluations.TakeUpload(r.Context(), r.PathValue("token"))
	if err != nil {
		return err
	}
	j, err := js.StartUploadImport(r.Context(), p)
	if err != nil {
		return err
	}
	return redirect(rw, r, "/jobs/"+durable(j).ID)
}

// template downloads a blank standard table.
func (w *Web) template(rw http.ResponseWriter, r *http.Request) error {
	var s jixiao.Subject
	if err := s.UnmarshalText([]byte(strings.TrimSuffix(r.PathValue("subject"), ".xlsx"))); err != nil {
		return jixiao.Errorf(jixiao.ENOTFOUND, "没有这种模板：%s", r.PathValue("subject"))
	}
	year, _ := strconv.Atoi(r.URL.Query().Get("year"))
	if year < 1990 || year > 2100 {
		year = time.Now().Year() - 1
	}
	// The qualitative tiers of the first built-in rulebook that has them
	// (the national rules come first).
	var tiers []string
	for _, rb := range w.Rulebooks {
		for _, t := range rb.Tiers {
			tiers = append(tiers, t.Name)
		}
		if len(tiers) > 0 {
			break
		}
	}
	var buf bytes.Buffer
	if err := xlsxio.WriteTemplate(&buf, xlsxio.TemplateOptions{Subject: s, Year: year, Tiers: tiers}); err != nil {
		return err
	}
	rw.Header().Set("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
	rw.Header().Set("Content-Disposition", fmt.Sprintf(`attachment; filename="template.xlsx"; filename*=UTF-8''%s`, urlEscape(xlsxio.TemplateName(s, year))))
	rw.Write(buf.Bytes())
	return nil
}
