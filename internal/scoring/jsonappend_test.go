package scoring_test

import (
	"bytes"
	"encoding/json"
	"testing"

	"jixiao"
	"jixiao/internal/rulebook"
	"jixiao/internal/scoring"
	"jixiao/internal/synth"
)

// encodeJSON is ToJSON(sc) as the batch's encoder wrote it before
// AppendJSON: encoding/json, compact, no HTML escaping, no newline.
func encodeJSON(t *testing.T, sc *jixiao.Scorecard) []byte {
	t.Helper()
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(scoring.ToJSON(sc)); err != nil {
		t.Fatal(err)
	}
	return bytes.TrimSuffix(buf.Bytes(), []byte("\n"))
}

func expectSameJSON(t *testing.T, what string, sc *jixiao.Scorecard) {
	t.Helper()
	want := encodeJSON(t, sc)
	got := scoring.AppendJSON([]byte("前缀"), sc)
	if !bytes.HasPrefix(got, []byte("前缀")) || !bytes.Equal(got[len("前缀"):], want) {
		t.Fatalf("%s: AppendJSON differs from encoding/json\n got %s\nwant %s", what, got[len("前缀"):], want)
	}
}

// AppendJSON writes what encoding/json writes for ToJSON, on every
// example, on generated projects and departments, and on text that needs
// escaping (quotes, control characters, HTML characters left as they
// are, invalid UTF-8, U+2028/U+2029) and numbers that do not fit an int64.
func TestAppendJSONMatchesEncoding(t *testing.T) {
	for _, name := range []string{"shijiazhuang-2024.yaml", "department-education-2024.yaml", "project-clinic-2024.yaml", "project-farmland-2024.yaml", "project-training-2024.yaml"} {
		expectSameJSON(t, name, scoreExample(t, name))
	}
	rb, err := rulebook.Load("mof-2020")
	if err != nil {
		t.Fatal(err)
	}
	g := synth.New(7, 10)
	for i := range 50 {
		ev := g.ProjectEvaluation(i, 2024)
		sc, err := scoring.Score(ev, rb)
		if err != nil {
			t.Fatal(err)
		}
		expectSameJSON(t, "generated project", sc)
	}
	sc := scoreExample(t, "department-education-2024.yaml")
	n := sc.Nodes[0]
	n.Name = "引号\"反斜杠\\换行\n回车\r制表\t退格\b换页\f响铃\x07删除\x7f<html>&amp;"
	n.Explanation = "无效\xff\xfe编码\u2028行\u2029段\xe4\xb8"
	n.Notes = []string{"", "\x00\x1f"}
	n.Rubric = ""
	n.Weight = jixiao.Dec("123456789012345678901234.5000")
	n.Score = jixiao.Dec("-98765432109876543210.123456789")
	sc.Total = jixiao.Dec("0.000000000000000000001")
	sc.GradeNote = "按文件"
	sc.Incomplete = "未填"
	expectSameJSON(t, "escaped text and large numbers", sc)
}

// AppendFixed and AppendPlain append what Fixed and Plain return, in and
// beyond the int64 range.
func TestAppendNumbers(t *testing.T) {
	for _, s := range []string{"0", "-0.5", "1.005", "17", "0.50", "100.000", "-12.3450", "99999999999999999.995", "123456789012345678901234567890.125", "-0.0000001", "5E+3"} {
		d := jixiao.Dec(s)
		if got, want := string(jixiao.AppendPlain([]byte("x"), d)), "x"+jixiao.Plain(d); got != want {
			t.Errorf("AppendPlain(%s) = %q, want %q", s, got, want)
		}
		for places := int32(0); places <= 4; places++ {
			if got, want := string(jixiao.AppendFixed([]byte("x"), d, places)), "x"+jixiao.Fixed(d, places); got != want {
				t.Errorf("AppendFixed(%s, %d) = %q, want %q", s, places, got, want)
			}
		}
	}
}
