package yamlcodec_test

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"

	"github.com/shopspring/decimal"

	"jixiao"
	"jixiao/internal/yamlcodec"
)

type item struct {
	Name   string           `json:"name" zh:"名称" jx:"required"`
	Amount *decimal.Decimal `json:"amount,omitempty" zh:"金额"`
	Tags   []string         `json:"tags,omitempty" zh:"标签"`
}

type doc struct {
	Title string                     `json:"title" zh:"标题"`
	Items []item                     `json:"items,omitempty" zh:"条目"`
	Map   map[string]decimal.Decimal `json:"map,omitempty" zh:"对照"`
	Op    jixiao.Operator            `json:"op,omitempty" zh:"符号"`
	Flag  bool                       `json:"flag,omitempty" zh:"标志"`
	Skip  string                     `json:"-"`
}

func TestDecodeAndLocate(t *testing.T) {
	src := "title: 测试\nitems:\n  - name: a\n    amount: 0.1\n  - name: b\n    amount: \"2,000.5\"\nmap: {x: 1, y: 2.50}\nop: ≧\nflag: 是\n"
	var d doc
	loc, err := yamlcodec.Decode("d.yaml", []byte(src), &d)
	if err != nil {
		t.Fatal(err)
	}
	if d.Items[1].Amount.String() != "2000.5" || d.Map["y"].String() != "2.5" || d.Op != jixiao.OpGE || !d.Flag {
		t.Errorf("decoded %+v", d)
	}
	if line, col := loc.Locate("items[1].amount"); line != 6 || col != 5 {
		t.Errorf("Locate = %d:%d", line, col)
	}
	// A path that is not in the document is located at its nearest ancestor.
	if line, _ := loc.Locate("items[1].tags"); line != 5 {
		t.Errorf("Locate(absent) line = %d", line)
	}
	es := loc.Problems(jixiao.Problems{{Path: "items[0].amount", Message: "太少"}, {Message: "规则有误"}})
	if es[0].Error() != "d.yaml: 规则有误" || es[1].Error() != "d.yaml:4:5: 字段 items[0].amount（金额）：太少" {
		t.Errorf("problems: %v", es)
	}
}

func TestFieldTitle(t *testing.T) {
	rt := reflect.TypeFor[doc]()
	for path, want := range map[string]string{
		"title": "标题", "items": "条目", "items[3]": "条目", "items[3].amount": "金额", "map.x": "x", "nope": "", "items[0].nope": "",
	} {
		if got := yamlcodec.FieldTitle(rt, path); got != want {
			t.Errorf("FieldTitle(%s) = %q, want %q", path, got, want)
		}
	}
}

func TestUnknownFieldSuggestions(t *testing.T) {
	var d doc
	_, err := yamlcodec.Decode("d.yaml", []byte("titel: x\n标题: y\nzzzzzz: 1\n"), &d)
	got := err.Error()
	for _, want := range []string{
		"d.yaml:1:1: 未知字段“titel”，是否应为“title”（标题）？",
		"d.yaml:2:1: 未知字段“标题”，是否应为“title”（标题）？",
		"d.yaml:3:1: 未知字段“zzzzzz”，可用字段：title、items、map、op、flag",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("errors lack %q:\n%s", want, got)
		}
	}
}

func TestSchema(t *testing.T) {
	data, err := yamlcodec.Schema(reflect.TypeFor[doc](), "id", "测试")
	if err != nil {
		t.Fatal(err)
	}
	var s struct {
		Props    map[string]map[string]any `json:"properties"`
		Defs     map[string]map[string]any `json:"$defs"`
		AddProps bool                      `json:"additionalProperties"`
	}
	if err := json.Unmarshal(data, &s); err != nil {
		t.Fatal(err)
	}
	if s.AddProps || s.Props["op"]["enum"] == nil || s.Props["items"]["title"] != "条目" {
		t.Errorf("schema %s", data)
	}
	if req := s.Defs["item"]["required"]; req == nil || req.([]any)[0] != "name" {
		t.Errorf("item required: %v", s.Defs["item"])
	}
	ref := yamlcodec.Reference(reflect.TypeFor[doc]())
	if !strings.Contains(ref, "| `name` | 名称 | 文本 | 是 |") || !strings.Contains(ref, "[item](#item)的列表") {
		t.Errorf("reference:\n%s", ref)
	}
}
