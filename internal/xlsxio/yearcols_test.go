package xlsxio_test

import (
	"testing"
)

func TestYearTableProjects(t *testing.T) {
	// A table of spending by year above a department form: 项目支出 and its
	// numbered projects, by last year's and this year's columns.
	book := workbook(t, sheetSpec{name: "Sheet1", rows: [][]any{
		{"经费控制情况(万元)", "2023年决算数", "2024年预算数", "2024年决算数"},
		{"三公经费", 1, 1, 1},
		{"项目支出:", 1505.3, 1377.9, 1369.3},
		{"1、中介服务", 1049.4, 960, 958.7},
		{"2.信息化建设", 460, 417.9, 410.6},
		{"公用经费", 20, 20, 20},
		{"2024年度部门整体支出绩效自评表"},
		{"预算部门名称", "某部"},
		{"年度预算申请(万元)", "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"},
		{"年度资金总额", 1397.9, 1397.9, 1389.3, 10, "99.3%", 10},
	}})
	ev := read(t, "部门.xlsx", book)
	b := ev.Budget
	if b == nil || len(b.Projects) != 2 || b.Projects[0].Name != "中介服务" || b.Projects[1].Name != "信息化建设" ||
		b.Projects[1].Previous.String() != "460" || b.Projects[1].Plan.String() != "417.9" || b.Projects[1].Actual.String() != "410.6" {
		t.Fatalf("year %d projects: %+v", ev.Year, b)
	}
	if len(b.Changes) != 1 || b.Changes[0].Item != "项目支出" || b.Changes[0].Previous.String() != "1505.3" || b.Changes[0].Current.String() != "1369.3" {
		t.Errorf("changes: %+v", b.Changes)
	}
}
