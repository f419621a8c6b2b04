package web_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/unicode"

	"jixiao/examples"
)

// uploadInBrowser chooses a file on the department's home page, uploads
// it and waits for the answer beside the form.
func (b *browser) uploadInBrowser(name string, data []byte) {
	b.t.Helper()
	path := filepath.Join(b.t.TempDir(), name)
	if err := os.WriteFile(path, data, 0o644); err != nil {
		b.t.Fatal(err)
	}
	b.open("/")
	b.do(chromedp.SetUploadFiles(chromedp.CSS(`#casefile`), []string{path}),
		chromedp.Click(chromedp.CSS(`form[hx-post="/evaluations/upload"] button[type=submit]`)))
	b.waitFor(`document.querySelector("#upload-result").children.length > 0`)
}

// TestUploadErrorsAllAtOnce: a file with a wrong type and two broken rules
// gets all three on the upload page, beside the form, each with its line
// and column and its field in Chinese; the page stays where it was.
func TestUploadErrorsAllAtOnce(t *testing.T) {
	s := newSite(t)
	b := newBrowser(t, s)
	b.login("preparer")
	src := "subject: project\nyear: 2025\norg: {name: 某局}\nprojects:\n  - name: 培训项目\n    indicators:\n" +
		"      - name: 培训人次\n        weight: 十分\n      - name: \" \"\n        score: -1\n"
	b.uploadInBrowser("有错的案例.yaml", []byte(src))
	if eval[string](b, "location.pathname") != "/" || !eval[bool](b, `!!document.querySelector("#casefile")`) {
		t.Fatal("the upload left the page")
	}
	head := b.text("#upload-result .upload-errors p")
	if !strings.Contains(head, "“有错的案例.yaml”有 3 处需要修改，未导入任何内容") {
		t.Errorf("heading: %q", head)
	}
	rows := eval[[]string](b, `Array.from(document.querySelectorAll("#upload-result tbody tr")).map(r => Array.from(r.cells).map(c => c.textContent.trim()).join(" | "))`)
	want := []string{
		"第8行第17列 | 项目（第1项） › 绩效指标（第1项） › 分值 | 应为数字，实际为文本“十分”",
		"第9行第9列 | 项目（第1项） › 绩效指标（第2项） › 三级指标 | 三级指标名称不能为空",
		"第10行第9列 | 项目（第1项） › 绩效指标（第2项） › 得分（评价人评定或表中所填） | 得分不能为负数",
	}
	if strings.Join(rows, "\n") != strings.Join(want, "\n") {
		t.Errorf("errors listed:\n%s\nwant\n%s", strings.Join(rows, "\n"), strings.Join(want, "\n"))
	}
	if eval[bool](b, `document.activeElement === document.querySelector("#upload-result .error-box")`) != true {
		t.Error("focus did not move to the errors")
	}
}

// TestUploadEncodings: the training project's case saved in GBK and in
// UTF-16 is read, and the preview says so; it replaces the stored draft
// with no status change listed, and the score is out of the full 100.
func TestUploadEncodings(t *testing.T) {
	s := newSite(t)
	b := newBrowser(t, s)
	b.login("preparer")
	src, err := examples.FS.ReadFile("project-training-2024.yaml")
	if err != nil {
		t.Fatal(err)
	}
	gbk, err := simplifiedchinese.GBK.NewEncoder().Bytes(src)
	if err != nil {
		t.Fatal(err)
	}
	utf16, _ := unicode.UTF16(unicode.LittleEndian, unicode.UseBOM).NewEncoder().Bytes(src)
	for _, c := range []struct {
		name string
		data []byte
		note string
	}{{"记事本ANSI.yaml", gbk, "已按 GBK 编码读取。"}, {"记事本Unicode.yaml", utf16, "已按 UTF-16 编码读取。"}} {
		b.uploadInBrowser(c.name, c.data)
		b.waitFor(`!!document.querySelector("#upload-result .preview")`)
		if got := b.text("#upload-result [data-encoding]"); got != c.note {
			t.Errorf("%s: encoding note %q, want %q", c.name, got, c.note)
		}
		preview := b.text("#upload-result .preview")
		for _, want := range []string{"“" + c.name + "”可以导入", "职业技能培训补贴项目", "按此文件评分：92.26 / 100 分", "导入将覆盖它"} {
			if !strings.Contains(preview, want) {
				t.Errorf("%s: preview lacks %q:\n%s", c.name, want, preview)
			}
		}
		if strings.Contains(preview, "草稿 → 草稿") || strings.Contains(preview, "状态") && strings.Contains(preview, "草稿\t草稿") {
			t.Errorf("%s: an unchanged status is listed as a change:\n%s", c.name, preview)
		}
		if n := eval[int](b, `Array.from(document.querySelectorAll("#upload-result table.diff tbody th")).filter(th => th.textContent.includes("状态")).length`); n != 0 {
			t.Errorf("%s: %d status rows in the changes", c.name, n)
		}
	}
}
