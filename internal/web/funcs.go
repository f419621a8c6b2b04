package web

import (
	"fmt"
	"html/template"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/shopspring/decimal"

	"jixiao"
	"jixiao/internal/check"
	"jixiao/internal/yamlcodec"
)

func (w *Web) funcs() template.FuncMap {
	return template.FuncMap{
		"asset":       func(name string) string { return w.assets.url(name) },
		"fixed":       func(d decimal.Decimal, places int32) string { return jixiao.Fixed(d, places) },
		"plain":       jixiao.Plain,
		"percent":     func(d *decimal.Decimal) string { return ratePercent(d) },
		"time":        func(t time.Time) string { return t.Local().Format("2006-01-02 15:04") },
		"clock":       func(t time.Time) string { return t.Local().Format("15:04:05") },
		"id":          fieldID,
		"add":         func(a, b int) int { return a + b },
		"inboxReason": func(r string) string { return jixiao.InboxReasons[r] },
		"daysLeft":    daysLeftText,
		// Monitoring: a share as a percentage, the entries submitted, a
		// warning code's title, a list joined.
		"pct":           func(d decimal.Decimal) string { return jixiao.Percent(d, 2) },
		"submitted":     submittedEntries,
		"warningTitle":  func(code string) string { return jixiao.WarningTitles[code] },
		"join":          strings.Join,
		"sizeText":      jixiao.SizeText,
		"rulebookTitle": w.rulebookTitle,
		"words":         w.plainWords,
		"problemWords":  w.problemWords,
		// checkTitle names what a finding's code checks, for its tooltip.
		"checkTitle": check.Title,
		"dict": func(kv ...any) (map[string]any, error) {
			if len(kv)%2 != 0 {
				return nil, fmt.Errorf("dict: odd arguments")
			}
			m := map[string]any{}
			for i := 0; i < len(kv); i += 2 {
				k, ok := kv[i].(string)
				if !ok {
					return nil, fmt.Errorf("dict: key %v", kv[i])
				}
				m[k] = kv[i+1]
			}
			return m, nil
		},
		"lines": func(s string) []string { return strings.Split(strings.TrimSpace(s), "\n") },
		"score": nodeScore,
		"weight": func(n *jixiao.Node) string {
			if n == nil {
				return ""
			}
			return jixiao.Plain(n.Weight)
		},
		"gradeClass": gradeClass,
		"severity":   func(s jixiao.Severity) string { return s.Title() },
		"total":      totalText,
		"fullScore":  fullScore,
		"list4":      func(a, b, c, d string) []string { return []string{a, b, c, d} },
		"findingCount": func(fs []jixiao.Finding, sev string) int {
			n := 0
			for _, f := range fs {
				if string(f.Severity) == sev {
					n++
				}
			}
			return n
		},
		"statusTitle":   func(s string) string { return jixiao.Status(s).Title() },
		"signed":        jixiao.ChangeText,
		"signedScore":   func(d decimal.Decimal) string { return jixiao.Signed(d, 2) },
		"yearStatsText": yearStatsText,
	}
}

// nodeScore is a node's score as the rulebook displays it.
func nodeScore(sc *jixiao.Scorecard, n *jixiao.Node) string {
	if n == nil {
		return "—"
	}
	return jixiao.Fixed(n.Score, scorePlaces(sc))
}

// scorePlaces is how many decimal places the rulebook displays node
// scores with (2 unless it says).
func scorePlaces(sc *jixiao.Scorecard) int32 {
	if sc != nil && sc.Rulebook != nil && sc.Rulebook.Rounding != nil {
		return sc.Rulebook.Rounding.Score
	}
	return 2
}

// fullScore is the full marks a scorecard's total is out of: the
// rulebook's (100) when it states them, even when the case's weights
// sum to less (a check reports that), else the sum of the weights.
func fullScore(sc *jixiao.Scorecard) string {
	if sc == nil {
		return ""
	}
	if sc.Rulebook != nil {
		if l := sc.Rulebook.Layout(sc.Subject); l != nil && l.Total != nil {
			return jixiao.Plain(*l.Total)
		}
	}
	return jixiao.Plain(sc.Weight)
}

// totalText is a scorecard's total as displayed.
func totalText(sc *jixiao.Scorecard) string {
	if sc == nil {
		return "—"
	}
	places := int32(2)
	if sc.Rulebook != nil && sc.Rulebook.Rounding != nil {
		places = sc.Rulebook.Rounding.Total
	}
	return jixiao.Fixed(sc.Displayed, places)
}

func ratePercent(d *decimal.Decimal) string {
	if d == nil {
		return "—"
	}
	return jixiao.Percent(*d, 2)
}

// gradeTiers are the grade names that mean the same band across
// rulebooks — mof-2020's 优/良/中/差 and shijiazhuang-2024's
// 优秀/良好/一般/较差 — from the best band down. Rulebooks state no
// equivalence of their own; this is the one place it is written. The
// bureau's charts and grade filter count the names of a tier as one grade.
var gradeTiers = [][]string{
	{"优秀", "优"},
	{"良好", "良"},
	{"中", "一般", "中等", "合格"},
	{"较差", "差", "不合格"},
}

// gradeTier is the tier (1 best … 4) of a grade named in gradeTiers, or 0.
func gradeTier(g string) int {
	for i, names := range gradeTiers {
		if slices.Contains(names, g) {
			return i + 1
		}
	}
	return 0
}

// sameGrade reports whether two grade names are the same grade: equal, or
// of one tier.
func sameGrade(a, b string) bool {
	return a == b || (gradeTier(a) > 0 && gradeTier(a) == gradeTier(b))
}

// gradeOrder orders grade names: by tier, then as gradeTiers lists them.
func gradeOrder(g string) int {
	for i, names := range gradeTiers {
		if j := slices.Index(names, g); j >= 0 {
			return i*10 + j
		}
	}
	return 100
}

// gradeClass gives a CSS class for a grade: the first band is best.
func gradeClass(g string) string {
	switch {
	case g == "":
		return "grade-none"
	case strings.HasPrefix(g, "优"):
		return "grade-1"
	case strings.HasPrefix(g, "良"):
		return "grade-2"
	case strings.HasPrefix(g, "中"), strings.HasPrefix(g, "一般"), strings.HasPrefix(g, "合格"):
		return "grade-3"
	}
	return "grade-4"
}

// plainWords rewrites a message of the scoring, checking or import
// services for the pages: a built-in rulebook by its official title, not
// its code ("按石家庄市部门整体支出绩效自评（2024年度）计分", not "…（2024年度）
// （shijiazhuang-2024）计分"), and without the case format's keys given in
// brackets after their Chinese names ("分项绩效目标（goals）").
func (w *Web) plainWords(s string) string {
	for _, rb := range w.Rulebooks {
		if rb.Title != "" && strings.Contains(s, rb.Name) {
			s = strings.ReplaceAll(strings.ReplaceAll(s, rb.Title+"（"+rb.Name+"）", rb.Title), rb.Name, rb.Title)
		}
	}
	return keyGloss.ReplaceAllStringFunc(s, func(m string) string {
		if caseKeys()[strings.TrimSuffix(strings.TrimPrefix(m, "（"), "）")] {
			return ""
		}
		return m
	})
}

// problemWords is plainWords for problems listed one a line after their
// place in the case ("goals[0].weight：…", jixiao.Problems.Error), as a
// summary gives why an evaluation cannot be scored: the places go.
func (w *Web) problemWords(s string) string {
	return w.plainWords(problemPlace.ReplaceAllString(s, ""))
}

// plainAssessment puts the messages of an assessment in plain words
// (plainWords): its findings, why it cannot be scored, its grade's note.
func (w *Web) plainAssessment(as *jixiao.Assessment) {
	for i := range as.Findings {
		as.Findings[i].Message = w.plainWords(as.Findings[i].Message)
	}
	for i := range as.ScoreProblems {
		as.ScoreProblems[i].Message = w.plainWords(as.ScoreProblems[i].Message)
	}
	if as.Scorecard != nil {
		as.Scorecard.GradeNote = w.plainWords(as.Scorecard.GradeNote)
	}
}

var (
	keyGloss     = regexp.MustCompile(`（[a-z][a-z_]*）`)
	problemPlace = regexp.MustCompile(`(?m)^[a-z][a-z_0-9.\[\]]*：`)
)

// caseKeys are the keys of the case format (and of a rulebook's two
// layouts), which a message may give in brackets.
var caseKeys = sync.OnceValue(func() map[string]bool {
	keys := map[string]bool{"department": true, "project": true}
	seen := map[reflect.Type]bool{}
	var walk func(t reflect.Type)
	walk = func(t reflect.Type) {
		t = deref(t)
		for t.Kind() == reflect.Slice || t.Kind() == reflect.Map {
			t = deref(t.Elem())
		}
		if t.Kind() != reflect.Struct || seen[t] {
			return
		}
		seen[t] = true
		for _, f := range yamlcodec.Fields(t) {
			keys[f.Name] = true
			walk(f.Type)
		}
	}
	walk(reflect.TypeFor[jixiao.Evaluation]())
	return keys
})

// rulebookTitle names a rulebook as people know it: a built-in one by its
// official title; one stored on the server (name@version) by its name and
// version; a rulebook file by what it is, not its path.
func (w *Web) rulebookTitle(ref string) string {
	if ref == "" {
		return "（未指定）"
	}
	if strings.ContainsAny(ref, `/\`) {
		return "本案例的规则文件"
	}
	name, version, stored := strings.Cut(ref, "@")
	for _, rb := range w.Rulebooks {
		if rb.Name == name && rb.Title != "" && !stored {
			return rb.Title
		}
	}
	if stored {
		return fmt.Sprintf("%s（第%s版）", name, version)
	}
	return name
}
