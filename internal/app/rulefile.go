package app

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"unicode/utf8"

	"jixiao"
	"jixiao/internal/monitoring"
	"jixiao/internal/rulebook"
)

// Rule files (jixiao.RuleFile): the bureau uploads warning rules, results
// rules and working-day calendars (actRules); each is checked by the same
// parser as the server's files and the command line's, after a size cap,
// and stored as its kind's next version, never deleted. A monitoring
// round names the warning-rules and calendar versions it uses when it is
// opened; a results-application year names its results-rules version
// while none of its decisions is recorded.

var _ jixiao.RuleFileService = (*App)(nil)

// parseRuleFile checks data as a file of kind named file and returns the
// title it gives itself.
func parseRuleFile(kind jixiao.RuleFileKind, file string, data []byte) (any, string, error) {
	if len(data) > jixiao.MaxRuleFile {
		return nil, "", jixiao.Errorf(jixiao.EINVALID, "%s文件“%s”过大（上限为 %s），未保存", kind.Title(), file, jixiao.SizeText(jixiao.MaxRuleFile))
	}
	if len(data) == 0 {
		return nil, "", jixiao.Errorf(jixiao.EINVALID, "%s文件“%s”是空的，未保存", kind.Title(), file)
	}
	if !utf8.Valid(data) {
		return nil, "", jixiao.Errorf(jixiao.EINVALID, "%s文件“%s”不是 UTF-8 编码的文本（YAML 或 JSON），未保存", kind.Title(), file)
	}
	titled := func(title, name string) string {
		if strings.TrimSpace(title) != "" {
			return title
		}
		return name
	}
	switch kind {
	case jixiao.RuleFileMonitor:
		m, err := monitoring.ParseRules(file, data)
		if err != nil {
			return nil, "", err
		}
		return m, titled(m.Title, m.Name), nil
	case jixiao.RuleFileResults:
		r, err := rulebook.ParseApplication(file, data)
		if err != nil {
			return nil, "", err
		}
		return r, titled(r.Title, r.Name), nil
	case jixiao.RuleFileCalendar:
		c, err := monitoring.ParseCalendar(file, data)
		if err != nil {
			return nil, "", err
		}
		return c, titled(c.Title, c.Name), nil
	}
	return nil, "", jixiao.Errorf(jixiao.EINVALID, "文件类型“%s”不对，应为 监控预警规则、结果应用规则 或 工作日历", kind)
}

// SaveRuleFile checks and stores an uploaded rule file of kind; a file
// refused changes nothing.
func (a *App) SaveRuleFile(ctx context.Context, kind jixiao.RuleFileKind, name string, data []byte) (*jixiao.RuleFile, bool, error) {
	u, err := actor(ctx)
	if err != nil {
		return nil, false, err
	}
	if err := a.allowRole(ctx, u, actRules); err != nil {
		return nil, false, err
	}
	name = filepath.Base(strings.TrimSpace(name))
	if name == "." || name == "/" || name == "" {
		name = kind.Title() + ".yaml"
	}
	if utf8.RuneCountInString(name) > 200 {
		return nil, false, jixiao.Errorf(jixiao.EINVALID, "文件名超过200个字")
	}
	_, title, err := parseRuleFile(kind, name, data)
	if err != nil {
		return nil, false, err
	}
	return a.db.SaveRuleFile(ctx, u, kind, title, name, string(data))
}

// RuleFiles lists the stored versions of kind ("" every kind) for any
// signed-in user: they are the bureau's published rules.
func (a *App) RuleFiles(ctx context.Context, kind jixiao.RuleFileKind) ([]*jixiao.RuleFile, error) {
	if _, err := actor(ctx); err != nil {
		return nil, err
	}
	if kind != "" {
		if _, ok := jixiao.ParseRuleFileKind(string(kind)); !ok {
			return nil, jixiao.Errorf(jixiao.EINVALID, "文件类型“%s”不对，应为 监控预警规则、结果应用规则 或 工作日历", kind)
		}
	}
	fs, err := a.db.RuleFiles(ctx, kind)
	if fs == nil && err == nil {
		fs = []*jixiao.RuleFile{}
	}
	return fs, err
}

// RuleFile returns a stored version with its content, for any signed-in
// user.
func (a *App) RuleFile(ctx context.Context, id int64) (*jixiao.RuleFile, error) {
	if _, err := actor(ctx); err != nil {
		return nil, err
	}
	return a.db.RuleFile(ctx, id)
}

// ResultRules returns the results-rules choice of year.
func (a *App) ResultRules(ctx context.Context, year int) (*jixiao.ResultRulesChoice, error) {
	if _, err := actor(ctx); err != nil {
		return nil, err
	}
	if err := checkYear(year); err != nil {
		return nil, err
	}
	c, err := a.db.ResultRules(ctx, year)
	if err != nil {
		return nil, err
	}
	if c.File != nil {
		c.File.Source = ""
	}
	return c, nil
}

// ChooseResultRules sets the results-rules version of year (0: the
// built-in rules) while none of its decisions is recorded.
func (a *App) ChooseResultRules(ctx context.Context, year int, fileID int64) (*jixiao.ResultRulesChoice, error) {
	u, err := actor(ctx)
	if err != nil {
		return nil, err
	}
	if err := a.allowRole(ctx, u, actRules); err != nil {
		return nil, err
	}
	if err := checkYear(year); err != nil {
		return nil, err
	}
	c, err := a.db.ChooseResultRules(ctx, u, year, fileID)
	if err != nil {
		return nil, err
	}
	if c.File != nil {
		c.File.Source = ""
	}
	return c, nil
}

// ruleFile loads stored version id of kind, parsed (cached: a version
// never changes), labelled with its version so that what states the rules
// or calendar names the version: the rules' and calendar's titles, and
// the results rules' name, get “（上传的…第N版）”.
func (a *App) ruleFile(ctx context.Context, kind jixiao.RuleFileKind, id int64) (any, error) {
	key := ruleFileKey{kind, id}
	if v, ok := a.ruleFiles.Load(key); ok {
		return v, nil
	}
	f, err := a.db.RuleFile(ctx, id)
	if jixiao.ErrorCode(err) == jixiao.ENOTFOUND {
		return nil, jixiao.Errorf(jixiao.EINVALID, "所选的%s版本不存在", kind.Title())
	}
	if err != nil {
		return nil, err
	}
	if f.Kind != kind {
		return nil, jixiao.Errorf(jixiao.EINVALID, "所选的版本是%s，不是%s", f.Kind.Title(), kind.Title())
	}
	v, _, err := parseRuleFile(kind, f.Origin, []byte(f.Source))
	if err != nil {
		return nil, err
	}
	label := fmt.Sprintf("（%s）", f.Label())
	switch x := v.(type) {
	case *jixiao.MonitorRules:
		if x.Title == "" {
			x.Title = x.Name
		}
		x.Title += label
	case *jixiao.ApplicationRules:
		x.Name += label
		if x.Title != "" {
			x.Title += label
		}
	case *jixiao.Calendar:
		if x.Title == "" {
			x.Title = x.Name
		}
		x.Title += label
	}
	v, _ = a.ruleFiles.LoadOrStore(key, v)
	return v, nil
}

// ruleFileKey keys the cache of parsed rule files: a version is cached
// only as the kind it was checked to be.
type ruleFileKey struct {
	kind jixiao.RuleFileKind
	id   int64
}

// roundRules are the warning rules of round r: its uploaded version, or
// the rules it names (a.rules).
func (a *App) roundRules(ctx context.Context, r *jixiao.MonitorRoundRecord) (*jixiao.MonitorRules, error) {
	if r.RulesFileID == 0 {
		return a.rules(r.Rules)
	}
	v, err := a.ruleFile(ctx, jixiao.RuleFileMonitor, r.RulesFileID)
	if err != nil {
		return nil, err
	}
	return v.(*jixiao.MonitorRules), nil
}

// roundCalendar is the working-day calendar of round r: its uploaded
// version, or the server's (monitorCalendar).
func (a *App) roundCalendar(ctx context.Context, r *jixiao.MonitorRoundRecord) (*jixiao.Calendar, error) {
	if r.CalendarFileID == 0 {
		return a.monitorCalendar()
	}
	v, err := a.ruleFile(ctx, jixiao.RuleFileCalendar, r.CalendarFileID)
	if err != nil {
		return nil, err
	}
	return v.(*jixiao.Calendar), nil
}

// roundWorkdays is roundCalendar compiled.
func (a *App) roundWorkdays(ctx context.Context, r *jixiao.MonitorRoundRecord) (*jixiao.Workdays, error) {
	c, err := a.roundCalendar(ctx, r)
	if err != nil {
		return nil, err
	}
	return c.Compile()
}

// applicationRules are the results-application rules of year: the
// uploaded version chosen for it, or the built-in rules.
func (a *App) applicationRules(ctx context.Context, year int) (*jixiao.ApplicationRules, error) {
	c, err := a.db.ResultRules(ctx, year)
	if err != nil {
		return nil, err
	}
	if c.File == nil {
		return rulebook.LoadApplication(rulebook.DefaultApplication, false)
	}
	v, err := a.ruleFile(ctx, jixiao.RuleFileResults, c.File.ID)
	if err != nil {
		return nil, err
	}
	return v.(*jixiao.ApplicationRules), nil
}

// ChangeRoundRuleFiles changes round id's warning-rules and calendar
// versions (0: the server's file or the built-in ones) while no
// department has filled in its entry: the caller needs issue on every
// department of the round (as one opening it for them does).
func (a *App) ChangeRoundRuleFiles(ctx context.Context, id, rulesFileID, calendarFileID int64) (*jixiao.MonitorRoundRecord, error) {
	u, err := actor(ctx)
	if err != nil {
		return nil, err
	}
	r, err := a.db.MonitorRound(ctx, id)
	if err != nil {
		return nil, hide(err)
	}
	for _, e := range r.Entries {
		if err := a.allow(ctx, u, actIssue, e.OrgID); err != nil {
			return nil, err
		}
	}
	next := &jixiao.MonitorRoundRecord{RulesFileID: rulesFileID, CalendarFileID: calendarFileID}
	rules, err := a.roundRules(ctx, next)
	if err != nil {
		return nil, err
	}
	if _, err := a.roundCalendar(ctx, next); err != nil {
		return nil, err
	}
	return a.db.SetRoundRuleFiles(ctx, u, id, rules.Name, rulesFileID, calendarFileID)
}
