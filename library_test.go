package jixiao_test

import (
	"errors"
	"testing"

	"jixiao"
)

func testLibrary(t *testing.T) *jixiao.Library {
	t.Helper()
	l := &jixiao.Library{Version: 1, Year: 2024}
	for _, n := range []string{"预算执行率", "资金到位率"} {
		if _, err := l.Propose("CX", jixiao.LibraryIndicator{Name: n, Level1: "过程", Level2: "资金管理"}); err != nil {
			t.Fatal(err)
		}
	}
	return l
}

func code(err error) string {
	var e *jixiao.Error
	if errors.As(err, &e) {
		return e.Code
	}
	return ""
}

func TestLibraryPropose(t *testing.T) {
	l := testLibrary(t)
	if l.Indicators[0].ID != "CX-0001" || l.Indicators[1].ID != "CX-0002" || l.Indicators[1].Status != jixiao.LibProposed || l.Indicators[1].Field != jixiao.FieldCommon {
		t.Fatalf("proposed: %+v", l.Indicators)
	}
	_, err := l.Propose("CX", jixiao.LibraryIndicator{Name: "预算执行率", Level1: "过程", Level2: "资金管理"})
	if code(err) != jixiao.ECONFLICT {
		t.Fatalf("duplicate name accepted: %v", err)
	}
	// The same name under another 二级指标 is allowed.
	if _, err := l.Propose("CX", jixiao.LibraryIndicator{Name: "预算执行率", Level1: "过程", Level2: "预算执行"}); err != nil {
		t.Fatal(err)
	}
	if _, err := l.Propose("CX", jixiao.LibraryIndicator{Level1: "过程"}); code(err) != jixiao.EINVALID {
		t.Fatalf("nameless indicator accepted: %v", err)
	}
}

func TestLibraryConfirmRetire(t *testing.T) {
	l := testLibrary(t)
	if err := l.Confirm("CX-0001"); err != nil || l.Indicators[0].Status != jixiao.LibConfirmed {
		t.Fatalf("confirm: %v %+v", err, l.Indicators[0])
	}
	if err := l.Confirm("CX-9999"); code(err) != jixiao.ENOTFOUND {
		t.Fatalf("unknown ID confirmed: %v", err)
	}
	if err := l.Retire("CX-0001"); err != nil || l.Indicators[0].Status != jixiao.LibRetired || len(l.Indicators) != 2 {
		t.Fatalf("retire: %v %+v", err, l.Indicators)
	}
	if err := l.Confirm("CX-0001"); code(err) != jixiao.EINVALID {
		t.Fatalf("retired indicator confirmed: %v", err)
	}
	if err := l.Retire("CX-9999"); code(err) != jixiao.ENOTFOUND {
		t.Fatalf("unknown ID retired: %v", err)
	}
	// A retired name may be proposed again, under a new ID.
	id, err := l.Propose("CX", jixiao.LibraryIndicator{Name: "预算执行率", Level1: "过程", Level2: "资金管理"})
	if err != nil || id != "CX-0003" {
		t.Fatalf("re-propose: %q %v", id, err)
	}
}

func TestLibraryMerge(t *testing.T) {
	l := testLibrary(t)
	if err := l.Merge("CX-0002", "CX-0001"); err != nil {
		t.Fatal(err)
	}
	d := l.Indicators[1]
	if d.Status != jixiao.LibRetired || d.MergedInto != "CX-0001" {
		t.Fatalf("duplicate after merge: %+v", d)
	}
	if in, ok := l.Find("CX-0002"); !ok || in.ID != "CX-0001" {
		t.Fatalf("old ID resolves to %+v %v", in, ok)
	}
	next := l.NextVersion(2025)
	if in, ok := next.Find("CX-0002"); !ok || in.ID != "CX-0001" {
		t.Fatalf("old ID in next version resolves to %+v %v", in, ok)
	}
	if err := l.Merge("CX-0001", "CX-0001"); code(err) != jixiao.EINVALID {
		t.Fatalf("self merge: %v", err)
	}
	if err := l.Merge("CX-0001", "CX-0002"); code(err) != jixiao.EINVALID {
		t.Fatalf("merge into retired: %v", err)
	}
	if err := l.Merge("CX-0001", "CX-0404"); code(err) != jixiao.ENOTFOUND {
		t.Fatalf("merge into unknown: %v", err)
	}
	if _, ok := l.Find("CX-0404"); ok {
		t.Fatal("unknown ID found")
	}
}

func TestLibraryNextVersionAndDiff(t *testing.T) {
	l := testLibrary(t)
	next := l.NextVersion(2025)
	if next.Version != 2 || next.Year != 2025 || len(next.Indicators) != 2 || next.Indicators[0].ID != "CX-0001" {
		t.Fatalf("next: %+v", next)
	}
	if d := jixiao.DiffLibrary(l, next); len(d) != 0 {
		t.Fatalf("unchanged copy differs: %+v", d)
	}
	if err := next.Confirm("CX-0002"); err != nil {
		t.Fatal(err)
	}
	next.Indicators[0].Unit = "%"
	if l.Indicators[0].Unit != "" || l.Indicators[1].Status != jixiao.LibProposed {
		t.Fatal("NextVersion shares indicators with the old version")
	}
	id, _ := next.Propose("CX", jixiao.LibraryIndicator{Name: "满意度", Level1: "效益"})
	want := []jixiao.LibraryChange{
		{ID: "CX-0001", Field: "度量单位", Old: "", New: "%"},
		{ID: "CX-0002", Field: "状态", Old: "建议", New: "已确认"},
		{ID: id, Field: "新增", New: "满意度"},
	}
	got := jixiao.DiffLibrary(l, next)
	if len(got) != len(want) {
		t.Fatalf("diff %+v, want %+v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("diff[%d] = %+v, want %+v", i, got[i], want[i])
		}
	}
	back := jixiao.DiffLibrary(next, l)
	if last := back[len(back)-1]; last.Field != "删除" || last.ID != id {
		t.Fatalf("reverse diff: %+v", back)
	}
}

// TestLibraryEditFieldAndSource: an edit moves an indicator to another
// 领域 and changes its source in the next version, keeping its code; the
// version before keeps the old ones, and a 领域 cannot be emptied.
func TestLibraryEditFieldAndSource(t *testing.T) {
	l := testLibrary(t)
	next := l.NextVersion(2025)
	in := next.Indicators[0]
	in.Field, in.Source, in.SourceURL = "卫生健康", "某县卫生健康委员会《项目支出绩效目标表》", "https://example.gov.cn/a.html"
	if err := next.Edit("CX-0001", in); err != nil {
		t.Fatal(err)
	}
	got, ok := next.Find("CX-0001")
	if !ok || got.ID != "CX-0001" || got.Name != "预算执行率" || got.Field != "卫生健康" || got.Source != in.Source || got.SourceURL != in.SourceURL {
		t.Fatalf("edited: %+v", got)
	}
	if was, _ := l.Find("CX-0001"); was.Field != jixiao.FieldCommon || was.Source != "" {
		t.Errorf("the version before changed: %+v", was)
	}
	d := jixiao.CompareLibrary(l, next)
	if len(d) != 1 || d[0].ID != "CX-0001" || d[0].Kind != "修改" || len(d[0].Changes) != 3 ||
		d[0].Changes[0].Field != "领域" || d[0].Changes[1].Field != "来源文件" || d[0].Changes[2].Field != "来源地址" {
		t.Fatalf("compare: %+v", d)
	}
	in.Field = ""
	if err := next.Edit("CX-0001", in); code(err) != jixiao.EINVALID {
		t.Errorf("emptying the 领域: %v", err)
	}
	in.Field = "卫生健康"
	if err := next.Edit("CX-0001", in); code(err) != jixiao.EINVALID {
		t.Errorf("an edit that changes nothing: %v", err)
	}
}
