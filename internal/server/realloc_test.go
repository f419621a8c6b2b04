package server_test

import (
	"bytes"
	"fmt"
	"strings"
	"testing"

	"github.com/shopspring/decimal"
	"github.com/xuri/excelize/v2"

	"jixiao"
	"jixiao/internal/caseio"
	"jixiao/internal/report/docx"
	"jixiao/internal/sqlstore/sqltest"
	"jixiao/internal/xlsxio"
)

// declareProject stores a draft project declaration of org for year with
// one fund line of amount in unit, and returns its id.
func declareProject(t *testing.T, f *fixture, org string, year int, project, amount, unit string) int64 {
	t.Helper()
	y := fmt.Sprintf("format: jixiao-declaration/1\nkind: 项目\nyear: %d\nunit: %s单位\nproject: %s\nversions:\n  - number: 1\n    kind: 原始申报\n    state: 草稿\n"+
		"    overall_goal: 完成%s\n    amount_unit: %s\n    funds:\n      - {source: general_public, amount: %s}\n", year, org, project, project, unit, amount)
	df, err := caseio.ParseDeclaration("decl.yaml", []byte(y))
	if err != nil {
		t.Fatal(err)
	}
	rec, err := f.db.CreateDeclaration(t.Context(), &jixiao.User{Username: "fixture"}, f.orgs[org].ID, df.Declaration)
	if err != nil {
		t.Fatal(err)
	}
	return rec.ID
}

// TestReallocationToDeclaredProjects, on both engines: the reviewer of
// bureau B1 moves money cut from D1's project to two projects declared
// for the next year in its scope (linked by their identity) and to a
// purpose not yet declared. A project of bureau B2, one of the wrong
// year, the same project twice and a cent over the cut are refused,
// naming the item, and leave the recorded decision as it was. The table
// lists the next year's declared projects, what each receives, from
// where, and its arranged amount; the totals add up; a renamed project
// shows its new name and a removed one reads as removed; the workbook and
// the report carry the same figures; the receiving declaration shows the
// money moved in.
func TestReallocationToDeclaredProjects(t *testing.T) {
	for _, pg := range []bool{false, true} {
		t.Run(map[bool]string{false: "sqlite", true: "postgres"}[pg], func(t *testing.T) {
			if pg && sqltest.PostgresDSN(t) == "" {
				return
			}
			f := newFixture(t, pg)
			ev := f.evals["D1"]
			if _, err := f.db.Transition(t.Context(), f.users["admin"], ev.ID, ev.Version, []jixiao.Status{jixiao.StatusDraft}, jixiao.StatusSubmitted, "", nil); err != nil {
				t.Fatal(err)
			}
			year := ev.Year
			aid := declareProject(t, f, "D1", year+1, "学生资助", "150", "万元")
			school := declareProject(t, f, "D2", year+1, "校舍维修", "800000", "元") // 80 万元
			far := declareProject(t, f, "D3", year+1, "外局项目", "10", "万元")
			old := declareProject(t, f, "D2", year, "上年项目", "10", "万元")
			decide := func(user string, moves ...map[string]any) response {
				return f.do(user, "POST", fmt.Sprintf("/api/v1/evaluations/%d/decision", ev.ID),
					map[string]any{"action": "调剂", "amount": "200", "requested": "500", "reallocations": moves})
			}
			to := func(id int64, amount string) map[string]any {
				return map[string]any{"declaration_id": id, "amount": amount}
			}
			good := []map[string]any{to(aid, "120"), to(school, "30"), {"to": "应急储备", "amount": "50"}}
			if r := decide("reviewer", good...); r.Status != 200 {
				t.Fatalf("decide: %d %s", r.Status, r.Body)
			}
			for _, x := range []struct {
				moves []map[string]any
				want  string
			}{
				{[]map[string]any{to(aid, "10"), to(far, "10")}, "调剂去向第 2 项：调剂到的申报项目不存在，或不在本人可见的单位范围内"},
				{[]map[string]any{to(old, "10")}, fmt.Sprintf("调剂去向第 1 项：调剂到的申报项目“D2单位／上年项目”是%d年度的申报，应为%d年度", year, year+1)},
				{[]map[string]any{to(aid, "10"), to(aid, "20")}, "调剂去向第 2 项：调剂到的申报项目“D1单位／学生资助”与第 1 项重复"},
				{[]map[string]any{{"to": "应急储备", "amount": "1"}, {"to": "应急储备", "amount": "2"}}, "调剂去向第 2 项：调剂到的“应急储备”与第 1 项重复"},
				{[]map[string]any{to(aid, "250"), to(school, "50.01")}, "调剂金额合计 300.01 万元，超过调减的 300.00 万元"},
				{[]map[string]any{to(-3, "1")}, "调剂去向的申报项目编号应为正整数"},
			} {
				if r := decide("reviewer", x.moves...); r.Status != 400 || !strings.Contains(string(r.Body), x.want) {
					t.Errorf("%v: %d %s, want %q", x.moves, r.Status, r.Body, x.want)
				}
			}
			if r := decide("preparer", good...); r.Status != 403 && r.Status != 404 {
				t.Errorf("a department decides: %d", r.Status)
			}

			dec := decimal.RequireFromString
			table := func() *jixiao.ApplicationTable {
				var tab jixiao.ApplicationTable
				f.do("reviewer", "GET", fmt.Sprintf("/api/v1/results-application?year=%d", year), nil).json(t, &tab)
				if tab.Application == nil || len(tab.Application.Rows) != 1 {
					t.Fatalf("table %+v", tab)
				}
				return &tab
			}
			tab := table()
			var declared []string
			for _, d := range tab.Declared {
				declared = append(declared, d.Name())
			}
			if strings.Join(declared, "、") != "D1单位／学生资助、D2单位／校舍维修" {
				t.Errorf("declared %v", declared)
			}
			a := tab.Application
			row := a.Rows[0]
			if len(row.Reallocations) != 3 || row.Reallocations[0].To != "D1单位／学生资助" || row.Reallocations[0].DeclarationID != aid || row.Reallocations[2].To != "应急储备" ||
				!row.Reallocated.Equal(dec("200")) || !row.Withdrawn.Equal(dec("100")) {
				t.Errorf("row (the refusals changed nothing): %+v", row)
			}
			if len(a.Receipts) != 2 {
				t.Fatalf("receipts %+v", a.Receipts)
			}
			for i, want := range []struct {
				name                   string
				requested, in, arrange string
			}{{"D1单位／学生资助", "150", "120", "270"}, {"D2单位／校舍维修", "80", "30", "110"}} {
				r := a.Receipts[i]
				if r.Name() != want.name || !r.Requested.Equal(dec(want.requested)) || !r.In.Equal(dec(want.in)) || !r.Arranged.Equal(dec(want.arrange)) ||
					len(r.From) != 1 || r.From[0].Project != row.Project || !r.From[0].Amount.Equal(dec(want.in)) {
					t.Errorf("receipt %d: %+v", i, r)
				}
			}
			if !a.MovedIn.Equal(dec("150")) || !a.MovedElsewhere.Equal(dec("50")) || !a.Reallocated.Equal(a.MovedIn.Add(a.MovedElsewhere)) ||
				!a.Amount.Equal(a.Kept.Add(a.Reallocated).Add(a.Withdrawn)) {
				t.Errorf("totals: %s; %s", a.Balance(), a.ReceiptsBalance())
			}
			if want := "调剂 200.00 = 调入下一年度已申报项目 150.00 + 调剂到其他用途 50.00；2 个已申报项目：申报 230.00 + 调入 150.00 = 调入后安排 380.00（单位：万元）"; a.ReceiptsBalance() != want {
				t.Errorf("receipts balance %q, want %q", a.ReceiptsBalance(), want)
			}

			// The receiving declaration shows the money moved in; a
			// department sees it on its own declaration.
			var rec jixiao.DeclarationRecord
			f.do("preparer", "GET", fmt.Sprintf("/api/v1/declarations/%d", aid), nil).json(t, &rec)
			if len(rec.ReallocatedIn) != 1 || rec.ReallocatedIn[0].Project != row.Project || rec.ReallocatedIn[0].Unit != "D1单位" || !rec.ReallocatedIn[0].Amount.Equal(dec("120")) || rec.ReallocatedIn[0].Year != year {
				t.Errorf("declaration's money moved in: %+v", rec.ReallocatedIn)
			}

			// The workbook: the receipts sheet read back.
			r := f.do("reviewer", "GET", fmt.Sprintf("/api/v1/results-application/xlsx?year=%d", year), nil)
			if r.Status != 200 {
				t.Fatalf("xlsx: %d %s", r.Status, r.Body)
			}
			x, err := excelize.OpenReader(bytes.NewReader(r.Body))
			if err != nil {
				t.Fatal(err)
			}
			rows, err := x.GetRows(xlsxio.SheetReceipts)
			if err != nil {
				t.Fatal(err)
			}
			if len(rows) < 6 || strings.Join(rows[2], "|") != strings.Join(xlsxio.ReceiptHeaders, "|") ||
				strings.Join(rows[3][1:], "|") != "D1单位|学生资助|150.00|120.00|"+row.Unit+"／"+row.Project+" 120.00|270.00" ||
				strings.Join(rows[5][3:5], "|") != "230.00|150.00" || rows[5][6] != "380.00" {
				t.Errorf("receipts sheet %q", rows)
			}
			if f, _ := x.GetCellFormula(xlsxio.SheetReceipts, "G4"); f != "D4+E4" {
				t.Errorf("arranged formula %q", f)
			}
			main, _ := x.GetRows(xlsxio.SheetApplication)
			if !strings.Contains(strings.Join(main[3], "|"), "D1单位／学生资助 120.00；D2单位／校舍维修 30.00；应急储备 50.00") {
				t.Errorf("main sheet's row %q", main[3])
			}

			// The report: table 4 lists the receipts.
			r = f.do("reviewer", "GET", fmt.Sprintf("/api/v1/results-application/docx?year=%d", year), nil)
			ps, err := docx.Read(bytes.NewReader(r.Body), int64(len(r.Body)))
			if r.Status != 200 || err != nil {
				t.Fatalf("docx: %d %v", r.Status, err)
			}
			var all []string
			for _, p := range ps {
				all = append(all, p.Text)
			}
			text := strings.Join(all, "\n")
			for _, want := range []string{fmt.Sprintf("表4：调入%d年度已申报项目的资金", year+1), "D2单位\n校舍维修\n80.00\n30.00\n" + row.Unit + "／" + row.Project + " 30.00\n110.00",
				"合计\n230.00\n150.00\n\n380.00", "表5：评价结果应用明细", "调入下一年度已申报项目 150.00"} {
				if !strings.Contains(text, want) {
					t.Errorf("report lacks %q:\n%s", want, text)
				}
			}

			// Renamed and removed: the link shows the declaration as it stands.
			db := f.db.SQL()
			if _, err := db.ExecContext(t.Context(), "UPDATE declarations SET project = $1 WHERE id = $2", "学生资助（更名）", aid); err != nil {
				t.Fatal(err)
			}
			for _, q := range []string{"DELETE FROM declaration_reviews WHERE declaration_id = $1", "DELETE FROM declaration_versions WHERE declaration_id = $1", "DELETE FROM declarations WHERE id = $1"} {
				if _, err := db.ExecContext(t.Context(), q, school); err != nil {
					t.Fatal(q, err)
				}
			}
			a = table().Application
			row = a.Rows[0]
			if row.Reallocations[0].To != "D1单位／学生资助（更名）" || row.Reallocations[1].To != jixiao.RemovedDeclaration || row.Reallocations[1].DeclarationID != 0 ||
				len(a.Receipts) != 1 || !a.MovedIn.Equal(dec("120")) || !a.MovedElsewhere.Equal(dec("80")) || !row.Reallocated.Equal(dec("200")) {
				t.Errorf("after the rename and removal: %+v; %s", row.Reallocations, a.ReceiptsBalance())
			}

			// The administrator sees every bureau's declarations: a link to
			// B2's project, outside the reviewer's scope, still reads by its
			// declaration in the reviewer's table, though not offered there.
			if r := decide("admin", to(far, "10")); r.Status != 200 {
				t.Fatalf("the administrator links B2's project: %d %s", r.Status, r.Body)
			}
			tab = table()
			a, row = tab.Application, tab.Application.Rows[0]
			if len(tab.Declared) != 1 || len(row.Reallocations) != 1 || row.Reallocations[0].To != "D3单位／外局项目" || len(a.Receipts) != 1 ||
				a.Receipts[0].DeclarationID != far || !a.Receipts[0].Arranged.Equal(dec("20")) {
				t.Errorf("a link outside the scope: declared %d, %+v, %+v", len(tab.Declared), row.Reallocations, a.Receipts)
			}
		})
	}
}
