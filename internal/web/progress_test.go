package web_test

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// recordUpload starts recording what the upload form shows while its
// request runs: each text of its status line, and whether its submit
// button was disabled then (kept in sessionStorage: an upload that ends
// in a redirect loads a new page).
const recordUpload = `(function (form) {
  sessionStorage.setItem("seen", "[]");
  new MutationObserver(function () {
    var s = form.querySelector(".upload-status"), b = form.querySelector("button[type=submit]");
    if (s && !s.hidden) sessionStorage.setItem("seen", JSON.stringify(JSON.parse(sessionStorage.getItem("seen")).concat([s.textContent + (b.disabled ? " [按钮等待]" : " [按钮可用]")])));
  }).observe(form, {subtree: true, childList: true, characterData: true, attributes: true});
  return true;
})(document.querySelector(%q))`

// TestUploadsShowProgress: each upload (a report to check, a case file to
// import, an evidence file) says what is happening until its answer comes
// — the bytes sent, then what the server is doing — with its button
// waiting meanwhile, and is quiet again afterwards.
func TestUploadsShowProgress(t *testing.T) {
	s := newSite(t)
	b := newBrowser(t, s)
	dir := t.TempDir()
	evidence := filepath.Join(dir, "说明.txt")
	if err := os.WriteFile(evidence, []byte("佐证材料说明"), 0o644); err != nil {
		t.Fatal(err)
	}
	b.login("preparer")
	for _, u := range []struct {
		page, form, input, file, working, done string
	}{
		{"/audit", `form[action="/audit"]`, "#reportfile", abs(t, referenceReport), "已上传，正在读取并核查报告", `document.querySelectorAll("#audit-result .audit-findings li").length > 0`},
		{"/", `form[hx-post="/evaluations/upload"]`, "#casefile", abs(t, "../../examples/project-clinic-2024.yaml"), "已上传，正在检查文件", `document.querySelector("#upload-result .preview")`},
		{fmt.Sprintf("/evaluations/%d/evidence", s.data.Evaluations[0].ID), `form[hx-post$="/files"]`, "#file", evidence, "已上传，正在保存文件", `document.querySelector("#messages").textContent.includes("已上传")`},
	} {
		b.open(u.page)
		eval[bool](b, fmt.Sprintf(recordUpload, u.form))
		b.do(chromedp.SetUploadFiles(chromedp.CSS(u.input), []string{u.file}),
			chromedp.Click(chromedp.CSS(u.form+" button[type=submit]")))
		b.waitFor(u.done)
		seen := eval[[]string](b, `JSON.parse(sessionStorage.getItem("seen"))`)
		if !slices.ContainsFunc(seen, func(s string) bool {
			return strings.HasPrefix(s, "正在上传 ") && strings.HasSuffix(s, "[按钮等待]")
		}) {
			t.Errorf("%s: no upload progress shown: %q", u.page, seen)
		}
		if !slices.ContainsFunc(seen, func(s string) bool { return strings.HasPrefix(s, u.working) && strings.HasSuffix(s, "[按钮等待]") }) {
			t.Errorf("%s: %q not shown once the file was sent: %q", u.page, u.working, seen)
		}
		if eval[bool](b, fmt.Sprintf(`(function (f) { var s = f.querySelector(".upload-status"); return (s && !s.hidden) || f.querySelector("button[type=submit]").disabled })(document.querySelector(%q))`, u.form)) {
			t.Errorf("%s: the status or the waiting button stays after the answer", u.page)
		}
		b.axe(u.page + " with its answer")
	}
}
