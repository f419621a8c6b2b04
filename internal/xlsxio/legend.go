package xlsxio

import (
	"regexp"
	"sort"
	"strings"

	"github.com/shopspring/decimal"
)

// A grade legend a table prints ("90分（含）以上为优，80-90分为良，60-80分为
// 中，60分以下为差") is read into the document's own grade bands
// (stated.grades): each clause gives a grade and its lower bound.
var (
	gradeName = `[“"「]?(优秀|优|良好|良|中等|中|及格|合格|一般|较差|差|不合格)`
	// 90分以上为优 / 90分（含）以上为优 / 90分及以上的为优秀 / ≥90分为优
	legendAbove = regexp.MustCompile(`(\d+(?:\.\d+)?)\s*分?\s*(?:[（(]含[^)）]*[)）])?\s*(?:及|或)?以上[^，,；;。、]{0,6}?为` + gradeName)
	legendGE    = regexp.MustCompile(`[≥＞>]=?\s*(\d+(?:\.\d+)?)\s*分[^，,；;。、]{0,6}?为` + gradeName)
	// 80-90分为良 / 80（含）-90分为良 / 80至90分为良
	legendRange = regexp.MustCompile(`(\d+(?:\.\d+)?)\s*分?\s*(?:[（(]含[)）])?\s*[-－—~～至到]\s*\d+(?:\.\d+)?\s*分?\s*(?:[（(][^)）]*[)）])?[^，,；;。、]{0,6}?为` + gradeName)
	// 60分以下为差
	legendBelow = regexp.MustCompile(`\d+(?:\.\d+)?\s*分?\s*(?:[（(][^)）]*[)）])?\s*以下[^，,；;。、]{0,6}?为` + gradeName)
)

// gradeLegend finds a printed grade legend in the sheet: the first cell
// that gives at least two bands with distinct lower bounds, and its place.
func gradeLegend(g *grid) ([]any, string) {
	for r := 0; r < g.rows(); r++ {
		for c := 0; c < g.width(r); c++ {
			t := halfWidth(g.text(r, c))
			if !strings.Contains(t, "为") || !strings.Contains(t, "分") {
				continue
			}
			if bands := legendBands(t); len(bands) >= 2 {
				return bands, g.ref(r, c)
			}
		}
	}
	return nil, ""
}

// legendBands reads the grade bands of one text, highest first; nil when
// they do not make a legend (a grade twice, two bands with one bound).
func legendBands(t string) []any {
	type band struct {
		name, min string
	}
	var bands []band
	seen, mins := map[string]bool{}, map[string]bool{}
	add := func(name, min string) bool {
		if seen[name] || (min != "" && mins[min]) || (min == "" && mins[""]) {
			return false
		}
		seen[name], mins[min] = true, true
		bands = append(bands, band{name, min})
		return true
	}
	for _, re := range []*regexp.Regexp{legendAbove, legendGE, legendRange} {
		for _, m := range re.FindAllStringSubmatch(t, -1) {
			if !add(m[2], m[1]) {
				return nil
			}
		}
	}
	for _, m := range legendBelow.FindAllStringSubmatch(t, -1) {
		if !add(m[1], "") {
			return nil
		}
	}
	sort.SliceStable(bands, func(i, j int) bool {
		if bands[j].min == "" {
			return bands[i].min != ""
		}
		if bands[i].min == "" {
			return false
		}
		a, _ := decimal.NewFromString(bands[i].min)
		b, _ := decimal.NewFromString(bands[j].min)
		return a.GreaterThan(b)
	})
	out := make([]any, len(bands))
	for i, b := range bands {
		m := map[string]any{"name": b.name}
		if b.min != "" {
			m["min"] = b.min
		}
		out[i] = m
	}
	return out
}
