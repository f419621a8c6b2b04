package library_test

import (
	"bytes"
	"maps"
	"net/url"
	"reflect"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"jixiao"
	"jixiao/internal/library"
)

func TestStarterInvariants(t *testing.T) {
	l, err := library.Starter()
	if err != nil {
		t.Fatal(err)
	}
	if len(l.Indicators) < 40 {
		t.Fatalf("starter has %d indicators", len(l.Indicators))
	}
	ids := map[string]bool{}
	names := map[[3]string]bool{}
	sectors := map[string]int{}
	for _, in := range l.Indicators {
		key := [3]string{in.Level1, in.Level2, in.Name}
		if ids[in.ID] || names[key] {
			t.Errorf("duplicate %s %v", in.ID, key)
		}
		ids[in.ID], names[key] = true, true
		if u, err := url.Parse(in.SourceURL); in.Source == "" || err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			t.Errorf("%s has no source: %q %q", in.ID, in.Source, in.SourceURL)
		}
		if !strings.Contains(in.Source, "《") || !strings.Contains(in.Source, "》") {
			t.Errorf("%s: source %q names no document", in.ID, in.Source)
		}
		if in.Status != jixiao.LibConfirmed {
			t.Errorf("%s: status %q", in.ID, in.Status)
		}
		// GX- entries are the national common indicators, each citing its
		// 财预 document; HY- entries are sector indicators of their field.
		switch {
		case strings.HasPrefix(in.ID, "GX-"):
			if in.Field != jixiao.FieldCommon {
				t.Errorf("%s: field %q", in.ID, in.Field)
			}
			if !strings.Contains(in.Source, "财预〔") {
				t.Errorf("%s: source %q names no document number", in.ID, in.Source)
			}
		case strings.HasPrefix(in.ID, "HY-"):
			if in.Field == "" || in.Field == jixiao.FieldCommon {
				t.Errorf("%s: sector indicator with field %q", in.ID, in.Field)
			}
			sectors[in.Field]++
		default:
			t.Errorf("%s: unknown code prefix", in.ID)
		}
	}
	want := map[string]int{"农业农村": 12, "教育": 13, "卫生健康": 3, "水利": 6, "交通运输": 6}
	if !maps.Equal(sectors, want) {
		t.Errorf("sector indicators: %v", sectors)
	}
}

func TestYAMLRoundTrip(t *testing.T) {
	l, err := library.Starter()
	if err != nil {
		t.Fatal(err)
	}
	next := l.NextVersion(2025)
	if _, err := next.Propose("CX", jixiao.LibraryIndicator{Name: "培训人次", Level1: "产出指标", Level2: "数量指标", Op: jixiao.OpGE, Unit: "人次", Field: "教育", Core: true, Standard: jixiao.StdPlan}); err != nil {
		t.Fatal(err)
	}
	if err := next.Merge("GX-0002", "GX-0003"); err != nil {
		t.Fatal(err)
	}
	data, err := library.EncodeYAML(next)
	if err != nil {
		t.Fatal(err)
	}
	back, err := library.Parse("往返.yaml", data)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(next, back) {
		t.Fatalf("round trip differs: %v", jixiao.DiffLibrary(next, back))
	}
	if in, ok := back.Find("GX-0002"); !ok || in.ID != "GX-0003" {
		t.Fatalf("merge lost in round trip: %+v", in)
	}
}

func TestParseRefuses(t *testing.T) {
	for name, tc := range map[string]struct{ doc, want string }{
		"duplicate id":   {"version: 1\nyear: 2024\nindicators:\n- {id: A, name: x, level1: 产出, field: 共性, status: 建议}\n- {id: A, name: y, level1: 产出, field: 共性, status: 建议}\n", "指标编码“A”重复"},
		"duplicate name": {"version: 1\nyear: 2024\nindicators:\n- {id: A, name: x, level1: 产出, field: 共性, status: 建议}\n- {id: B, name: x, level1: 产出, field: 共性, status: 建议}\n", "重名"},
		"bad status":     {"version: 1\nyear: 2024\nindicators:\n- {id: A, name: x, level1: 产出, field: 共性, status: 废弃}\n", "状态“废弃”"},
		"bad merge":      {"version: 1\nyear: 2024\nindicators:\n- {id: A, name: x, level1: 产出, field: 共性, status: 已停用, merged_into: Z}\n", "“Z”不在库中"},
		"bad standard":   {"version: 1\nyear: 2024\nindicators:\n- {id: A, name: x, level1: 产出, field: 共性, status: 建议, standard: 估计}\n", "指标值确定依据“估计”"},
		"bad operator":   {"version: 1\nyear: 2024\nindicators:\n- {id: A, name: x, level1: 产出, field: 共性, status: 建议, op: 约}\n", "约"},
		"unknown field":  {"version: 1\nyear: 2024\nfoo: 1\nindicators: []\n", "foo"},
		"too large":      {strings.Repeat(" ", library.MaxFileBytes+1), "超过"},
	} {
		_, err := library.Parse("库.yaml", []byte(tc.doc))
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: error %v, want it to mention %q", name, err, tc.want)
		}
	}
}

func TestXLSX(t *testing.T) {
	l, err := library.Starter()
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := library.WriteXLSX(&buf, l); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := f.GetRows(library.Sheet)
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != len(l.Indicators)+2 {
		t.Fatalf("%d rows for %d indicators", len(rows), len(l.Indicators))
	}
	if !reflect.DeepEqual(rows[1], jixiao.LibraryColumns) {
		t.Fatalf("headers %v", rows[1])
	}
	for i, in := range l.Indicators {
		want := in.Row()
		got := append(rows[i+2], make([]string, len(want))...)[:len(want)]
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("row %d = %v, want %v", i+3, got, want)
		}
	}
	found := false
	for _, n := range f.GetDefinedName() {
		found = found || (n.Name == "_xlnm.Print_Titles" && n.Scope == library.Sheet)
	}
	if !found {
		t.Fatal("no print titles")
	}
}
