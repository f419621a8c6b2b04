package app

import (
	"context"
	"io"
	"net/url"
	"regexp"
	"strings"
	"unicode/utf8"

	"jixiao"
	"jixiao/internal/library"
)

var _ jixiao.LibraryService = (*App)(nil)

// The indicator library (指标库) stored on the server: one for all
// organisations, read by every signed-in user; departments propose,
// the finance bureau's reviewers and administrators confirm, merge and
// retire (policy.go). On first use the built-in starter library is
// stored as its first version.

// ProposalPrefix is the prefix of the codes of proposed indicators
// (CX-0001, CX-0002, …).
const ProposalPrefix = "CX"

// Bounds of a proposed indicator's fields, in characters, and of a code.
var proposalLimits = []struct {
	name  string
	max   int
	value func(in *jixiao.LibraryIndicator) string
}{
	{"三级指标", 100, func(in *jixiao.LibraryIndicator) string { return in.Name }},
	{"一级指标", 50, func(in *jixiao.LibraryIndicator) string { return in.Level1 }},
	{"二级指标", 50, func(in *jixiao.LibraryIndicator) string { return in.Level2 }},
	{"度量单位", 20, func(in *jixiao.LibraryIndicator) string { return in.Unit }},
	{"计算口径", 2000, func(in *jixiao.LibraryIndicator) string { return in.Definition }},
	{"数据来源", 200, func(in *jixiao.LibraryIndicator) string { return in.DataSource }},
	{"领域", 50, func(in *jixiao.LibraryIndicator) string { return in.Field }},
	{"来源文件", 200, func(in *jixiao.LibraryIndicator) string { return in.Source }},
	{"来源地址", 500, func(in *jixiao.LibraryIndicator) string { return in.SourceURL }},
}

// MaxLibraryCode bounds an indicator code (GX-0001).
const MaxLibraryCode = 20

var codePattern = regexp.MustCompile(`^[A-Za-z0-9]{1,8}-[0-9]{1,8}$`)

// checkCode refuses a code that cannot be one (field names it).
func checkCode(field, code string) error {
	if code == "" {
		return jixiao.Errorf(jixiao.EINVALID, "请填写%s", field)
	}
	if len(code) > MaxLibraryCode || !codePattern.MatchString(code) {
		return jixiao.Errorf(jixiao.EINVALID, "%s“%s”不是指标编码，应形如 GX-0001", field, clip(code, MaxLibraryCode))
	}
	return nil
}

func clip(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n]) + "…"
}

// checkProposal trims and bounds a proposed indicator, naming the field
// at fault.
func checkProposal(in *jixiao.LibraryIndicator) error {
	for _, p := range []*string{&in.Name, &in.Level1, &in.Level2, &in.Unit, &in.Definition, &in.DataSource, &in.Field, &in.Source, &in.SourceURL, &in.Standard} {
		*p = strings.TrimSpace(*p)
	}
	for _, l := range proposalLimits {
		v := l.value(in)
		if !utf8.ValidString(v) {
			return jixiao.Errorf(jixiao.EINVALID, "%s含有无法识别的字符", l.name)
		}
		if n := utf8.RuneCountInString(v); n > l.max {
			return jixiao.Errorf(jixiao.EINVALID, "%s不能超过 %d 个字（现为 %d 个）", l.name, l.max, n)
		}
	}
	if in.Name == "" {
		return jixiao.Errorf(jixiao.EINVALID, "请填写三级指标（指标名称）")
	}
	if in.Level1 == "" {
		return jixiao.Errorf(jixiao.EINVALID, "请填写一级指标")
	}
	if !in.Op.Valid() {
		return jixiao.Errorf(jixiao.EINVALID, "指标性质“%s”应为 =、≥、≤、>、< 或 定性", clip(string(in.Op), 10))
	}
	switch in.Standard {
	case "", jixiao.StdPlan, jixiao.StdIndustry, jixiao.StdHistory, jixiao.StdOther:
	default:
		return jixiao.Errorf(jixiao.EINVALID, "指标值确定依据“%s”应为 计划标准、行业标准、历史标准 或 其他", clip(in.Standard, 20))
	}
	if in.SourceURL != "" {
		u, err := url.Parse(in.SourceURL)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			return jixiao.Errorf(jixiao.EINVALID, "来源地址应为以 http:// 或 https:// 开头的网址")
		}
	}
	return nil
}

// ensureLibrary stores the starter library when no library is stored.
func (a *App) ensureLibrary(ctx context.Context) error {
	if a.librarySeeded.Load() {
		return nil
	}
	starter := a.Starter
	if starter == nil {
		starter = library.Starter
	}
	lib, err := starter()
	if err != nil {
		return err
	}
	if _, err := a.db.SeedLibrary(ctx, nil, lib); err != nil {
		return err
	}
	a.librarySeeded.Store(true)
	return nil
}

// CurrentLibrary returns the current library version, for any signed-in
// user.
func (a *App) CurrentLibrary(ctx context.Context) (*jixiao.Library, error) {
	if _, err := actor(ctx); err != nil {
		return nil, err
	}
	if err := a.ensureLibrary(ctx); err != nil {
		return nil, err
	}
	return a.db.Library(ctx)
}

// MaxLibraryQuery bounds the search text of a library search.
const MaxLibraryQuery = 100

// SearchLibrary returns one page of the indicators f selects, with what
// the user may do.
func (a *App) SearchLibrary(ctx context.Context, f jixiao.LibraryFilter) (*jixiao.LibraryPage, error) {
	u, err := actor(ctx)
	if err != nil {
		return nil, err
	}
	for name, v := range map[string]string{"查找内容": f.Query, "一级指标": f.Level1, "二级指标": f.Level2, "领域": f.Field} {
		if n := utf8.RuneCountInString(v); n > MaxLibraryQuery {
			return nil, jixiao.Errorf(jixiao.EINVALID, "%s不能超过 %d 个字（现为 %d 个）", name, MaxLibraryQuery, n)
		}
	}
	switch f.Status {
	case "", jixiao.LibProposed, jixiao.LibConfirmed, jixiao.LibRetired:
	default:
		return nil, jixiao.Errorf(jixiao.EINVALID, "状态“%s”应为 建议、已确认 或 已停用", clip(string(f.Status), 10))
	}
	if err := a.ensureLibrary(ctx); err != nil {
		return nil, err
	}
	p, err := a.db.SearchLibrary(ctx, f)
	if err != nil {
		return nil, err
	}
	p.MayPropose, p.MayCurate = mayRole(u, actPropose), mayRole(u, actCurate)
	return p, nil
}

// LibraryHistory lists the library's versions, newest first.
func (a *App) LibraryHistory(ctx context.Context, offset, limit int) ([]*jixiao.LibraryVersion, int, error) {
	if _, err := actor(ctx); err != nil {
		return nil, 0, err
	}
	if err := a.ensureLibrary(ctx); err != nil {
		return nil, 0, err
	}
	return a.db.LibraryHistory(ctx, offset, limit)
}

// ProposeIndicator adds in as a proposed (建议) indicator under the next
// free CX code (departments and administrators).
func (a *App) ProposeIndicator(ctx context.Context, in *jixiao.LibraryIndicator) (*jixiao.LibraryIndicator, error) {
	u, err := actor(ctx)
	if err != nil {
		return nil, err
	}
	if err := a.allowRole(ctx, u, actPropose); err != nil {
		return nil, err
	}
	p := *in
	p.ID, p.Status, p.MergedInto = "", "", ""
	if err := checkProposal(&p); err != nil {
		return nil, err
	}
	if err := a.ensureLibrary(ctx); err != nil {
		return nil, err
	}
	return a.db.ChangeLibrary(ctx, u, jixiao.LibActionPropose, "", "", func(l *jixiao.Library) (string, error) {
		if len(l.Indicators) >= library.MaxIndicators {
			return "", jixiao.Errorf(jixiao.EINVALID, "指标库已有 %d 个指标，达到上限，不能再建议新指标", len(l.Indicators))
		}
		return l.Propose(ProposalPrefix, p)
	})
}

// curate runs a reviewer's change of indicator code.
func (a *App) curate(ctx context.Context, action, code, into string, fn func(l *jixiao.Library) error) (*jixiao.LibraryIndicator, error) {
	u, err := actor(ctx)
	if err != nil {
		return nil, err
	}
	if err := a.allowRole(ctx, u, actCurate); err != nil {
		return nil, err
	}
	if err := checkCode("指标编码", code); err != nil {
		return nil, err
	}
	if action == jixiao.LibActionMerge {
		if err := checkCode("并入的指标编码", into); err != nil {
			return nil, err
		}
	}
	if err := a.ensureLibrary(ctx); err != nil {
		return nil, err
	}
	return a.db.ChangeLibrary(ctx, u, action, into, "", func(l *jixiao.Library) (string, error) { return code, fn(l) })
}

// ConfirmIndicator confirms a proposed indicator (reviewers,
// administrators).
func (a *App) ConfirmIndicator(ctx context.Context, code string) (*jixiao.LibraryIndicator, error) {
	return a.curate(ctx, jixiao.LibActionConfirm, code, "", func(l *jixiao.Library) error { return l.Confirm(code) })
}

// RetireIndicator retires an indicator; it stays in the library under its
// code (reviewers, administrators).
func (a *App) RetireIndicator(ctx context.Context, code string) (*jixiao.LibraryIndicator, error) {
	return a.curate(ctx, jixiao.LibActionRetire, code, "", func(l *jixiao.Library) error { return l.Retire(code) })
}

// MergeIndicator merges duplicate indicator code into indicator into
// (reviewers, administrators).
func (a *App) MergeIndicator(ctx context.Context, code, into string) (*jixiao.LibraryIndicator, error) {
	return a.curate(ctx, jixiao.LibActionMerge, code, into, func(l *jixiao.Library) error { return l.Merge(code, into) })
}

// MaxEditReason bounds the reason given for editing an indicator.
const MaxEditReason = 500

// EditIndicator changes the content of indicator code (name, 一级/二级
// 指标, operator, unit, definition, data source, target standard source,
// core flag, 领域, source document and address) to in's, as a new library
// version that records reason; the code stays (reviewers,
// administrators). The fields are bounded as a proposal's are, and the
// 领域 is required.
func (a *App) EditIndicator(ctx context.Context, code string, in *jixiao.LibraryIndicator, reason string) (*jixiao.LibraryIndicator, error) {
	u, err := actor(ctx)
	if err != nil {
		return nil, err
	}
	if err := a.allowRole(ctx, u, actCurate); err != nil {
		return nil, err
	}
	if err := checkCode("指标编码", code); err != nil {
		return nil, err
	}
	e := *in
	e.ID, e.Status, e.MergedInto = "", "", ""
	if err := checkProposal(&e); err != nil {
		return nil, err
	}
	reason = strings.TrimSpace(reason)
	if !utf8.ValidString(reason) {
		return nil, jixiao.Errorf(jixiao.EINVALID, "修改理由含有无法识别的字符")
	}
	if n := utf8.RuneCountInString(reason); n > MaxEditReason {
		return nil, jixiao.Errorf(jixiao.EINVALID, "修改理由不能超过 %d 个字（现为 %d 个）", MaxEditReason, n)
	}
	if reason == "" {
		return nil, jixiao.Errorf(jixiao.EINVALID, "请填写修改理由")
	}
	if e.Field == "" {
		return nil, jixiao.Errorf(jixiao.EINVALID, "请填写领域（共性指标填“%s”）", jixiao.FieldCommon)
	}
	if err := a.ensureLibrary(ctx); err != nil {
		return nil, err
	}
	return a.db.ChangeLibrary(ctx, u, jixiao.LibActionEdit, "", reason, func(l *jixiao.Library) (string, error) { return code, l.Edit(code, e) })
}

// LibraryVersion returns version n of the library as it was, for any
// signed-in user.
func (a *App) LibraryVersion(ctx context.Context, n int) (*jixiao.Library, error) {
	if _, err := actor(ctx); err != nil {
		return nil, err
	}
	if err := a.ensureLibrary(ctx); err != nil {
		return nil, err
	}
	if n < 1 {
		return nil, jixiao.Errorf(jixiao.EINVALID, "版本号应为正整数")
	}
	return a.db.LibraryAt(ctx, n)
}

// CompareLibraryVersions lists what changed from version from to version
// to, indicator by indicator, for any signed-in user.
func (a *App) CompareLibraryVersions(ctx context.Context, from, to int) ([]jixiao.LibraryIndicatorDiff, error) {
	x, err := a.LibraryVersion(ctx, from)
	if err != nil {
		return nil, err
	}
	y, err := a.LibraryVersion(ctx, to)
	if err != nil {
		return nil, err
	}
	d := jixiao.CompareLibrary(x, y)
	if d == nil {
		d = []jixiao.LibraryIndicatorDiff{}
	}
	return d, nil
}

// ExportLibrary writes version n of the library (the current version
// when n is 0) as xlsx or yaml, for any signed-in user.
func (a *App) ExportLibrary(ctx context.Context, n int, format string, w io.Writer) (string, string, error) {
	if format != "" && format != "xlsx" && format != "yaml" {
		return "", "", jixiao.Errorf(jixiao.EINVALID, "导出格式“%s”应为 xlsx 或 yaml", clip(format, 10))
	}
	var l *jixiao.Library
	var err error
	if n == 0 {
		l, err = a.CurrentLibrary(ctx)
	} else {
		l, err = a.LibraryVersion(ctx, n)
	}
	if err != nil {
		return "", "", err
	}
	return library.Export(w, l, format)
}
