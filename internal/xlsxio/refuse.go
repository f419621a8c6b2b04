package xlsxio

import (
	"strings"

	"jixiao"
)

// unrecognised says why a workbook holds no form jixiao can read, from
// what its first sheet that shows part of one has: a blank form (a
// title, a name label or an indicator header, and not one figure), or
// only the indicator part of a form, without the rows above it that say
// whose form it is. A workbook showing none of these gets the general
// account of what jixiao recognises.
func unrecognised(name string, sheets []*grid) error {
	for _, g := range sheets {
		title, _, _ := formTitle(g)
		hr, _, header := g.find(0, "一级指标")
		if !header {
			hr, header = g.levelOneRow()
		}
		_, _, label := g.findLabel(0, append(append([]string{}, projectLabels[0].labels...), departmentLabels...)...)
		if title == "" && !header && !label {
			continue
		}
		if !g.hasFigure() {
			return blankForm(name, g)
		}
		if header && title == "" && !label {
			return jixiao.Errorf(jixiao.EINVALID, "%s：工作表“%s”只有自评表的绩效指标部分（第%d行起），上方没有表头、项目或单位名称和年度，无法确定是哪个项目或单位的自评表；请导入完整的表格",
				name, g.sheet, hr+1)
		}
	}
	return jixiao.Errorf(jixiao.EINVALID, "%s：没有找到可识别的自评表。jixiao 按表头识别项目支出绩效自评表（含“项目名称”和“一级指标/二级指标/三级指标”表头）"+
		"和部门整体支出绩效自评表（含“主管部门”和预算执行、绩效目标或绩效指标表头）；可以下载 jixiao 的空白模板填写", name)
}

// hasFigure reports whether any cell of the sheet holds a number: an
// amount, a value or a score (a cap printed in a label, "(5分)", is text).
func (g *grid) hasFigure() bool {
	for r := 0; r < g.rows(); r++ {
		for c := 0; c < g.width(r); c++ {
			if isNumber(strings.TrimSpace(strings.TrimSuffix(g.text(r, c), "%"))) {
				return true
			}
		}
	}
	return false
}

// levelOneRow finds the first row that names a level-1 block of the
// national indicator tree (产出指标, 效益指标, 满意度指标): the indicator
// part of a form, even without its header row.
func (g *grid) levelOneRow() (int, bool) {
	for r := 0; r < g.rows(); r++ {
		for c := 0; c < g.width(r); c++ {
			switch parseLabel(g.text(r, c)).name {
			case "产出指标", "效益指标", "满意度指标":
				return r, true
			}
		}
	}
	return 0, false
}
