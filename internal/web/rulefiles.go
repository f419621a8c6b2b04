package web

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"jixiao"
)

// Rule files (规则与日历): the bureau uploads warning rules, results rules
// and working-day calendars (each kind's versions listed with who, when
// and a short hash); a round picks its warning-rules and calendar
// versions on the monitoring page, a year its results rules on the
// results page. The service checks the files and the permissions.

func (w *Web) ruleFileService() (jixiao.RuleFileService, error) {
	rf, ok := w.Evaluations.(jixiao.RuleFileService)
	if !ok {
		return nil, jixiao.Errorf(jixiao.ENOTFOUND, "本系统未开通上传规则和日历")
	}
	return rf, nil
}

// ruleFileKind is a kind with its versions, as the page lists it.
type ruleFileKind struct {
	Kind  jixiao.RuleFileKind
	Title string
	Files []*jixiao.RuleFile
}

// ruleFilesByKind lists the stored versions of every kind (nil when the
// service is not there).
func (w *Web) ruleFilesByKind(r *http.Request) (map[jixiao.RuleFileKind][]*jixiao.RuleFile, error) {
	rf, err := w.ruleFileService()
	if err != nil {
		return nil, nil
	}
	fs, err := rf.RuleFiles(r.Context(), "")
	if err != nil {
		return nil, err
	}
	out := map[jixiao.RuleFileKind][]*jixiao.RuleFile{}
	for _, f := range fs {
		out[f.Kind] = append(out[f.Kind], f)
	}
	return out, nil
}

func (w *Web) ruleFilesPage(rw http.ResponseWriter, r *http.Request) error {
	if _, err := w.ruleFileService(); err != nil {
		return err
	}
	by, err := w.ruleFilesByKind(r)
	if err != nil {
		return err
	}
	var kinds []ruleFileKind
	for _, k := range jixiao.RuleFileKinds {
		kinds = append(kinds, ruleFileKind{Kind: k, Title: k.Title(), Files: by[k]})
	}
	w.render(rw, r, http.StatusOK, "rulefiles", &page{Title: "规则与日历", Nav: "monitoring", Data: map[string]any{
		"Kinds": kinds, "CanUpload": mayBureau(ctxUser(r.Context())), "Max": jixiao.SizeText(jixiao.MaxRuleFile),
	}})
	return nil
}

// uploadRuleFile stores an uploaded file of the kind in the path (the
// form's file, read at most MaxRuleFile bytes).
func (w *Web) uploadRuleFile(rw http.ResponseWriter, r *http.Request) error {
	rf, err := w.ruleFileService()
	if err != nil {
		return err
	}
	kind, ok := jixiao.ParseRuleFileKind(r.PathValue("kind"))
	if !ok {
		return jixiao.Errorf(jixiao.ENOTFOUND, "没有这种规则或日历")
	}
	name, data, err := readUpload(rw, r, jixiao.MaxRuleFile, kind.Title()+"文件（.yaml、.json）")
	if err != nil {
		return err
	}
	f, created, err := rf.SaveRuleFile(r.Context(), kind, name, data)
	if err != nil {
		return problemsInChinese(err)
	}
	if created {
		w.flash(r, fmt.Sprintf("已保存为%s", f.Label()))
	} else {
		w.flash(r, fmt.Sprintf("内容与%s相同，未另存新版本", f.Label()))
	}
	return redirect(rw, r, "/rule-files")
}

// chooseResultRules sets the results rules of the form's year.
func (w *Web) chooseResultRules(rw http.ResponseWriter, r *http.Request) error {
	rf, err := w.ruleFileService()
	if err != nil {
		return err
	}
	year, err := strconv.Atoi(strings.TrimSpace(r.FormValue("year")))
	if err != nil {
		return jixiao.Errorf(jixiao.EINVALID, "年度应为四位年份，实际为“%s”", truncate(r.FormValue("year"), 20))
	}
	id, err := formFileID(r, "file", "结果应用规则")
	if err != nil {
		return err
	}
	c, err := rf.ChooseResultRules(r.Context(), year, id)
	if err != nil {
		return err
	}
	msg := fmt.Sprintf("%d年度结果应用改按内置规则", year)
	if c.File != nil {
		msg = fmt.Sprintf("%d年度结果应用改按%s（%s）", year, c.File.Label(), c.File.Title)
	}
	w.flash(r, msg)
	return redirect(rw, r, fmt.Sprintf("/results?year=%d", year))
}

// formFileID reads a chosen version's id ("" or 0: none).
func formFileID(r *http.Request, field, what string) (int64, error) {
	s := strings.TrimSpace(r.FormValue(field))
	if s == "" {
		return 0, nil
	}
	id, err := strconv.ParseInt(s, 10, 64)
	if err != nil || id < 0 {
		return 0, jixiao.Errorf(jixiao.EINVALID, "请从列表中选择%s的版本", what)
	}
	return id, nil
}
