package xlsxio_test

import (
	"bytes"
	"errors"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"jixiao"
	"jixiao/internal/xlsxio"
)

// TestAllErrorsAtOnce: a filled template with a weight that is no number
// (the decoder's error) and a negative weight (a rule of the case) gets
// both in one reading, each at its cell.
func TestAllErrorsAtOnce(t *testing.T) {
	var buf bytes.Buffer
	if err := xlsxio.WriteTemplate(&buf, xlsxio.TemplateOptions{Subject: jixiao.SubjectProject, Year: 2025}); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	sh := "项目支出绩效自评表"
	for cell, v := range map[string]any{"B3": "社区养老服务项目", "B4": "某区民政局", "D6": 100, "E6": 100, "F6": 95,
		"B13": "产出指标", "C13": "数量指标", "D13": "服务老人人数", "F13": "≥500人", "H13": "520人", "I13": "五十",
		"B14": "满意度指标", "C14": "服务对象满意度指标", "D14": "老人满意度", "F14": "≥90%", "H14": "95%", "I14": -10} {
		f.SetCellValue(sh, cell, v)
	}
	var filled bytes.Buffer
	f.Write(&filled)
	_, err = xlsxio.ReadCase("养老.xlsx", filled.Bytes())
	var ps jixiao.Problems
	if !errors.As(err, &ps) {
		t.Fatalf("got %T %v", err, err)
	}
	var got []string
	for _, p := range ps {
		got = append(got, p.Path+"："+p.Message)
	}
	text := strings.Join(got, "\n")
	for _, want := range []string{"养老.xlsx，项目支出绩效自评表!I13：", "五十", "养老.xlsx，项目支出绩效自评表!I14：分值不能为负数"} {
		if !strings.Contains(text, want) {
			t.Errorf("problems lack %q:\n%s", want, text)
		}
	}
}
