package rulebook_test

import (
	"strings"
	"testing"

	"jixiao"
	"jixiao/internal/rulebook"
)

func TestChoose(t *testing.T) {
	proj := func(p jixiao.Project) *jixiao.Evaluation {
		p.Name = "某项目"
		return &jixiao.Evaluation{Subject: jixiao.SubjectProject, Year: 2023, Projects: []jixiao.Project{p}}
	}
	cap1 := func(name, w string) jixiao.Cap { return jixiao.Cap{Level1: name, Weight: jixiao.Dec(w)} }
	in := func(level1, score string) jixiao.Indicator {
		i := jixiao.Indicator{Level1: level1, Name: "x", Weight: dp("10")}
		if score != "" {
			i.Score = dp(score)
		}
		return i
	}
	dept := func(ev jixiao.Evaluation) *jixiao.Evaluation {
		ev.Subject, ev.Year = jixiao.SubjectDepartment, 2023
		return &ev
	}
	cases := []struct {
		name   string
		ev     *jixiao.Evaluation
		want   string
		reason string
	}{
		{"blank project", proj(jixiao.Project{}), "mof-2020",
			"表格没有指定评分规则，其结构与全国通用的项目支出绩效自评表相同，按项目支出绩效自评（财预〔2020〕10号）（mof-2020）计分"},
		{"national caps", proj(jixiao.Project{Caps: []jixiao.Cap{cap1("产出指标", "50"), cap1("效益指标", "30")}, Indicators: []jixiao.Indicator{in("产出指标", "8")}}),
			"mof-2020", "表中印有“产出指标(50分)”等全国通用的一级指标分值"},
		{"sichuan caps", proj(jixiao.Project{Caps: []jixiao.Cap{cap1("预算执行情况", "10"), cap1("绩效指标", "90")}}),
			"sichuan-2022", "表中印有“预算执行情况(10分)”“绩效指标(90分)”，按四川省部门预算项目支出绩效自评"},
		{"sichuan without an execution cap", proj(jixiao.Project{Caps: []jixiao.Cap{cap1("绩效指标", "90")}}), "sichuan-2022", "表中印有“绩效指标(90分)”"},
		{"a 绩效指标 cap of another weight is not Sichuan", proj(jixiao.Project{Caps: []jixiao.Cap{cap1("绩效指标", "80")}}), "mof-2020", ""},
		{"ningxia groups", proj(jixiao.Project{Indicators: []jixiao.Indicator{in("项目决策", "4"), in("项目管理", "7"), in("项目产出", "")}}),
			"ningxia-2022", "一级指标有“项目决策”“项目管理”（决策、管理、产出、效益四部分"},
		{"ningxia labels still carrying their caps", proj(jixiao.Project{Indicators: []jixiao.Indicator{in("项目决策(10分)", "4"), in("项目管理\n（25分）", "7")}}),
			"ningxia-2022", "一级指标有“项目决策”“项目管理”"},
		{"one-decimal scores", proj(jixiao.Project{Indicators: []jixiao.Indicator{in("产出指标", "1.9"), in("产出指标", "2")}}),
			"anhui-2022", "表中得分保留一位小数，按项目支出绩效自评（安徽、云南、山西，得分保留一位小数）（anhui-2022）计分"},
		{"two-decimal scores are not Anhui", proj(jixiao.Project{Indicators: []jixiao.Indicator{in("产出指标", "1.9"), in("产出指标", "1.45")}}), "mof-2020", ""},
		{"department indicators without level 1", dept(jixiao.Evaluation{Indicators: []jixiao.Indicator{in("", "2"), {Name: "y", Core: true}}}),
			"chongqing-2022", "绩效指标不分一级指标、有核心指标、各行有指标权重和指标得分，按重庆市"},
		{"department goals with deductions", dept(jixiao.Evaluation{Goals: []jixiao.Goal{{Name: "g", Weight: dp("50"), Deductions: []jixiao.Deduction{{Points: jixiao.Dec("1"), Reason: "r"}}}}}),
			"shijiazhuang-2024", "部门整体按分项绩效目标评价扣分"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			name, reason, err := rulebook.Choose(c.ev)
			if err != nil {
				t.Fatal(err)
			}
			if name != c.want || !strings.Contains(reason, c.reason) {
				t.Errorf("Choose = %s, %q; want %s, %q", name, reason, c.want, c.reason)
			}
		})
	}
	if _, _, err := rulebook.Choose(&jixiao.Evaluation{Subject: jixiao.SubjectDepartment}); jixiao.ErrorCode(err) != jixiao.EINVALID ||
		!strings.Contains(err.Error(), "部门整体评价没有指定评分规则（rulebook），也没有分项绩效目标或部门整体绩效指标可据以选用") {
		t.Errorf("blank department: %v", err)
	}
	if _, _, err := rulebook.Choose(&jixiao.Evaluation{Subject: "x"}); jixiao.ErrorCode(err) != jixiao.EINVALID {
		t.Errorf("invalid subject: %v", err)
	}
}

func TestChooseInto(t *testing.T) {
	ev := &jixiao.Evaluation{Subject: jixiao.SubjectProject, Projects: []jixiao.Project{{Name: "p",
		Caps: []jixiao.Cap{{Level1: "绩效指标", Weight: jixiao.Dec("90")}}}}}
	if err := rulebook.ChooseInto(ev); err != nil {
		t.Fatal(err)
	}
	if ev.Rulebook != "sichuan-2022" || ev.Provenance == nil || !strings.HasPrefix(ev.Provenance.Chosen, "表中印有“绩效指标(90分)”") {
		t.Errorf("rulebook %s provenance %+v", ev.Rulebook, ev.Provenance)
	}
	// A case that names its rulebook keeps it.
	ev = &jixiao.Evaluation{Subject: jixiao.SubjectProject, Rulebook: "mof-2020", Projects: ev.Projects}
	if err := rulebook.ChooseInto(ev); err != nil || ev.Rulebook != "mof-2020" || ev.Provenance != nil {
		t.Errorf("named rulebook changed: %s %+v %v", ev.Rulebook, ev.Provenance, err)
	}
}
