package yamlcodec

import (
	"bytes"
	"encoding/json"
	"io/fs"
	"reflect"
	"strings"
	"testing"

	"jixiao"
	"jixiao/examples"
	"jixiao/internal/synth"
)

// exampleJSON returns every example case and a generated department, as
// the JSON the system writes (caseio.Encode).
func exampleJSON(t testing.TB) map[string][]byte {
	t.Helper()
	out := map[string][]byte{}
	names, err := fs.Glob(examples.FS, "*.yaml")
	if err != nil || len(names) == 0 {
		t.Fatalf("examples: %v %v", names, err)
	}
	for _, name := range names {
		data, _ := examples.FS.ReadFile(name)
		var ev jixiao.Evaluation
		if _, err := Decode(name, data, &ev); err != nil {
			t.Fatal(err)
		}
		b, err := json.MarshalIndent(&ev, "", "  ")
		if err != nil {
			t.Fatal(err)
		}
		out[name] = b
	}
	b, err := json.Marshal(synth.New(7, 10).Department(0, 2024, 40))
	if err != nil {
		t.Fatal(err)
	}
	out["synth"] = b
	return out
}

// treeDecode is the tree decoder alone.
func treeDecode(t testing.TB, data []byte) (*jixiao.Evaluation, error) {
	t.Helper()
	var ev jixiao.Evaluation
	_, err := decodeTree("x.json", data, reflect.ValueOf(&ev), DefaultLimits)
	return &ev, err
}

// TestDirectMatchesTree decodes every example (as JSON) both ways: the
// direct decoder must accept each and give exactly the tree decoder's value.
func TestDirectMatchesTree(t *testing.T) {
	for name, data := range exampleJSON(t) {
		want, err := treeDecode(t, data)
		if err != nil {
			t.Fatalf("%s: tree: %v", name, err)
		}
		var got jixiao.Evaluation
		if !decodeDirect(data, reflect.ValueOf(&got).Elem()) {
			t.Fatalf("%s: the direct decoder declined a document the system wrote", name)
		}
		if !reflect.DeepEqual(normal(t, &got), normal(t, want)) {
			t.Errorf("%s: direct and tree decoders differ", name)
		}
	}
}

// normal compares values through their JSON (slice capacities and
// decimal internals aside, the same value gives the same bytes).
func normal(t testing.TB, ev *jixiao.Evaluation) string {
	b, err := json.Marshal(ev)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// TestDirectDeclines: documents the tree decoder rejects or reads
// differently from encoding/json's habits must not be accepted directly;
// Decode then gives the tree decoder's error, naming the field.
func TestDirectDeclines(t *testing.T) {
	base := `{"format":"jixiao-case/1","subject":"project","year":2024,"org":{"name":"某单位"},"projects":[{"name":"项目甲"}]}`
	var ok jixiao.Evaluation
	if !decodeDirect([]byte(base), reflect.ValueOf(&ok).Elem()) || ok.Org.Name != "某单位" || ok.Year != 2024 {
		t.Fatalf("base document not decoded directly: %+v", ok)
	}
	cases := []struct{ name, doc, msg string }{
		{"case-insensitive key", strings.Replace(base, `"year"`, `"Year"`, 1), "未知字段“Year”"},
		{"duplicate key", strings.Replace(base, `"year":2024`, `"year":2024,"year":2025`, 1), "重复"},
		{"missing required", strings.Replace(base, `"year":2024,`, ``, 1), "缺少必填字段“year”"},
		{"null required", strings.Replace(base, `"year":2024`, `"year":null`, 1), "缺少必填字段“year”"},
		{"integer as text", strings.Replace(base, `2024`, `"二〇二四"`, 1), "应为整数"},
		{"trailing comma", strings.Replace(base, `"某单位"}`, `"某单位",}`, 1), ""},
		{"bad subject", strings.Replace(base, `"project"`, `"projekt"`, 1), "subject"},
	}
	for _, c := range cases {
		var ev jixiao.Evaluation
		if decodeDirect([]byte(c.doc), reflect.ValueOf(&ev).Elem()) {
			t.Errorf("%s: accepted directly", c.name)
			continue
		}
		_, err := Decode("x.json", []byte(c.doc), &jixiao.Evaluation{})
		if c.msg == "" { // YAML, not JSON: the tree decoder reads it
			if err != nil {
				t.Errorf("%s: %v", c.name, err)
			}
			continue
		}
		if err == nil {
			t.Errorf("%s: Decode accepted %s", c.name, c.doc)
		} else if !strings.Contains(err.Error(), c.msg) {
			t.Errorf("%s: error %q lacks %q", c.name, err, c.msg)
		}
	}
}

// TestDirectPositionsOnDemand: a document decoded directly has no
// positions until a problem is located; then they are the tree decoder's.
func TestDirectPositionsOnDemand(t *testing.T) {
	doc := "{\n  \"format\": \"jixiao-case/1\",\n  \"subject\": \"project\",\n  \"year\": 2024,\n  \"org\": {\"name\": \"某单位\"},\n  \"projects\": [\n    {\"name\": \"项目甲\"}\n  ]\n}\n"
	var ev jixiao.Evaluation
	d, err := Decode("x.json", []byte(doc), &ev)
	if err != nil {
		t.Fatal(err)
	}
	if d.pos != nil || d.data == nil {
		t.Fatalf("positions worked out before they were needed")
	}
	es := d.Problems(jixiao.Problems{{Path: "projects[0].name", Message: "名称不对"}})
	if len(es) != 1 || es[0].Line != 7 || es[0].Field != "项目名称" ||
		es[0].Error() != "x.json:7:6: 字段 projects[0].name（项目名称）：名称不对" {
		t.Fatalf("got %v", es)
	}
}

// TestDirectEscapes: escaped text is decoded as the tree decoder decodes it.
func TestDirectEscapes(t *testing.T) {
	doc := `{"format":"jixiao-case/1","subject":"project","year":2024,"org":{"name":"甲\n乙\t\"丙\"\u4e01\\"},"projects":[{"name":"x"}]}`
	want, err := treeDecode(t, []byte(doc))
	if err != nil {
		t.Fatal(err)
	}
	var got jixiao.Evaluation
	if !decodeDirect([]byte(doc), reflect.ValueOf(&got).Elem()) {
		t.Fatal("declined")
	}
	if got.Org.Name != "甲\n乙\t\"丙\"丁\\" || got.Org.Name != want.Org.Name {
		t.Fatalf("direct %q, tree %q", got.Org.Name, want.Org.Name)
	}
}

// BenchmarkDecodeJSONCase decodes a generated department case of 40
// projects × 10 indicators (400 indicators), written as JSON, through the
// YAML syntax tree (before) and directly (after), in the same run, and
// directly with the positions worked out for one problem (what check does
// for a case with findings). Run:
//
//	go test ./internal/yamlcodec -run '^$' -bench DecodeJSONCase -benchmem -count 3
//
// Measured (2 shared, loaded cores, -count 3; B and allocs are stable):
//
//	tree              29–80 ms/op  11.1 MB/op  168,970 allocs/op  (~27,700 B, 422 allocs per indicator)
//	direct            2.4–4.8 ms/op  0.93 MB/op  8,600 allocs/op  (~2,300 B, 21.5 allocs per indicator)
//	direct+positions  12–32 ms/op  2.67 MB/op  21,378 allocs/op  (machine busier in that run)
func BenchmarkDecodeJSONCase(b *testing.B) {
	data, err := json.Marshal(synth.New(7, 10).Department(0, 2024, 40))
	if err != nil {
		b.Fatal(err)
	}
	b.Run("tree", func(b *testing.B) {
		b.ReportAllocs()
		b.SetBytes(int64(len(data)))
		for b.Loop() {
			if _, err := treeDecode(b, data); err != nil {
				b.Fatal(err)
			}
		}
		b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*400), "ns/indicator")
	})
	b.Run("direct+positions", func(b *testing.B) {
		b.ReportAllocs()
		b.SetBytes(int64(len(data)))
		for b.Loop() {
			var ev jixiao.Evaluation
			d, err := Decode("x.json", data, &ev)
			if err != nil {
				b.Fatal(err)
			}
			if line, _ := d.Locate("projects[39].indicators[9].name"); line != 1 {
				b.Fatal(line)
			}
		}
		b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*400), "ns/indicator")
	})
	b.Run("direct", func(b *testing.B) {
		b.ReportAllocs()
		b.SetBytes(int64(len(data)))
		for b.Loop() {
			var ev jixiao.Evaluation
			if _, err := Decode("x.json", data, &ev); err != nil {
				b.Fatal(err)
			}
		}
		b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*400), "ns/indicator")
	})
}

// TestJSONPositionsMatchTree: the positions worked out directly for a JSON
// document are exactly those the tree decoder records, for every example
// written indented and on one line.
func TestJSONPositionsMatchTree(t *testing.T) {
	for name, data := range exampleJSON(t) {
		var line bytes.Buffer
		if err := json.Compact(&line, data); err != nil {
			t.Fatal(err)
		}
		for _, doc := range [][]byte{data, line.Bytes()} {
			var ev jixiao.Evaluation
			tree, err := decodeTree("x.json", doc, reflect.ValueOf(&ev), DefaultLimits)
			if err != nil {
				t.Fatal(err)
			}
			got := jsonPositions(doc, reflect.TypeFor[jixiao.Evaluation]())
			if got == nil {
				t.Fatalf("%s: no positions", name)
			}
			bad := 0
			for p, want := range tree.pos {
				if got[p] != want && bad < 5 {
					t.Errorf("%s: %s at %v, tree says %v", name, p, got[p], want)
					bad++
				}
			}
			if len(got) != len(tree.pos) {
				t.Errorf("%s: %d positions, tree has %d", name, len(got), len(tree.pos))
			}
		}
	}
}

// TestLocateWantedMatchesAll: Locate and Prepare, which walk a directly
// decoded document only for the paths asked for (skipping the rest), give
// every path, and paths absent from the document (their nearest ancestor),
// the position the full walk gives, for every example indented and on one
// line, asked all at once and (a sample) one at a time.
func TestLocateWantedMatchesAll(t *testing.T) {
	for name, data := range exampleJSON(t) {
		var line bytes.Buffer
		if err := json.Compact(&line, data); err != nil {
			t.Fatal(err)
		}
		for _, doc := range [][]byte{data, line.Bytes()} {
			all := jsonPositions(doc, reflect.TypeFor[jixiao.Evaluation]())
			if len(all) < 20 {
				t.Fatalf("%s: %d positions", name, len(all))
			}
			var paths []string
			for p := range all {
				paths = append(paths, p, p+".missing", p+"[99]")
			}
			full := &Doc{pos: all}
			decode := func() *Doc {
				var ev jixiao.Evaluation
				d, err := Decode("x.json", doc, &ev)
				if err != nil || d.data == nil {
					t.Fatalf("%s: not decoded directly: %v", name, err)
				}
				return d
			}
			one, many := decode(), decode()
			many.Prepare(paths)
			if len(many.pos) != len(all) {
				t.Errorf("%s: Prepare recorded %d positions, the full walk %d", name, len(many.pos), len(all))
			}
			for i, p := range paths {
				wl, wc := full.Locate(p)
				if i%17 == 0 { // one walk each: a sample, for time
					if l, c := one.Locate(p); l != wl || c != wc {
						t.Errorf("%s: Locate(%s) = %d:%d, want %d:%d", name, p, l, c, wl, wc)
					}
				}
				if l, c := many.Locate(p); l != wl || c != wc {
					t.Errorf("%s: after Prepare, Locate(%s) = %d:%d, want %d:%d", name, p, l, c, wl, wc)
				}
			}
		}
	}
}

// TestDirectItems counts an array's elements ahead of reading it, over
// strings holding brackets, commas and escaped quotes and nested
// collections; an array that does not end counts 0.
func TestDirectItems(t *testing.T) {
	for doc, want := range map[string]int{
		`[]`:                        0,
		` [ ] `:                     0,
		`[1]`:                       1,
		`["a,b", "c]\"d,", 3]`:      3,
		`[{"a":[1,2,3]},{"b":"}"}]`: 2,
		`[[],[[]],{}]`:              3,
		`[1, 2`:                     0,
	} {
		d := direct{data: []byte(doc)}
		d.ws()
		if got := d.items(); got != want {
			t.Errorf("%s: %d items, want %d", doc, got, want)
		}
	}
}
