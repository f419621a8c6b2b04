package audit_test

import (
	"bytes"
	"strconv"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"jixiao/internal/audit"
)

// elements returns the elements named tag, with their attributes and text.
func elements(t *testing.T, page, tag string) []element {
	t.Helper()
	root, err := html.Parse(strings.NewReader(page))
	if err != nil {
		t.Fatal(err)
	}
	var out []element
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode && n.Data == tag {
			e := element{attr: map[string]string{}}
			for _, a := range n.Attr {
				e.attr[a.Key] = a.Val
			}
			var text func(*html.Node)
			text = func(c *html.Node) {
				if c.Type == html.TextNode {
					e.text += c.Data
				}
				if c.Type == html.ElementNode && c.Data == "a" {
					e.links = append(e.links, attr(c, "href"))
				}
				for k := c.FirstChild; k != nil; k = k.NextSibling {
					text(k)
				}
			}
			text(n)
			out = append(out, e)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(root)
	return out
}

type element struct {
	attr  map[string]string
	text  string
	links []string
}

func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

// The HTML page lists the findings and marks each one's sentence in the
// text, the two linked both ways.
func TestHTML(t *testing.T) {
	ref := replace(t, reference(t), "处置批而未供土地3.99万亩", "处置批而未供土地4.99万亩", 2)
	d, err := audit.Read("报告.txt", []byte(ref))
	if err != nil {
		t.Fatal(err)
	}
	res := audit.Audit(d)
	fs := res.Findings
	var buf bytes.Buffer
	if err := audit.WriteHTML(&buf, d, res); err != nil {
		t.Fatal(err)
	}
	page := buf.String()
	if !strings.Contains(page, "发现错误 1 条、警告 1 条、提示 2 条") {
		t.Errorf("summary missing:\n%s", page[:min(len(page), 3000)])
	}
	items := elements(t, page, "li")
	if len(items) != len(fs) {
		t.Fatalf("%d findings listed, want %d", len(items), len(fs))
	}
	if items[0].attr["id"] != "f0" || items[0].attr["class"] != "sev-error" || !strings.Contains(items[0].text, "相差992.88万元") || items[0].links[0] != "#p63" {
		t.Errorf("first finding: %+v", items[0])
	}
	// The repeated quantity links to the line it contradicts.
	var t07 *element
	for i := range items {
		if strings.Contains(items[i].text, "T07") {
			t07 = &items[i]
		}
	}
	first := "#p" + itoa(lineOf(t, ref, "处置批而未供土地3.99万亩"))
	if t07 == nil || len(t07.links) != 2 || t07.links[1] != first {
		t.Errorf("T07 item: %+v, want a link to %s", t07, first)
	}
	marks := elements(t, page, "mark")
	var found bool
	for _, m := range marks {
		if strings.HasPrefix(m.text, "2024年决算收入数为141981.96万元") {
			found = true
			if m.attr["class"] != "sev-error" || len(m.links) != 1 || m.links[0] != "#f0" || strings.Contains(m.text, "决算支出数") {
				t.Errorf("marked sentence: %+v", m)
			}
		}
	}
	if !found || len(marks) != len(fs) {
		t.Errorf("%d marks for %d findings; the T01 sentence marked: %v", len(marks), len(fs), found)
	}
	// Every line of text is there, numbered.
	paras := elements(t, page, "p")
	var n int
	for _, p := range paras {
		if strings.HasPrefix(p.attr["id"], "p") {
			n++
		}
	}
	if want := len(audit.Annotate(d, fs)); n != want || want < 100 {
		t.Errorf("%d paragraphs shown, want %d", n, want)
	}
}

// The report's text is shown as text, never as markup.
func TestHTMLEscapes(t *testing.T) {
	d, _ := audit.Read("x.txt", []byte("<script>alert(1)</script>单位全年收入100万元，其中：财政拨款60万元，事业收入30万元。"))
	var buf bytes.Buffer
	if err := audit.WriteHTML(&buf, d, audit.Audit(d)); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(buf.String(), "<script>alert") || !strings.Contains(buf.String(), "&lt;script&gt;alert(1)") {
		t.Error("report text not escaped")
	}
	frag, err := audit.Fragment(d, audit.Audit(d))
	if err != nil || strings.Contains(string(frag), "<html") || !strings.Contains(string(frag), `class="audit"`) {
		t.Errorf("fragment: %v %.200s", err, frag)
	}
}

func itoa(n int) string { return strconv.Itoa(n) }
