package web_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"fmt"
	"io"
	"net/url"
	"strings"
	"testing"

	"jixiao"
)

// TestRectificationFilesPage: the overdue item's reminder among the
// department's recent reminders links to the item; the department uploads
// an evidence file on the item's page and sees it listed; a file of another type is refused
// with its name; the feedback without text is accepted with the file as
// its evidence, after which the page offers no upload; the bureau's
// reviewer downloads the file as it was uploaded.
func TestRectificationFilesPage(t *testing.T) {
	s := newSite(t)
	_, _, item := recheckFixture(t, s, 0)
	if _, err := s.app.SendReminders(context.Background()); err != nil {
		t.Fatal(err)
	}
	c := signIn(t, s, "preparer")
	if _, body := c.get("/tasks"); !strings.Contains(body, `<a href="`+item+`">【整改逾期提醒】`) {
		t.Errorf("the recent reminders do not link the overdue item")
	}
	if st, body := c.get(item); st != 200 || !strings.Contains(body, `id="rect-upload"`) || !strings.Contains(body, "每个不超过 10 兆字节") {
		t.Fatalf("the item's page offers no upload: %d", st)
	}
	png := append([]byte("\x89PNG\r\n\x1a\n"), make([]byte, 100)...)
	if st, body := c.postFile(item+"/files", "现场照片.png", png, false); st != 303 {
		t.Fatalf("upload: %d %.3000s", st, body)
	}
	st, body := c.postFile(item+"/files", "说明.txt", []byte("已整改"), false)
	if st != 400 || !strings.Contains(body, "证明文件“说明.txt”的类型不允许上传") {
		t.Errorf("a text file: %d", st)
	}
	_, body = c.get(item)
	var link string
	if i := strings.Index(body, `<ul id="rect-files"><li><a href="`); i >= 0 {
		link, _, _ = strings.Cut(body[i+len(`<ul id="rect-files"><li><a href="`):], `"`)
	}
	if !strings.HasPrefix(link, item+"/files/") || !strings.Contains(body, "现场照片.png") {
		t.Fatalf("the page lists no file: %q", link)
	}
	var version string
	if i := strings.Index(body, `name="version" value="`); i >= 0 {
		version, _, _ = strings.Cut(body[i+len(`name="version" value="`):], `"`)
	}
	if st, body := c.post(item+"/do/feedback", url.Values{"version": {version}, "note": {"照片见附件"}}); st != 303 {
		t.Fatalf("feedback with the file alone: %d %.300s", st, body)
	}
	_, body = c.get(item)
	if !strings.Contains(body, "<li>证明文件：现场照片.png</li>") || strings.Contains(body, `id="rect-upload"`) {
		t.Errorf("after the feedback the page shows no file as evidence, or still offers uploads")
	}
	r := signIn(t, s, "reviewer")
	resp, err := r.c.Get(r.base + link)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var got strings.Builder
	fmt.Fprint(&got, readAll(resp))
	if resp.StatusCode != 200 || got.String() != string(png) || resp.Header.Get("Content-Type") != "image/png" ||
		!strings.Contains(resp.Header.Get("Content-Disposition"), url.PathEscape("现场照片.png")) {
		t.Errorf("download: %d %q %q", resp.StatusCode, resp.Header.Get("Content-Type"), resp.Header.Get("Content-Disposition"))
	}
}

// TestRectificationFileDownloadLarge uploads an evidence file of the
// largest size allowed and downloads it as the bureau's reviewer: the
// same bytes, with its length, type and Chinese name in the headers.
func TestRectificationFileDownloadLarge(t *testing.T) {
	s := newSite(t)
	_, _, item := recheckFixture(t, s, 0)
	data := append([]byte("%PDF-1.4\n"), make([]byte, jixiao.MaxRectFileSize-9)...)
	for i := 9; i < len(data); i++ {
		data[i] = byte(i % 251)
	}
	c := signIn(t, s, "preparer")
	if st, body := c.postFile(item+"/files", "整改报告扫描件.pdf", data, false); st != 303 {
		t.Fatalf("upload: %d %.300s", st, body)
	}
	_, body := c.get(item)
	var link string
	if i := strings.Index(body, `<ul id="rect-files"><li><a href="`); i >= 0 {
		link, _, _ = strings.Cut(body[i+len(`<ul id="rect-files"><li><a href="`):], `"`)
	}
	r := signIn(t, s, "reviewer")
	resp, err := r.c.Get(r.base + link)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	h := sha256.New()
	n, err := io.Copy(h, resp.Body)
	want := sha256.Sum256(data)
	if err != nil || resp.StatusCode != 200 || n != int64(len(data)) || !bytes.Equal(h.Sum(nil), want[:]) {
		t.Fatalf("download: %d, %d bytes of %d, %v", resp.StatusCode, n, len(data), err)
	}
	if resp.Header.Get("Content-Type") != "application/pdf" || resp.Header.Get("Content-Length") != fmt.Sprint(len(data)) ||
		!strings.Contains(resp.Header.Get("Content-Disposition"), url.PathEscape("整改报告扫描件.pdf")) {
		t.Errorf("headers %v", resp.Header)
	}
}
