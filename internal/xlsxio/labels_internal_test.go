package xlsxio

import (
	"strings"
	"testing"
)

// TestParseLabel: the label grammar takes off core marks, template and list
// numbering, and printed caps, and keeps the name.
func TestParseLabel(t *testing.T) {
	for _, c := range []struct {
		in, name, cap string
		core          bool
	}{
		{"产出指标(50分)", "产出指标", "50", false},
		{"效益指标（30分）", "效益指标", "30", false},
		{"满意度指标\n(10分)", "满意度指标", "10", false},
		{"数量指标(20 分)", "数量指标", "20", false},
		{"(50分)", "", "50", false},
		{"指标1：工程资金金额", "工程资金金额", "", false},
		{"指标12:家庭医生签约率", "家庭医生签约率", "", false},
		{"指标1工程完工率", "工程完工率", "", false},
		{"1.完成率", "完成率", "", false},
		{"（1）受益人口", "受益人口", "", false},
		{"一、产出指标", "产出指标", "", false},
		{"★补助鱼塘面积", "补助鱼塘面积", "", true},
		{"*播发稿件数量", "播发稿件数量", "", true},
		{"1.5亩以上的种植面积", "1.5亩以上的种植面积", "", false},
		{"0-6岁儿童健康管理数", "0-6岁儿童健康管理数", "", false},
		{"5000吨稻谷、500吨成品粮储备到位率", "5000吨稻谷、500吨成品粮储备到位率", "", false},
		{"项目(工程)验收合格率", "项目(工程)验收合格率", "", false},
		{"传染病及突发公共卫生事件报告\n数", "传染病及突发公共卫生事件报告数", "", false},
		{"经济效益\n指标", "经济效益指标", "", false},
		{"满意度\r\n指标\n(10分)", "满意度指标", "10", false},
	} {
		p := parseLabel(c.in)
		cp := ""
		if p.cap != nil {
			cp = p.cap.String()
		}
		if p.name != c.name || cp != c.cap || p.core != c.core {
			t.Errorf("parseLabel(%q) = %q cap %q core %v; want %q %q %v", c.in, p.name, cp, p.core, c.name, c.cap, c.core)
		}
	}
}

// TestPlaceholdersAndDetails: template residue and detail rows are told
// from names.
func TestPlaceholdersAndDetails(t *testing.T) {
	for _, s := range []string{"指标2", "指标2:", "指标1:/", "……", "…", "...", "/", "-", "—", "指标3："} {
		if !isPlaceholder(s) {
			t.Errorf("%q is not taken for a placeholder", s)
		}
	}
	for _, s := range []string{"指标1：工程完工率", "完成率", "2370人", "满意度"} {
		if isPlaceholder(s) {
			t.Errorf("%q is taken for a placeholder", s)
		}
	}
	if !isDetailRow("其中桃树种植面积") || !isDetailRow("其中：露天蔬菜") || isDetailRow("种植面积（其中桃树）") {
		t.Error("detail rows")
	}
}

// TestLegendBands reads the grade legends tables print.
func TestLegendBands(t *testing.T) {
	for text, want := range map[string]string{
		"评分标准：90分（含）以上为优，80-90分为良，60-80分为中，60分以下为差。": "优≥90 良≥80 中≥60 差",
		"得分90分及以上为优秀；80（含）-90分为良好；60分以下为较差":          "优秀≥90 良好≥80 较差",
		"≥90分为优，＞=80分为良":  "优≥90 良≥80",
		"自评得分90分以上为优":     "", // one band: not a legend
		"90分以上为优，85分以上为优": "", // a grade twice
		"项目总分100分，得分98分":  "", // no grades
	} {
		var parts []string
		for _, b := range legendBands(halfWidth(text)) {
			m := b.(map[string]any)
			s := m["name"].(string)
			if min, ok := m["min"].(string); ok {
				s += "≥" + min
			}
			parts = append(parts, s)
		}
		got := ""
		if len(parts) >= 2 {
			got = strings.Join(parts, " ")
		}
		if got != want {
			t.Errorf("legendBands(%q) = %q, want %q", text, got, want)
		}
	}
}

// TestRateText: a rate printed without its sign is read as a fraction or
// a percentage, whichever the amounts support.
func TestRateText(t *testing.T) {
	for _, c := range []struct {
		s, final, budget, want string
	}{
		{"1", "1.56", "1.56", "100%"},
		{"1", "0.01", "1", "1%"},
		{"79.27", "", "", "79.27%"},
		{"0.95", "", "", "95%"},
		{"97.80%", "", "", "97.80%"},
		{"1.2", "12", "10", "120%"},
		{"完成", "", "", "完成"},
	} {
		var final, budget any
		if c.final != "" {
			final, budget = c.final, c.budget
		}
		if got := rateText(c.s, final, budget); got != c.want {
			t.Errorf("rateText(%q, %v, %v) = %q, want %q", c.s, final, budget, got, c.want)
		}
	}
}

// Level-1 cells that print only their cap take the block from the level-2
// label, by the national indicator tree.
func TestLevel1Of(t *testing.T) {
	for l2, want := range map[string]string{
		"数量指标": "产出指标", "质量指标": "产出指标", "时效指标": "产出指标", "进度指标": "产出指标", "成本指标": "产出指标",
		"经济效益指标": "效益指标", "社会效益指标": "效益指标", "生态效益指标": "效益指标", "可持续影响指标": "效益指标",
		"服务对象满意度指标": "满意度指标", "其他": "",
	} {
		if got := level1Of(l2); got != want {
			t.Errorf("level1Of(%q) = %q, want %q", l2, got, want)
		}
	}
}
