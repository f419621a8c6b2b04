package report

import (
	"fmt"

	"jixiao"
)

// DepartmentEvaluation builds the report of a department's evaluation of
// its own projects (部门评价): the projects evaluated, each project's
// self-score and grade beside the department's score and grade with the
// deviation and the change of grade, each scorecard item that changed
// with its reason, and the overall deviation. Every figure comes from
// dev; grades names the grade bands of the rulebook dev was graded by.
func DepartmentEvaluation(year int, unit, rulebookTitle, grades string, dev *jixiao.DeviationSummary) *Document {
	yearText := ""
	if year > 0 {
		yearText = fmt.Sprintf("%d年度", year)
	}
	d := &Document{Author: unit, Title: []string{unit, yearText + "部门评价偏差情况"}}
	d.Subject = unit + yearText + "部门评价偏差情况"
	b := &builder{d: d}
	p := dev.Places
	h1 := &counter{level: 1}

	b.heading(1, "%s评价范围和方法", h1.next())
	b.para(fmt.Sprintf("%s自行选择本部门%s已提交自评的%d个项目，在自评所用的同一张评分表上逐项重新评分（部门评价），与自评得分逐项比较。"+
		"偏差 = 部门评价得分 − 自评得分，负数表示部门评价得分低于自评；项目的两个得分先按评分规则的总分小数位四舍五入，再按评分规则“%s”的项目评价等级（%s）评定等级。",
		unit, yearText, len(dev.Projects), rulebookTitle, grades))

	b.heading(1, "%s总体偏差", h1.next())
	b.para(fmt.Sprintf("共评价%d个项目：部门评价得分与自评得分的平均偏差%s分，平均绝对偏差%s分；等级降低%d个，提高%d个，不变%d个。",
		len(dev.Projects), jixiao.Signed(dev.Mean, p), jixiao.Fixed(dev.MeanAbs, p), dev.Down, dev.Up, len(dev.Projects)-dev.Down-dev.Up))

	b.heading(1, "%s各项目的偏差", h1.next())
	t := &Table{Caption: "表1：各项目的自评与部门评价", Unit: "单位：分", Widths: []int{6, 26, 11, 9, 11, 9, 12, 16},
		Header: [][]Cell{{{Text: "序号"}, {Text: "项目"}, {Text: "自评得分"}, {Text: "自评等级"}, {Text: "部门评价得分"}, {Text: "部门评价等级"}, {Text: "偏差"}, {Text: "等级变化"}}}}
	for i, pd := range dev.Projects {
		t.Rows = append(t.Rows, []Cell{{Text: fmt.Sprint(i + 1), Align: "center"}, {Text: pd.Project},
			{Text: jixiao.Fixed(pd.Self, p), Align: "right"}, {Text: pd.SelfGrade, Align: "center"},
			{Text: jixiao.Fixed(pd.Recheck, p), Align: "right"}, {Text: pd.RecheckGrade, Align: "center"},
			{Text: jixiao.Signed(pd.Deviation, p), Align: "right"}, {Text: changeWord(pd.Change), Align: "center"}})
	}
	b.table(t)

	b.heading(1, "%s逐项偏差和理由", h1.next())
	t = &Table{Caption: "表2：评分项的自评与部门评价", Unit: "单位：分", Widths: []int{18, 22, 8, 10, 12, 10, 20},
		Header: [][]Cell{{{Text: "项目"}, {Text: "评分项"}, {Text: "分值"}, {Text: "自评得分"}, {Text: "部门评价得分"}, {Text: "偏差"}, {Text: "理由"}}}}
	for _, pd := range dev.Projects {
		for _, it := range pd.Items {
			reason := ""
			if !it.Deviation.IsZero() {
				reason = it.Reason
			}
			t.Rows = append(t.Rows, []Cell{{Text: pd.Project}, {Text: it.Name}, {Text: jixiao.Plain(it.Weight), Align: "right"},
				{Text: jixiao.Plain(it.Self), Align: "right"}, {Text: jixiao.Plain(it.Recheck), Align: "right"},
				{Text: jixiao.Signed(it.Deviation, max(0, -it.Deviation.Exponent())), Align: "right"}, {Text: reason}})
		}
	}
	b.table(t)
	return d
}

// changeWord names the change of a project's grade: 降低, 提高 or 不变.
func changeWord(change int) string {
	switch change {
	case -1:
		return "降低"
	case 1:
		return "提高"
	}
	return "不变"
}
