package web_test

import (
	"bytes"
	"context"
	"mime/multipart"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"jixiao"
)

// An uploaded case that names no rulebook is scored and stored with the
// one its structure calls for; a form not filled in is shown without a grade.
func TestUploadChoosesRulebookByStructure(t *testing.T) {
	s := newSite(t)
	c := signIn(t, s, "preparer")
	upload := func(name, src string) (int, string) {
		var buf bytes.Buffer
		mw := multipart.NewWriter(&buf)
		w, _ := mw.CreateFormFile("file", name)
		w.Write([]byte(src))
		mw.Close()
		req, _ := http.NewRequest("POST", s.srv.URL+"/evaluations/upload", &buf)
		req.Header.Set("Content-Type", mw.FormDataContentType())
		req.Header.Set("HX-Request", "true")
		resp, err := c.c.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		return resp.StatusCode, readAll(resp)
	}
	dept := `format: jixiao-case/1
subject: department
year: 2026
org: {name: 某单位}
budget:
  rates: [{of: total, rate: "71%"}]
indicators:
  - {name: 天然林管护任务完成率, target: "≥90%", actual: "100%", weight: 10, score: 10, core: true}
  - {name: 森林火灾受害率, target: "≤0.9%", actual: "0%", weight: 10, score: 8}
`
	st, body := upload("重庆.yaml", dept)
	token := regexp.MustCompile(`/uploads/([0-9a-f]+)`).FindStringSubmatch(body)
	// 71% × 10 = 7.1 + 10 + 8 = 25.1, out of the rulebook's full marks
	// (100), not of the weights the file gives (30): graded 差 as such.
	if st != http.StatusOK || token == nil || !strings.Contains(body, "<strong>25.10</strong> / 100 分") {
		t.Fatalf("upload: %d %s", st, body)
	}
	if body := c.confirm(token[1]); !strings.Contains(body, "打开评价") {
		t.Fatalf("confirm: %s", body)
	}
	sums, _, err := s.db.ListEvaluations(context.Background(), jixiao.EvaluationFilter{Year: 2026, Limit: 10})
	if err != nil || len(sums) != 1 || sums[0].Rulebook != "chongqing-2022" {
		t.Fatalf("stored: %+v %v", sums, err)
	}

	blank := `format: jixiao-case/1
subject: project
year: 2026
org: {name: 某单位}
projects:
  - name: 空白项目
    budget: {adjusted: 100, final: 10}
    indicators:
      - {level1: 产出指标, name: 完成数量, target: "≥10个", weight: 90}
`
	st, body = upload("空白.yaml", blank)
	if st != http.StatusOK || !strings.Contains(body, "未评定（表格未填写完整：所有指标均未填写实际完成值和得分）") || strings.Contains(body, ">差<") {
		t.Errorf("blank form: %d %s", st, body)
	}

	// A form without a year is refused at once, with the reason.
	noYear := strings.Replace(blank, "year: 2026\n", "year: 0\nincomplete: 没有写明评价年度\n", 1)
	st, body = upload("无年度.yaml", noYear)
	if st != http.StatusUnprocessableEntity || !strings.Contains(body, "没有评价年度，无法保存：") || strings.Contains(body, "/uploads/") {
		t.Errorf("form without a year: %d %s", st, body)
	}
}
