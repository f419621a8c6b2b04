package xlsxio_test

import (
	"bytes"
	"encoding/json"
	"testing"

	"github.com/xuri/excelize/v2"

	"jixiao/internal/caseio"
	"jixiao/internal/xlsxio"
)

// TestCaseWorkbookStatedFields writes the case that uses every field issue
// 12 added — with a case marked incomplete and a rulebook chosen by
// structure besides — as a case workbook, and reads it back unchanged; the
// lists are sheets of their own.
func TestCaseWorkbookStatedFields(t *testing.T) {
	c, err := caseio.Load("../../examples/department-education-2024.yaml")
	if err != nil {
		t.Fatal(err)
	}
	ev := c.Evaluation
	ev.Incomplete = "表格在绩效指标部分后缺失"
	ev.Provenance.Chosen = "表中有“分项目标”各项分值，按石家庄市部门整体支出绩效自评规则计分"
	var buf bytes.Buffer
	if err := xlsxio.WriteCase(&buf, ev); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(bytes.NewReader(buf.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	sheets := map[string]bool{}
	for _, s := range f.GetSheetList() {
		sheets[s] = true
	}
	f.Close()
	for _, s := range []string{"表中所印分值", "项目-表中所印分值", "所述个数", "所述个数-分组", "部门收支预决算-所列项目及金额", "部门收支预决算-支出用途明细",
		"部门收支预决算-同比变动", "项目-项目资金-支出用途明细", "报告所述结果-表中所载评价等级标准", "项目-表中所述结果-表中所载评价等级标准", "数据来源-读取时跳过的行"} {
		if !sheets[s] {
			t.Errorf("no sheet %q in %v", s, sheets)
		}
	}
	back, err := xlsxio.ReadCase("case.xlsx", buf.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	want, _ := json.Marshal(ev)
	got, _ := json.Marshal(back)
	if string(got) != string(want) {
		t.Errorf("case changed on the way:\n%s", firstDiff(string(want), string(got)))
	}
	if back.Incomplete != ev.Incomplete || back.Provenance.Chosen != ev.Provenance.Chosen || back.Budget.Changes[1].Rate.Text != "-7.89%" {
		t.Errorf("read back: %q %q %+v", back.Incomplete, back.Provenance.Chosen, back.Budget.Changes)
	}
}
