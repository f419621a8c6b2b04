package yamlcodec

import (
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/goccy/go-yaml/ast"
	"github.com/goccy/go-yaml/parser"

	"jixiao/internal/testutil"
)

// shape measures what the parser makes of a document: the deepest nesting
// of collections and the count of values.
func shape(t testing.TB, data []byte) (depth, nodes int, ok bool) {
	t.Helper()
	f, err := parser.ParseBytes(data, 0)
	if err != nil {
		return 0, 0, false
	}
	var walk func(n ast.Node, d int)
	walk = func(n ast.Node, d int) {
		if n == nil {
			return
		}
		switch x := n.(type) {
		case *ast.MappingNode:
			d++
			nodes++
			for _, v := range x.Values {
				walk(v, d)
			}
		case *ast.MappingValueNode:
			walk(x.Key, d)
			walk(x.Value, d)
		case *ast.SequenceNode:
			d++
			nodes++
			for _, v := range x.Values {
				walk(v, d)
			}
		case *ast.AnchorNode:
			walk(x.Value, d)
		case *ast.TagNode:
			walk(x.Value, d)
		case *ast.DocumentNode:
			walk(x.Body, d)
		default:
			nodes++
		}
		depth = max(depth, d)
	}
	for _, doc := range f.Docs {
		walk(doc, 0)
	}
	return depth, nodes, true
}

func TestGuardRefusesNesting(t *testing.T) {
	lim := Limits{Bytes: 1 << 20, Depth: 64, Nodes: 100_000, Aliases: 10}
	deep := 100_000
	cases := []struct {
		name, doc, want string
	}{
		{"json arrays", strings.Repeat("[", deep), "嵌套层数超过 64 层"},
		{"json objects", strings.Repeat(`{"a":`, deep), "嵌套层数超过 64 层"},
		{"flow after a key", "name: x\nlist: " + strings.Repeat("[", deep), "嵌套层数超过 64 层"},
		{"sequence indicators", strings.Repeat("- ", deep) + "x", "嵌套层数超过 64 层"},
		{"indentation staircase", staircase(100), "嵌套层数超过 64 层"},
		{"many values", "[" + strings.Repeat("1,", 200_000) + "1]", "包含的值超过 100000 个"},
		{"many keys", strings.Repeat("k: v\n", 200_000), "包含的值超过 100000 个"},
		{"aliases", "a: &x [1]\nb: [" + strings.Repeat("*x, ", 20) + "*x]", "别名（*）超过 10 处"},
		{"too big", strings.Repeat(" ", 2<<20), "内容过大（2 兆字节），上限为 1 兆字节"},
		// A quote inside a plain scalar is not a string: what follows is
		// still counted.
		{"quote in plain scalar", "a: x\"\nb: " + strings.Repeat("[", deep) + "\"", "嵌套层数超过 64 层"},
		{"apostrophe in plain scalar", "a: don't\nb: " + strings.Repeat("[", deep) + "'", "嵌套层数超过 64 层"},
		// A block scalar's content is skipped only while it is indented.
		{"after a block scalar", "a: |\n    text\n  " + strings.Repeat("[", deep), "嵌套层数超过 64 层"},
		{"not a block scalar", "a: | " + strings.Repeat("[", deep), "嵌套层数超过 64 层"},
		{"comment is not a hiding place", "a: 1 #\n" + strings.Repeat("[", deep), "嵌套层数超过 64 层"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			err := Guard("请求内容", []byte(c.doc), lim)
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("Guard = %v, want …%s…", err, c.want)
			}
			if !strings.HasPrefix(err.Error(), "请求内容") {
				t.Errorf("error does not name the document: %v", err)
			}
		})
	}
}

func staircase(n int) string {
	var b strings.Builder
	for i := range n {
		b.WriteString(strings.Repeat(" ", i))
		b.WriteString("k:\n")
	}
	b.WriteString(strings.Repeat(" ", n) + "v\n")
	return b.String()
}

// TestGuardAcceptsRealDocuments runs the guard over every case file and
// rulebook in the repository: all pass under the default limits, and the
// guard's estimates bound what the parser finds.
func TestGuardAcceptsRealDocuments(t *testing.T) {
	var files []string
	for _, pat := range []string{"../../examples/*.yaml", "../../examples/*.json", "../rulebook/rulebooks/*.yaml", "../caseio/testdata/*.yaml", "../../testdata/*.yaml"} {
		m, _ := filepath.Glob(pat)
		files = append(files, m...)
	}
	if len(files) < 5 {
		t.Fatalf("only %d documents found", len(files))
	}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		g := guard{data: data, lim: DefaultLimits, line: 1}
		if err := g.scan(); err != nil {
			t.Errorf("%s: %v", f, err)
			continue
		}
		depth, nodes, ok := shape(t, data)
		if !ok {
			continue
		}
		// The guard's count is an estimate; it must stay within a factor
		// of two of the parser's (FuzzGuard holds it there for any input).
		if 2*g.nodes < nodes {
			t.Errorf("%s: guard counted %d values, the parser made %d", f, g.nodes, nodes)
		}
		// The guard's depth is taken line by line; check it bounds the
		// parser's by refusing at one level less.
		if depth > 1 {
			if err := Guard(f, data, Limits{Depth: depth - 1}); err == nil {
				t.Errorf("%s: nesting %d accepted under a limit of %d", f, depth, depth-1)
			}
		}
	}
}

// TestDecodeAliasBudget: nested aliases cannot multiply a small document
// past the node budget.
func TestDecodeAliasBudget(t *testing.T) {
	type item struct {
		Name string   `json:"name"`
		Tags []string `json:"tags"`
	}
	type doc struct {
		Items [][]item `json:"items"`
	}
	// 10 aliases of a list of 10 aliases of a 100-tag item: 10,000 values
	// from a few hundred bytes.
	src := "items:\n  - [&t {name: a, tags: [" + strings.Repeat("t,", 99) + "t]}]\n" + strings.Repeat("  - ["+strings.Repeat("*t, ", 9)+"*t]\n", 10)
	var v doc
	_, err := DecodeLimits("案例", []byte(src), &v, Limits{Nodes: 5000, Aliases: 200})
	if err == nil || !strings.Contains(err.Error(), "展开别名后的值过多") {
		t.Fatalf("err = %v", err)
	}
}

// TestGuardBoundsParserMemory: a document at the request limits parses
// within a bounded heap, and a depth bomb is refused before the parser
// allocates anything.
func TestGuardBoundsParserMemory(t *testing.T) {
	bomb := []byte(strings.Repeat("[", 200_000))
	var v struct{}
	before := heapAlloc()
	_, err := Decode("bomb", bomb, &v)
	if err == nil {
		t.Fatal("depth bomb accepted")
	}
	if grew := heapAlloc() - before; grew > 8<<20 {
		t.Errorf("refusing a 200 KB depth bomb took %d MiB of heap", grew>>20)
	}
}

func heapAlloc() int64 {
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return int64(m.TotalAlloc)
}

func FuzzGuard(f *testing.F) {
	for _, s := range []string{"a: [1, 2]", "- - x", "a:\n  b:\n    c: 1", `{"a": [{"b": "]"}]}`, "a: |\n  [[[\nb: 1", "a: 'it''s'\nb: [x]", "a: x\"\nb: [[y]]"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		lim := Limits{Depth: 6, Nodes: 300}
		if len(data) > 4096 || Guard("f", data, lim) != nil {
			return
		}
		depth, nodes, ok := shape(t, data)
		if !ok {
			return
		}
		if depth > lim.Depth+1 {
			t.Errorf("guard accepted nesting %d under a limit of %d:\n%q", depth, lim.Depth, data)
		}
		if nodes > 2*lim.Nodes {
			t.Errorf("guard accepted %d values under a limit of %d:\n%q", nodes, lim.Nodes, data)
		}
	})
}

// BenchmarkWorstAcceptedRequest decodes the costliest document the
// server's RequestLimits accept (just under 250,000 values) and reports
// the peak heap it needed: the bound stated in docs/server.md.
func BenchmarkWorstAcceptedRequest(b *testing.B) {
	// Each {"a":1}, counts three values (the mapping, its pair, the comma).
	doc := []byte("[" + strings.Repeat(`{"a":1},`, RequestLimits.Nodes/3-100) + "1]")
	if err := Guard("bench", doc, RequestLimits); err != nil {
		b.Fatal(err)
	}
	var peak uint64
	for b.Loop() {
		var v struct{}
		peak = max(peak, testutil.PeakHeap(func() { DecodeLimits("bench", doc, &v, RequestLimits) }))
	}
	b.ReportMetric(float64(peak)/(1<<20), "peak-heap-MiB")
	b.ReportMetric(float64(len(doc))/(1<<20), "body-MiB")
}
