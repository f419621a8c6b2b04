package scoring

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"github.com/shopspring/decimal"

	"jixiao"
)

// JSONScorecard is the JSON form of a scorecard (jixiao eval --format json,
// and the API). Scores are JSON numbers rounded half-up to the rulebook's
// places; the *_exact fields hold the unrounded decimals as strings.
type JSONScorecard struct {
	Subject    jixiao.Subject `json:"subject"`
	Name       string         `json:"name"`
	Year       int            `json:"year"`
	Rulebook   JSONRulebook   `json:"rulebook"`
	Weight     json.Number    `json:"weight"`
	Total      json.Number    `json:"total"`
	TotalExact string         `json:"total_exact"`
	Grade      string         `json:"grade"`
	// GradeNote says how the grade was given when not by the rulebook's
	// bands (the document's own bands, or none for an incomplete form).
	GradeNote string `json:"grade_note,omitempty"`
	// Incomplete is why the form is not filled in completely; the grade
	// is then empty.
	Incomplete string           `json:"incomplete,omitempty"`
	Nodes      []JSONNode       `json:"nodes"`
	Projects   []*JSONScorecard `json:"projects,omitempty"`
}

// JSONRulebook identifies the rulebook a scorecard was scored under.
type JSONRulebook struct {
	Name    string `json:"name"`
	Title   string `json:"title"`
	Version string `json:"version"`
	Grades  string `json:"grades"`
}

// JSONNode is one node of the JSON scorecard.
type JSONNode struct {
	Kind        string            `json:"kind"`
	Name        string            `json:"name"`
	Weight      json.Number       `json:"weight"`
	Score       json.Number       `json:"score"`
	ScoreExact  string            `json:"score_exact"`
	Rubric      jixiao.RubricKind `json:"rubric,omitempty"`
	Explanation string            `json:"explanation"`
	Notes       []string          `json:"notes"`
	Source      string            `json:"source"`
	Children    []JSONNode        `json:"children"`
}

// ToJSON converts a scorecard to its JSON form.
func ToJSON(sc *jixiao.Scorecard) *JSONScorecard {
	r := sc.Rulebook.RoundingPolicy()
	out := &JSONScorecard{
		Subject: sc.Subject, Name: sc.Name, Year: sc.Year,
		Rulebook: JSONRulebook{Name: sc.Rulebook.Name, Title: sc.Rulebook.Title, Version: sc.Rulebook.Version, Grades: sc.Rulebook.GradesText()},
		Weight:   number(sc.Weight), Total: json.Number(jixiao.Fixed(sc.Displayed, r.Total)),
		TotalExact: jixiao.Plain(sc.Total), Grade: sc.Grade, GradeNote: sc.GradeNote, Incomplete: sc.Incomplete,
		Nodes: jsonNodes(sc.Nodes, r),
	}
	for _, p := range sc.Projects {
		out.Projects = append(out.Projects, ToJSON(p))
	}
	return out
}

func number(d decimal.Decimal) json.Number { return json.Number(jixiao.Plain(d)) }

func jsonNodes(ns []*jixiao.Node, r jixiao.Rounding) []JSONNode {
	out := make([]JSONNode, 0, len(ns))
	for _, n := range ns {
		notes := n.Notes
		if notes == nil {
			notes = []string{}
		}
		out = append(out, JSONNode{
			Kind: n.Kind, Name: n.Name, Weight: number(n.Weight),
			Score: json.Number(jixiao.Fixed(n.Score, r.Score)), ScoreExact: jixiao.Plain(n.Score),
			Rubric: n.Rubric, Explanation: n.Explanation, Notes: notes, Source: n.Source,
			Children: jsonNodes(n.Children, r),
		})
	}
	return out
}

// WriteJSON writes the scorecard as indented JSON.
func WriteJSON(w io.Writer, sc *jixiao.Scorecard) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(ToJSON(sc))
}

// WriteText writes the scorecard as a tree for people to read.
func WriteText(w io.Writer, sc *jixiao.Scorecard) error {
	var b strings.Builder
	writeText(&b, sc, "")
	if len(sc.Projects) > 0 {
		b.WriteString("\n项目支出绩效自评（" + sc.Rulebook.Name + "）\n")
		for _, p := range sc.Projects {
			b.WriteString("\n")
			writeText(&b, p, "  ")
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

func writeText(b *strings.Builder, sc *jixiao.Scorecard, indent string) {
	r := sc.Rulebook.RoundingPolicy()
	if indent == "" {
		fmt.Fprintf(b, "%s %s%s绩效自评\n", sc.Name, jixiao.YearTitle(sc.Year), sc.Subject.Title())
		fmt.Fprintf(b, "评分规则：%s %s", sc.Rulebook.Name, sc.Rulebook.Title)
		if sc.Rulebook.Version != "" {
			fmt.Fprintf(b, "（版本 %s）", sc.Rulebook.Version)
		}
		b.WriteString("\n\n")
		fmt.Fprintf(b, "总分 %s / %s    评价等级：%s\n", jixiao.Fixed(sc.Displayed, r.Total), jixiao.Plain(sc.Weight), sc.GradeText())
		if sc.GradeNote != "" {
			fmt.Fprintf(b, "（%s）\n\n", sc.GradeNote)
		} else {
			fmt.Fprintf(b, "（%s）\n\n", sc.Rulebook.GradesText())
		}
	} else {
		fmt.Fprintf(b, "%s%s    总分 %s / %s    评价等级：%s\n", indent, sc.Name, jixiao.Fixed(sc.Displayed, r.Total), jixiao.Plain(sc.Weight), sc.GradeText())
		if sc.GradeNote != "" {
			fmt.Fprintf(b, "%s（%s）\n", indent, sc.GradeNote)
		}
	}
	var walk func(ns []*jixiao.Node, prefix string)
	walk = func(ns []*jixiao.Node, prefix string) {
		for i, n := range ns {
			branch, cont := "├─ ", "│  "
			if i == len(ns)-1 {
				branch, cont = "└─ ", "   "
			}
			fmt.Fprintf(b, "%s%s%s  %s / %s\n", indent+prefix, branch, n.Name, jixiao.Fixed(n.Score, r.Score), jixiao.Plain(n.Weight))
			fmt.Fprintf(b, "%s%s   %s\n", indent+prefix, cont, n.Explanation)
			for _, note := range n.Notes {
				fmt.Fprintf(b, "%s%s   ⚠ %s\n", indent+prefix, cont, note)
			}
			walk(n.Children, prefix+cont)
		}
	}
	walk(sc.Nodes, "")
}
