package app_test

import (
	"bytes"
	"context"
	"io"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"jixiao"
	"jixiao/internal/app"
	"jixiao/internal/library"
	"jixiao/internal/sqlstore"
	"jixiao/internal/sqlstore/sqltest"
)

// TestLibraryService: the permission table for the library on both
// engines — every role reads it (the starter library stored on first
// use), departments and administrators propose, reviewers and
// administrators confirm, merge and retire, and a refusal is EFORBIDDEN
// and in the audit log.
func TestLibraryService(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		ctx := context.Background()
		a := app.New(db)
		sys := &jixiao.User{Username: "fixture"}
		bureau, err := db.CreateOrg(ctx, sys, &jixiao.OrgRecord{Code: "B1", Name: "某市财政局", Kind: jixiao.OrgBureau})
		if err != nil {
			t.Fatal(err)
		}
		dept, err := db.CreateOrg(ctx, sys, &jixiao.OrgRecord{Code: "D1", Name: "某县人社局", Kind: jixiao.OrgDepartment, ParentID: bureau.ID})
		if err != nil {
			t.Fatal(err)
		}
		users := map[jixiao.Role]context.Context{}
		for _, r := range []jixiao.Role{jixiao.RoleAdmin, jixiao.RoleAuditor, jixiao.RoleReviewer, jixiao.RoleEvaluator, jixiao.RoleApprover, jixiao.RolePreparer} {
			org := dept.ID
			switch r {
			case jixiao.RoleReviewer:
				org = bureau.ID
			case jixiao.RoleAdmin, jixiao.RoleAuditor:
				org = 0
			}
			var assigned []int64
			if r == jixiao.RoleEvaluator {
				assigned = []int64{dept.ID}
			}
			u, err := db.CreateUser(ctx, sys, &jixiao.User{Username: string(r), Role: r, OrgID: org, Assigned: assigned}, "x")
			if err != nil {
				t.Fatal(err)
			}
			users[r] = jixiao.WithUser(ctx, u)
		}
		if _, err := a.CurrentLibrary(ctx); jixiao.ErrorCode(err) != jixiao.EUNAUTHORIZED {
			t.Errorf("reading without a user: %v", err)
		}
		if in, err := a.ProposeIndicator(users[jixiao.RolePreparer], &jixiao.LibraryIndicator{Name: "培训人次", Level1: "产出"}); err != nil || in.ID != "CX-0001" {
			t.Fatalf("first proposal: %+v %v", in, err)
		}
		proposers := map[jixiao.Role]bool{jixiao.RoleAdmin: true, jixiao.RoleApprover: true, jixiao.RolePreparer: true}
		curators := map[jixiao.Role]bool{jixiao.RoleAdmin: true, jixiao.RoleReviewer: true}
		for r, c := range users {
			l, err := a.CurrentLibrary(c)
			if err != nil || len(l.Indicators) < 52 {
				t.Fatalf("%s reads the library: %v", r, err)
			}
			in, err := a.ProposeIndicator(c, &jixiao.LibraryIndicator{Name: "指标" + string(r), Level1: "产出"})
			if proposers[r] != (err == nil) || (err != nil && jixiao.ErrorCode(err) != jixiao.EFORBIDDEN) {
				t.Errorf("%s proposes: %v", r, err)
			}
			if err == nil && (in.Status != jixiao.LibProposed || !strings.HasPrefix(in.ID, "CX-")) {
				t.Errorf("%s's proposal: %+v", r, in)
			}
			_, err = a.RetireIndicator(c, "GX-0001")
			if curators[r] != (err == nil) || (err != nil && jixiao.ErrorCode(err) != jixiao.EFORBIDDEN) {
				t.Errorf("%s retires: %v", r, err)
			}
			_, err = a.ConfirmIndicator(c, "CX-0001")
			if curators[r] != (err == nil) || (err != nil && jixiao.ErrorCode(err) != jixiao.EFORBIDDEN) {
				t.Errorf("%s confirms: %v", r, err)
			}
			_, err = a.EditIndicator(c, "CX-0001", &jixiao.LibraryIndicator{Name: "培训人次（" + string(r) + "）", Level1: "产出", Unit: "人次", Field: jixiao.FieldCommon}, "名称更明确")
			if curators[r] != (err == nil) || (err != nil && jixiao.ErrorCode(err) != jixiao.EFORBIDDEN) {
				t.Errorf("%s edits: %v", r, err)
			}
			if v, err := a.LibraryVersion(c, 1); err != nil || v.Version != 1 || len(v.Indicators) != 92 {
				t.Errorf("%s reads version 1: %v", r, err)
			}
			if _, err := a.CompareLibraryVersions(c, 1, 2); err != nil {
				t.Errorf("%s compares versions: %v", r, err)
			}
			p, err := a.SearchLibrary(c, jixiao.LibraryFilter{})
			if err != nil || p.MayPropose != proposers[r] || p.MayCurate != curators[r] {
				t.Errorf("%s's page: %+v %v", r, p, err)
			}
		}
		if _, err := a.EditIndicator(users[jixiao.RolePreparer], "GX-0002", &jixiao.LibraryIndicator{Name: "x", Level1: "产出"}, "x"); !strings.Contains(jixiao.ErrorMessage(err), "无权确认、合并、停用或修改指标库的指标") {
			t.Errorf("preparer's edit refused with: %v", err)
		}
		if _, err := a.ProposeIndicator(users[jixiao.RoleAuditor], &jixiao.LibraryIndicator{Name: "x", Level1: "产出"}); !strings.Contains(jixiao.ErrorMessage(err), "无权向指标库建议指标") {
			t.Errorf("auditor's refusal: %v", err)
		}
		refusals, _, err := db.Audit(ctx, jixiao.AuditFilter{Entity: "org"})
		if err != nil {
			t.Fatal(err)
		}
		found := false
		for _, e := range refusals {
			found = found || (e.Action == "refused" && e.Username == "auditor" && strings.Contains(e.New, "向指标库建议指标"))
		}
		if !found {
			t.Errorf("the auditor's refusal is not in the audit log: %+v", refusals)
		}
	})
}

// TestLibraryEdit: the bureau edits an indicator's content; the code,
// status and source stay, the version records who and why, bad input is
// refused naming the field, and two versions compare field by field.
func TestLibraryEdit(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		ctx := context.Background()
		a := app.New(db)
		u, err := db.CreateUser(ctx, &jixiao.User{Username: "fixture"}, &jixiao.User{Username: "局长", Role: jixiao.RoleAdmin}, "x")
		if err != nil {
			t.Fatal(err)
		}
		c := jixiao.WithUser(ctx, u)
		before, err := a.CurrentLibrary(c)
		if err != nil {
			t.Fatal(err)
		}
		old, _ := before.Find("GX-0005")
		e := *old
		e.Name, e.Definition, e.Unit, e.Op, e.DataSource, e.Standard, e.Core, e.Level2 = "资金到位比例", "实际到位资金与计划投入资金之比", "%", jixiao.OpGE, "财务账簿", jixiao.StdPlan, true, "资金管理"
		got, err := a.EditIndicator(c, "GX-0005", &e, "  与本省口径一致  ")
		if err != nil {
			t.Fatal(err)
		}
		if got.ID != "GX-0005" || got.Name != "资金到位比例" || got.Status != old.Status || got.Source != old.Source || got.SourceURL != old.SourceURL || !got.Core || got.Level2 != "资金管理" {
			t.Errorf("edited: %+v, was %+v", got, old)
		}
		hist, _, err := a.LibraryHistory(c, 0, 1)
		if err != nil || hist[0].Action != jixiao.LibActionEdit || hist[0].Code != "GX-0005" || hist[0].Reason != "与本省口径一致" || hist[0].Username != "局长" {
			t.Errorf("version of the edit: %+v %v", hist[0], err)
		}
		if _, err := a.EditIndicator(c, "GX-0005", &e, "再改一次"); !strings.Contains(jixiao.ErrorMessage(err), "内容没有变化") {
			t.Errorf("an edit that changes nothing: %v", err)
		}
		bad := []struct {
			in     jixiao.LibraryIndicator
			code   string
			reason string
			want   string
		}{
			{jixiao.LibraryIndicator{Name: strings.Repeat("名", 101), Level1: "产出"}, "GX-0005", "r", "三级指标不能超过 100 个字（现为 101 个）"},
			{jixiao.LibraryIndicator{Name: "x", Level1: "产出", Definition: strings.Repeat("口", 2001)}, "GX-0005", "r", "计算口径不能超过 2000 个字"},
			{jixiao.LibraryIndicator{Name: "x", Level1: "产出", Unit: strings.Repeat("元", 21)}, "GX-0005", "r", "度量单位不能超过 20 个字"},
			{jixiao.LibraryIndicator{Name: "x", Level1: "产出", Op: "约"}, "GX-0005", "r", "指标性质“约”应为"},
			{jixiao.LibraryIndicator{Name: "x", Level1: "产出", Standard: "估计"}, "GX-0005", "r", "指标值确定依据“估计”应为"},
			{jixiao.LibraryIndicator{Name: "", Level1: "产出"}, "GX-0005", "r", "请填写三级指标"},
			{jixiao.LibraryIndicator{Name: "x", Level1: ""}, "GX-0005", "r", "请填写一级指标"},
			{jixiao.LibraryIndicator{Name: "x", Level1: "产出"}, "GX-0005", "", "请填写修改理由"},
			{jixiao.LibraryIndicator{Name: "x", Level1: "产出"}, "GX-0005", strings.Repeat("因", 501), "修改理由不能超过 500 个字（现为 501 个）"},
			{jixiao.LibraryIndicator{Name: "x", Level1: "产出"}, "GX/1", "r", "不是指标编码"},
			{jixiao.LibraryIndicator{Name: "x", Level1: "产出", Field: "共性"}, "GX-9999", "r", "没有编码为“GX-9999”的指标"},
			{jixiao.LibraryIndicator{Name: "x", Level1: "产出"}, "GX-0005", "r", "请填写领域"},
			{jixiao.LibraryIndicator{Name: "x", Level1: "产出", Field: strings.Repeat("域", 51)}, "GX-0005", "r", "领域不能超过 50 个字（现为 51 个）"},
			{jixiao.LibraryIndicator{Name: "x", Level1: "产出", Field: "共性", Source: strings.Repeat("文", 201)}, "GX-0005", "r", "来源文件不能超过 200 个字"},
			{jixiao.LibraryIndicator{Name: "x", Level1: "产出", Field: "共性", SourceURL: "ftp://example.org/a"}, "GX-0005", "r", "来源地址应为以 http:// 或 https:// 开头的网址"},
		}
		for _, b := range bad {
			if _, err := a.EditIndicator(c, b.code, &b.in, b.reason); !strings.Contains(jixiao.ErrorMessage(err), b.want) {
				t.Errorf("edit %q with %.40q: %v, want %q", b.code, b.in.Name, err, b.want)
			}
		}
		if _, err := a.RetireIndicator(c, "GX-0006"); err != nil {
			t.Fatal(err)
		}
		if _, err := a.EditIndicator(c, "GX-0006", &jixiao.LibraryIndicator{Name: "x", Level1: "产出", Field: jixiao.FieldCommon}, "r"); !strings.Contains(jixiao.ErrorMessage(err), "已停用，不能修改") {
			t.Errorf("editing a retired indicator: %v", err)
		}
		other, _ := before.Find("GX-0007")
		if _, err := a.EditIndicator(c, "GX-0007", &jixiao.LibraryIndicator{Name: "资金到位比例", Level1: e.Level1, Level2: e.Level2, Field: jixiao.FieldCommon}, "r"); jixiao.ErrorCode(err) != jixiao.ECONFLICT {
			t.Errorf("a name already used under the same levels (%s): %v", other.Name, err)
		}

		diff, err := a.CompareLibraryVersions(c, 1, 3)
		if err != nil {
			t.Fatal(err)
		}
		if len(diff) != 2 || diff[0].ID != "GX-0005" || diff[0].Kind != "修改" || diff[1].ID != "GX-0006" || diff[1].Kind != "停用" {
			t.Fatalf("versions 1 to 3: %+v", diff)
		}
		changed := map[string][2]string{}
		for _, ch := range diff[0].Changes {
			changed[ch.Field] = [2]string{ch.Old, ch.New}
		}
		if changed["三级指标"] != [2]string{old.Name, "资金到位比例"} || changed["是否核心绩效指标"][1] != "是" || changed["计算口径"][1] != "实际到位资金与计划投入资金之比" || len(changed) < 7 {
			t.Errorf("fields changed: %v", changed)
		}
		if _, err := a.LibraryVersion(c, 99); jixiao.ErrorCode(err) != jixiao.ENOTFOUND {
			t.Errorf("version 99: %v", err)
		}
		if _, err := a.CompareLibraryVersions(c, 0, 2); jixiao.ErrorCode(err) != jixiao.EINVALID {
			t.Errorf("version 0: %v", err)
		}
	})
}

// TestLibrarySectorSourceAndPastVersions: the bureau moves an indicator
// to another 领域 and corrects its source; the edit is a new version that
// keeps the code, the comparison lists the three fields, the audit log
// has them, and each past version downloads (YAML and XLSX) with the
// content it had.
func TestLibrarySectorSourceAndPastVersions(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		ctx := context.Background()
		a := app.New(db)
		u, err := db.CreateUser(ctx, &jixiao.User{Username: "fixture"}, &jixiao.User{Username: "复核员", Role: jixiao.RoleReviewer}, "x")
		if err != nil {
			t.Fatal(err)
		}
		c := jixiao.WithUser(ctx, u)
		v1, err := a.CurrentLibrary(c)
		if err != nil {
			t.Fatal(err)
		}
		// The starter's sectors, each indicator found by its 领域.
		p, err := a.SearchLibrary(c, jixiao.LibraryFilter{Field: "水利", Limit: 100})
		if err != nil || p.Total != 6 || len(p.Items) != 6 || p.Items[0].ID != "HY-0029" {
			t.Fatalf("the 水利 indicators: %+v %v", p, err)
		}
		for _, in := range p.Items {
			if in.Field != "水利" {
				t.Errorf("%s of 领域 %q found under 水利", in.ID, in.Field)
			}
		}
		if want := []string{"共性", "农业农村", "教育", "卫生健康", "水利", "交通运输"}; !slices.Equal(p.Fields, want) {
			t.Errorf("the library's 领域: %v, want %v", p.Fields, want)
		}
		if _, err := a.SearchLibrary(c, jixiao.LibraryFilter{Field: strings.Repeat("域", 101)}); !strings.Contains(jixiao.ErrorMessage(err), "领域不能超过 100 个字") {
			t.Errorf("a long 领域 searched: %v", err)
		}

		old, _ := v1.Find("HY-0013")
		e := *old
		e.Field, e.Source, e.SourceURL = "教育（义务教育）", "义务教育薄弱环节改善与能力提升补助资金绩效目标表", "https://example.gov.cn/jyzj.html"
		got, err := a.EditIndicator(c, "HY-0013", &e, "按资金名称细分领域")
		if err != nil {
			t.Fatal(err)
		}
		if got.ID != "HY-0013" || got.Field != e.Field || got.Source != e.Source || got.SourceURL != e.SourceURL || got.Name != old.Name || got.Status != old.Status {
			t.Fatalf("edited: %+v, was %+v", got, old)
		}
		diff, err := a.CompareLibraryVersions(c, 1, 2)
		if err != nil || len(diff) != 1 || diff[0].ID != "HY-0013" || diff[0].Kind != "修改" {
			t.Fatalf("versions 1 to 2: %+v %v", diff, err)
		}
		changed := map[string][2]string{}
		for _, ch := range diff[0].Changes {
			changed[ch.Field] = [2]string{ch.Old, ch.New}
		}
		if len(changed) != 3 || changed["领域"] != [2]string{old.Field, e.Field} || changed["来源文件"] != [2]string{old.Source, e.Source} ||
			changed["来源地址"] != [2]string{old.SourceURL, e.SourceURL} {
			t.Errorf("fields changed: %v", changed)
		}
		entries, _, err := db.Audit(ctx, jixiao.AuditFilter{Entity: "library"})
		if err != nil || len(entries) == 0 || entries[0].Action != jixiao.LibActionEdit || !strings.Contains(entries[0].New, e.Field) ||
			!strings.Contains(entries[0].New, "按资金名称细分领域") || !strings.Contains(entries[0].Old, old.SourceURL) {
			t.Errorf("audit of the edit: %+v %v", entries, err)
		}

		// Version 1 downloads as it was; version 2 and the current one
		// have the edit.
		var buf bytes.Buffer
		ctype, name, err := a.ExportLibrary(c, 1, "yaml", &buf)
		if err != nil || !strings.HasPrefix(ctype, "application/yaml") || name != "指标库（"+strconv.Itoa(v1.Year)+"年第1版）.yaml" {
			t.Fatalf("version 1 as yaml: %q %q %v", ctype, name, err)
		}
		back, err := library.Parse(name, buf.Bytes())
		if err != nil {
			t.Fatal(err)
		}
		if in, _ := back.Find("HY-0013"); back.Version != 1 || len(back.Indicators) != len(v1.Indicators) || in.Field != old.Field || in.Source != old.Source {
			t.Errorf("version 1 read back: version %d, %d indicators, HY-0013 %+v", back.Version, len(back.Indicators), in)
		}
		for _, n := range []int{2, 0} {
			buf.Reset()
			if _, name, err = a.ExportLibrary(c, n, "xlsx", &buf); err != nil || !strings.HasSuffix(name, "第2版）.xlsx") {
				t.Fatalf("version %d as xlsx: %q %v", n, name, err)
			}
			f, err := excelize.OpenReader(&buf)
			if err != nil {
				t.Fatal(err)
			}
			rows, err := f.GetRows(library.Sheet)
			f.Close()
			if err != nil {
				t.Fatal(err)
			}
			found := false
			for _, row := range rows {
				if len(row) >= 15 && row[0] == "HY-0013" {
					found = row[10] == e.Field && row[13] == e.Source && row[14] == e.SourceURL
				}
			}
			if !found || !strings.Contains(rows[0][0], "第 2 版") {
				t.Errorf("version %d's workbook: title %q, HY-0013 with the edit found: %v", n, rows[0][0], found)
			}
		}
		if _, _, err := a.ExportLibrary(c, 99, "yaml", io.Discard); jixiao.ErrorCode(err) != jixiao.ENOTFOUND || !strings.Contains(jixiao.ErrorMessage(err), "指标库没有第99版") {
			t.Errorf("version 99: %v", err)
		}
		if _, _, err := a.ExportLibrary(c, 1, "pdf", io.Discard); jixiao.ErrorCode(err) != jixiao.EINVALID || !strings.Contains(jixiao.ErrorMessage(err), "xlsx 或 yaml") {
			t.Errorf("format pdf: %v", err)
		}
		if _, _, err := a.ExportLibrary(ctx, 1, "yaml", io.Discard); jixiao.ErrorCode(err) != jixiao.EUNAUTHORIZED {
			t.Errorf("without a user: %v", err)
		}
	})
}
