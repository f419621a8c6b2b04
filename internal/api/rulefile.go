package api

import (
	"net/http"

	"jixiao"
)

// Rule files (预警规则、结果应用规则、工作日历) uploaded by the bureau, and the
// results rules chosen per year.

// RuleFileSaved is the answer to uploading a rule file.
type RuleFileSaved struct {
	File *jixiao.RuleFile `json:"file"`
	// Created is false when the same content of the kind was stored before.
	Created bool `json:"created"`
}

// ResultRulesRequest chooses a year's results rules.
type ResultRulesRequest struct {
	Year   int   `json:"year" doc:"结果应用的年度"`
	FileID int64 `json:"file_id,omitempty" doc:"上传的结果应用规则版本的编号；0 或省略为内置规则"`
}

// RoundFilesRequest changes a round's warning-rules and calendar versions.
type RoundFilesRequest struct {
	RulesFileID    int64 `json:"rules_file_id,omitempty" doc:"上传的监控预警规则版本的编号；0 或省略为服务器指定的规则或内置规则"`
	CalendarFileID int64 `json:"calendar_file_id,omitempty" doc:"上传的工作日历版本的编号；0 或省略为服务器指定的日历或内置日历"`
}

var ruleKindParam = Param{"kind", "string", "文件类型：monitor（监控预警规则）、results（结果应用规则）或 calendar（工作日历）"}

func (a *API) ruleFileService() (jixiao.RuleFileService, error) {
	if a.RuleFiles == nil {
		return nil, jixiao.Errorf(jixiao.ENOTFOUND, "本系统未开通上传规则和日历")
	}
	return a.RuleFiles, nil
}

// ruleKind reads the kind query parameter; "" when absent and optional.
func ruleKind(r *http.Request, required bool) (jixiao.RuleFileKind, error) {
	s := r.URL.Query().Get("kind")
	if s == "" && !required {
		return "", nil
	}
	k, ok := jixiao.ParseRuleFileKind(s)
	if !ok {
		return "", jixiao.Errorf(jixiao.EINVALID, "查询参数 kind（文件类型）应为 monitor（监控预警规则）、results（结果应用规则）或 calendar（工作日历），实际为“%s”", s)
	}
	return k, nil
}

func (a *API) ruleFiles(w http.ResponseWriter, r *http.Request) error {
	s, err := a.ruleFileService()
	if err != nil {
		return err
	}
	k, err := ruleKind(r, false)
	if err != nil {
		return err
	}
	fs, err := s.RuleFiles(r.Context(), k)
	if err != nil {
		return err
	}
	return list(w, fs)
}

func (a *API) ruleFile(w http.ResponseWriter, r *http.Request) error {
	s, err := a.ruleFileService()
	if err != nil {
		return err
	}
	n, err := id(r, "id")
	if err != nil {
		return err
	}
	f, err := s.RuleFile(r.Context(), n)
	if err != nil {
		return err
	}
	return ok(w, f)
}

func (a *API) saveRuleFile(w http.ResponseWriter, r *http.Request) error {
	s, err := a.ruleFileService()
	if err != nil {
		return err
	}
	k, err := ruleKind(r, true)
	if err != nil {
		return err
	}
	data, err := readBody(r)
	if err != nil {
		return err
	}
	f, created, err := s.SaveRuleFile(r.Context(), k, r.URL.Query().Get("name"), data)
	if err != nil {
		return err
	}
	return ok(w, RuleFileSaved{File: f, Created: created})
}

func (a *API) resultRules(w http.ResponseWriter, r *http.Request) error {
	s, err := a.ruleFileService()
	if err != nil {
		return err
	}
	y, err := yearQuery(r)
	if err != nil {
		return err
	}
	c, err := s.ResultRules(r.Context(), y)
	if err != nil {
		return err
	}
	return ok(w, c)
}

func (a *API) chooseResultRules(w http.ResponseWriter, r *http.Request) error {
	s, err := a.ruleFileService()
	if err != nil {
		return err
	}
	var req ResultRulesRequest
	if err := decode(r, &req); err != nil {
		return err
	}
	c, err := s.ChooseResultRules(r.Context(), req.Year, req.FileID)
	if err != nil {
		return err
	}
	return ok(w, c)
}

func (a *API) changeRoundRuleFiles(w http.ResponseWriter, r *http.Request) error {
	s, err := a.ruleFileService()
	if err != nil {
		return err
	}
	n, err := id(r, "id")
	if err != nil {
		return err
	}
	var req RoundFilesRequest
	if err := decode(r, &req); err != nil {
		return err
	}
	round, err := s.ChangeRoundRuleFiles(r.Context(), n, req.RulesFileID, req.CalendarFileID)
	if err != nil {
		return err
	}
	return ok(w, round)
}
