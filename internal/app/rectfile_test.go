package app_test

import (
	"archive/zip"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/binary"
	"fmt"
	"hash"
	"io"
	"math/rand/v2"
	"runtime"
	"strings"
	"testing"

	"jixiao"
	"jixiao/internal/app"
	"jixiao/internal/sqlstore"
	"jixiao/internal/sqlstore/sqltest"
)

// TestRectificationFiles follows an item's evidence files on both
// engines: the department uploads a PDF, a Word file and a PNG; a file
// over the limit, an empty one, a text file, a ZIP archive that is not an
// Office file and the file after the last allowed are refused with the
// file's name and the limit; the bureau may not upload, another
// department does not see the item; the feedback with no text names the
// files as its evidence and closes the upload; whoever sees the item
// downloads the same bytes; each upload is in the audit log.
func TestRectificationFiles(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		ctx := context.Background()
		a := app.New(db)
		sys := &jixiao.User{Username: "fixture"}
		org := fixtures{t, ctx, db, sys}.org
		city := org("B1", "石家庄市财政局", jixiao.OrgBureau, 0)
		edu := org("D1", "石家庄市教育局", jixiao.OrgDepartment, city)
		road := org("D2", "石家庄市交通运输局", jixiao.OrgDepartment, city)
		as := fixtures{t, ctx, db, sys}.as
		reviewer := as("reviewer", jixiao.RoleReviewer, city)
		prep := as("edu", jixiao.RolePreparer, edu)
		other := as("road", jixiao.RolePreparer, road)
		item, err := a.CreateRectification(reviewer, &jixiao.RectificationInput{OrgID: edu, Year: 2025, Source: jixiao.RectRecheck,
			Problem: "绩效目标不够细化", Owner: "张敏", Measure: "细化目标", Deadline: "2026-06-30"})
		if err != nil {
			t.Fatal(err)
		}
		pdf := []byte("%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")
		png := append([]byte("\x89PNG\r\n\x1a\n"), make([]byte, 64)...)
		var docx bytes.Buffer
		zw := zip.NewWriter(&docx)
		w, _ := zw.Create("word/document.xml")
		w.Write([]byte("<w:document/>"))
		zw.Close()
		refused := func(what string, ctx context.Context, name string, data []byte, code string, words ...string) {
			t.Helper()
			_, err := a.AddRectificationFile(ctx, item.ID, name, bytes.NewReader(data))
			if jixiao.ErrorCode(err) != code {
				t.Fatalf("%s: %v, want %s", what, err, code)
			}
			for _, w := range words {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("%s: %q lacks %q", what, err.Error(), w)
				}
			}
		}
		for _, f := range []struct {
			name string
			data []byte
			want string
		}{{"整改报告.pdf", pdf, "application/pdf"}, {`C:\材料\会议纪要.docx`, docx.Bytes(), "application/zip"}, {"现场照片.png", png, "image/png"}} {
			got, err := a.AddRectificationFile(prep, item.ID, f.name, bytes.NewReader(f.data))
			if err != nil {
				t.Fatal(err)
			}
			if got.ContentType != f.want || got.Size != int64(len(f.data)) || strings.ContainsAny(got.Name, `\/`) || got.CreatedBy != "edu" {
				t.Errorf("stored %+v", got)
			}
		}
		refused("too large", prep, "扫描件.pdf", append(pdf, make([]byte, jixiao.MaxRectFileSize)...), jixiao.EINVALID, "扫描件.pdf", "超过 10 兆字节的上限")
		refused("empty", prep, "空白.pdf", nil, jixiao.EINVALID, "空白.pdf")
		refused("text", prep, "说明.txt", []byte("已整改完毕"), jixiao.EINVALID, "说明.txt", "PDF")
		refused("archive", prep, "材料.zip", docx.Bytes(), jixiao.EINVALID, "材料.zip")
		refused("bureau", reviewer, "确认.pdf", pdf, jixiao.EFORBIDDEN)
		refused("other department", other, "整改报告.pdf", pdf, jixiao.ENOTFOUND)
		for i := 3; i < jixiao.MaxRectFiles; i++ {
			if _, err := a.AddRectificationFile(prep, item.ID, fmt.Sprintf("照片%d.png", i), bytes.NewReader(png)); err != nil {
				t.Fatal(err)
			}
		}
		refused("one too many", prep, "照片末.png", png, jixiao.EINVALID, "照片末.png", fmt.Sprintf("至多 %d 个", jixiao.MaxRectFiles))

		rec, err := a.Rectification(prep, item.ID)
		if err != nil || len(rec.Files) != jixiao.MaxRectFiles || rec.Files[1].Name != "会议纪要.docx" {
			t.Fatalf("the item's files: %+v %v", rec, err)
		}
		rec, err = a.RectificationFeedback(prep, item.ID, rec.Version, nil, "", "已按要求细化")
		if err != nil {
			t.Fatal(err)
		}
		if ev := rec.Item.Evidence; len(ev) != jixiao.MaxRectFiles || ev[0] != "证明文件：整改报告.pdf" {
			t.Errorf("the feedback's evidence: %v", ev)
		}
		refused("after the feedback", prep, "补充.pdf", pdf, jixiao.EINVALID, "落实反馈")

		for _, who := range []context.Context{reviewer, prep} {
			f, body, err := a.RectificationFile(who, item.ID, rec.Files[0].ID)
			if err != nil {
				t.Fatal(err)
			}
			got, _ := io.ReadAll(body)
			body.Close()
			if !bytes.Equal(got, pdf) || f.Name != "整改报告.pdf" {
				t.Errorf("downloaded %q %q", f.Name, got)
			}
		}
		if _, _, err := a.RectificationFile(other, item.ID, rec.Files[0].ID); jixiao.ErrorCode(err) != jixiao.ENOTFOUND {
			t.Errorf("another department downloads: %v", err)
		}
		if _, _, err := a.RectificationFile(reviewer, item.ID, rec.Files[0].ID+1000); jixiao.ErrorCode(err) != jixiao.ENOTFOUND {
			t.Errorf("a file that is not there: %v", err)
		}
		entries, _, err := db.Audit(ctx, jixiao.AuditFilter{Entity: "rectification", EntityID: item.ID, Limit: 100})
		if err != nil {
			t.Fatal(err)
		}
		attached := 0
		for _, e := range entries {
			if e.Action == "attach" && strings.Contains(e.New, "rectification_id") {
				attached++
			}
		}
		if attached != jixiao.MaxRectFiles {
			t.Errorf("%d uploads in the audit log, want %d", attached, jixiao.MaxRectFiles)
		}
	})
}

// TestRectificationFileStreams downloads an evidence file of the largest
// size allowed on both engines: the bytes are those uploaded, and while
// the download is half done the heap holds far less than the file (the
// store reads it chunk by chunk, never whole).
func TestRectificationFileStreams(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		ctx := context.Background()
		a := app.New(db)
		sys := &jixiao.User{Username: "fixture"}
		org := fixtures{t, ctx, db, sys}.org
		city := org("B1", "石家庄市财政局", jixiao.OrgBureau, 0)
		edu := org("D1", "石家庄市教育局", jixiao.OrgDepartment, city)
		as := fixtures{t, ctx, db, sys}.as
		reviewer := as("reviewer", jixiao.RoleReviewer, city)
		prep := as("edu", jixiao.RolePreparer, edu)
		item, err := a.CreateRectification(reviewer, &jixiao.RectificationInput{OrgID: edu, Year: 2025, Source: jixiao.RectRecheck,
			Problem: "绩效目标不够细化", Owner: "张敏", Measure: "细化目标", Deadline: "2026-06-30"})
		if err != nil {
			t.Fatal(err)
		}
		data := []byte("%PDF-1.4\n")
		rnd := rand.New(rand.NewPCG(18, 24))
		for len(data) < jixiao.MaxRectFileSize {
			data = binary.LittleEndian.AppendUint64(data, rnd.Uint64())
		}
		data = data[:jixiao.MaxRectFileSize]
		want := sha256.Sum256(data)
		f, err := a.AddRectificationFile(prep, item.ID, "扫描件.pdf", bytes.NewReader(data))
		if err != nil {
			t.Fatal(err)
		}
		data = nil

		heap := func() uint64 {
			runtime.GC()
			var m runtime.MemStats
			runtime.ReadMemStats(&m)
			return m.HeapAlloc
		}
		before := heap()
		got, body, err := a.RectificationFile(reviewer, item.ID, f.ID)
		if err != nil {
			t.Fatal(err)
		}
		w := &watchWriter{h: sha256.New(), at: jixiao.MaxRectFileSize / 2, heap: heap}
		n, err := io.Copy(w, body)
		body.Close()
		if err != nil || n != jixiao.MaxRectFileSize || got.Size != n || got.ContentType != "application/pdf" || got.Name != "扫描件.pdf" {
			t.Fatalf("copied %d bytes of %+v: %v", n, got, err)
		}
		if sum := w.h.Sum(nil); !bytes.Equal(sum, want[:]) {
			t.Error("the downloaded bytes differ from the uploaded ones")
		}
		if grew := int64(w.heap0) - int64(before); grew > jixiao.MaxRectFileSize/4 {
			t.Errorf("halfway through the download the heap grew by %d bytes for a file of %d", grew, jixiao.MaxRectFileSize)
		}
	})
}

// watchWriter hashes what it is given and measures the heap once it has
// been given at bytes.
type watchWriter struct {
	h     hash.Hash
	n, at int
	heap  func() uint64
	heap0 uint64
}

func (w *watchWriter) Write(p []byte) (int, error) {
	w.h.Write(p)
	if w.n < w.at && w.n+len(p) >= w.at {
		w.heap0 = w.heap()
	}
	w.n += len(p)
	return len(p), nil
}
