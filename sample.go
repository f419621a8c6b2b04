package jixiao

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"math/bits"
	"math/rand/v2"
	"sort"
	"strings"

	"github.com/shopspring/decimal"
)

// Submission is one submitted self-evaluation in the population a bureau
// samples for re-checking (抽查复核): the unit, the project, its amount in
// 万元, the self-score and the grade.
type Submission struct {
	Unit    string          `json:"unit" zh:"单位" jx:"required"`
	Project string          `json:"project" zh:"项目" jx:"required"`
	Amount  decimal.Decimal `json:"amount" zh:"金额（万元）" jx:"required"`
	Score   decimal.Decimal `json:"score" zh:"自评得分" jx:"required"`
	Grade   string          `json:"grade" zh:"自评等级" jx:"required"`
}

// Key is the submission's identity in a roster: unit and project.
func (s *Submission) Key() string { return s.Unit + "／" + s.Project }

// Roster is the list of submitted self-evaluations a sample is drawn from
// (抽查名单).
type Roster struct {
	Year int `json:"year,omitempty" zh:"评价年度"`
	// Bands are the amount bounds (万元) of the strata by amount; empty for
	// DefaultAmountBands.
	Bands       []decimal.Decimal `json:"bands,omitempty" zh:"金额分层界限（万元）" doc:"从小到大，如 [100, 500, 1000]；不填为 100、500、1000 万元"`
	Submissions []Submission      `json:"submissions" zh:"已提交的自评" jx:"required"`
}

// MaxSubmissions is the most submissions a roster may hold (a province's
// projects of a year are 12–18 thousand).
const MaxSubmissions = 100_000

// Validate checks the roster: required values, no negative amount, unique
// unit and project, increasing bands.
func (r *Roster) Validate() error {
	var ps Problems
	if len(r.Submissions) == 0 {
		ps.add("submissions", "名单中没有已提交的自评")
	}
	if len(r.Submissions) > MaxSubmissions {
		ps.add("submissions", "名单有 %d 项，超过 %d 项的上限", len(r.Submissions), MaxSubmissions)
		return ps.Err()
	}
	seen := map[string]int{}
	for i := range r.Submissions {
		s := &r.Submissions[i]
		path := index("submissions", i)
		if strings.TrimSpace(s.Unit) == "" {
			ps.add(join(path, "unit"), "单位不能为空")
		}
		if strings.TrimSpace(s.Project) == "" {
			ps.add(join(path, "project"), "项目不能为空")
		}
		if strings.TrimSpace(s.Grade) == "" {
			ps.add(join(path, "grade"), "自评等级不能为空")
		}
		if s.Amount.IsNegative() {
			ps.add(join(path, "amount"), "金额不能为负数，实际为 %s", s.Amount)
		}
		if j, dup := seen[s.Key()]; dup {
			ps.add(join(path, "project"), "单位“%s”的项目“%s”与第 %d 项重复", s.Unit, s.Project, j+1)
		}
		seen[s.Key()] = i
	}
	for i := 1; i < len(r.Bands); i++ {
		if !r.Bands[i].GreaterThan(r.Bands[i-1]) {
			ps.add(index("bands", i), "金额分层界限应从小到大排列：%s 不大于 %s", r.Bands[i], r.Bands[i-1])
		}
	}
	for i, b := range r.Bands {
		if !b.IsPositive() {
			ps.add(index("bands", i), "金额分层界限应大于 0，实际为 %s", b)
		}
	}
	return ps.Err()
}

// SampleMethod is how a sample is drawn.
type SampleMethod string

const (
	SampleRandom SampleMethod = "random" // 简单随机抽样
	SampleAmount SampleMethod = "amount" // 按金额分层抽样
	SampleGrade  SampleMethod = "grade"  // 按自评等级分层抽样
	// SampleChosen is a department's evaluation of projects it chose
	// itself (部门评价): the hand-picked items alone, nothing drawn.
	SampleChosen SampleMethod = "chosen"
)

// Title is the method's Chinese name.
func (m SampleMethod) Title() string {
	switch m {
	case SampleRandom:
		return "简单随机抽样"
	case SampleAmount:
		return "按金额分层抽样（按比例分配）"
	case SampleGrade:
		return "按自评等级分层抽样（按比例分配）"
	case SampleChosen:
		return "部门评价（部门自选项目）"
	}
	return string(m)
}

// MaxStrata is the most strata a stratified sample may have.
const MaxStrata = 50

// DefaultAmountBands are the amount bounds (万元) of the strata by amount
// when a roster gives none: below 100, 100 to 500, 500 to 1000, 1000 and
// above.
var DefaultAmountBands = []decimal.Decimal{decimal.NewFromInt(100), decimal.NewFromInt(500), decimal.NewFromInt(1000)}

// SampleSpec says how to draw a sample.
type SampleSpec struct {
	Seed   uint64
	Method SampleMethod
	// Size is the size of the sample, hand-picked items included.
	Size int
	// Include are hand-picked projects, by project name or "单位／项目":
	// always in the sample, never drawn again.
	Include []string
}

// Sample is a drawn sample with what is needed to draw it again: the
// seed, the method, the strata and a digest of the population.
type Sample struct {
	Seed       uint64       `json:"seed"`
	Method     SampleMethod `json:"method"`
	Size       int          `json:"size"`
	Population int          `json:"population"`
	// Digest is the SHA-256 of the population in canonical order (sorted
	// by unit and project; amount and score without trailing zeros): the
	// same roster in any order has the same digest.
	Digest string `json:"digest"`
	// Strata are the strata of a stratified sample, in order.
	Strata []Stratum `json:"strata,omitempty"`
	// Items are the hand-picked items, then the drawn ones in draw order.
	Items []SampledItem `json:"items"`
	// Picked is how many items were hand-picked.
	Picked int `json:"picked"`
}

// Stratum is one stratum of a stratified sample (empty strata included):
// its name, how many of the population (hand-picked items excluded) fall in it and how many
// were drawn from it.
type Stratum struct {
	Name       string `json:"name"`
	Population int    `json:"population"`
	Drawn      int    `json:"drawn"`
}

// SampledItem is one submission in a sample, hand-picked or drawn from a
// stratum ("" for a simple random sample).
type SampledItem struct {
	Submission
	Picked  bool   `json:"picked"`
	Stratum string `json:"stratum,omitempty"`
}

// pcgStream is the second PCG seed word: the user's seed is the first.
const pcgStream = 0x6a697869616f // "jixiao"

// DrawSample draws a sample from the roster as spec says. The population is
// put in canonical order (by unit, then project) before anything is drawn,
// so that the same seed and the same population give the same sample
// whatever the order of the roster and on every platform: the generator is
// PCG (math/rand/v2, seeded with the seed and a fixed stream), and indices
// are drawn from its 64-bit outputs by Lemire's multiply-and-reject method,
// written here so that the result depends on nothing else.
//
// Stratified samples share the draws among the strata in proportion to
// their sizes, at least one to each non-empty stratum (see Allocate); the
// strata are drawn from in order, all from the one generator.
func DrawSample(r *Roster, spec SampleSpec) (*Sample, error) {
	if err := r.Validate(); err != nil {
		return nil, err
	}
	pop := append([]Submission(nil), r.Submissions...)
	sort.Slice(pop, func(i, j int) bool {
		if pop[i].Unit != pop[j].Unit {
			return pop[i].Unit < pop[j].Unit
		}
		return pop[i].Project < pop[j].Project
	})
	s := &Sample{Seed: spec.Seed, Method: spec.Method, Size: spec.Size, Population: len(pop), Digest: digest(pop)}
	switch spec.Method {
	case SampleRandom, SampleAmount, SampleGrade:
	case SampleChosen:
		if len(spec.Include) == 0 {
			return nil, Errorf(EINVALID, "部门评价须选择至少 1 个项目")
		}
		spec.Size = min(len(spec.Include), len(pop))
	default:
		return nil, Errorf(EINVALID, "抽样方法“%s”无效：应为简单随机、按金额分层或按等级分层", spec.Method)
	}
	if spec.Size < 1 {
		return nil, Errorf(EINVALID, "抽取数量应至少为 1，实际为 %d", spec.Size)
	}
	if spec.Size > len(pop) {
		return nil, Errorf(EINVALID, "抽取数量 %d 超过名单中的 %d 项", spec.Size, len(pop))
	}
	picked := map[int]bool{}
	for _, ref := range spec.Include {
		i, err := findSubmission(pop, ref)
		if err != nil {
			return nil, err
		}
		if !picked[i] {
			picked[i] = true
			s.Items = append(s.Items, SampledItem{Submission: pop[i], Picked: true})
		}
	}
	s.Picked = len(s.Items)
	if spec.Method == SampleChosen {
		s.Size = s.Picked
		return s, nil
	}
	if s.Picked > spec.Size {
		return nil, Errorf(EINVALID, "指定的项目有 %d 个，多于抽取数量 %d", s.Picked, spec.Size)
	}
	var pool []Submission
	for i := range pop {
		if !picked[i] {
			pool = append(pool, pop[i])
		}
	}
	k := spec.Size - s.Picked
	g := rand.NewPCG(spec.Seed, pcgStream)
	if spec.Method == SampleRandom {
		for _, x := range drawFrom(g, pool, k) {
			s.Items = append(s.Items, SampledItem{Submission: x})
		}
		return s, nil
	}
	names, groups := stratify(pool, spec.Method, r.Bands)
	if len(groups) > MaxStrata {
		return nil, Errorf(EINVALID, "分层有 %d 层，超过 %d 层的上限：按等级分层时请统一等级的写法（如优、良、中、差）", len(groups), MaxStrata)
	}
	nonEmpty := 0
	for _, grp := range groups {
		if len(grp) > 0 {
			nonEmpty++
		}
	}
	if k > 0 && k < nonEmpty {
		return nil, Errorf(EINVALID, "除指定项目外还须抽取 %d 项，少于有项目的层数 %d：每层至少抽取 1 项，请增大抽取数量或改用简单随机抽样", k, nonEmpty)
	}
	sizes := make([]int, len(groups))
	for i, grp := range groups {
		sizes[i] = len(grp)
	}
	alloc := Allocate(sizes, k)
	for i, grp := range groups {
		s.Strata = append(s.Strata, Stratum{Name: names[i], Population: len(grp), Drawn: alloc[i]})
		for _, x := range drawFrom(g, grp, alloc[i]) {
			s.Items = append(s.Items, SampledItem{Submission: x, Stratum: names[i]})
		}
	}
	return s, nil
}

// Strata returns how many non-empty strata the roster has under method
// (1 for a simple random sample), hand-picked items not set aside.
func (r *Roster) Strata(m SampleMethod) int {
	if m != SampleAmount && m != SampleGrade {
		return 1
	}
	_, groups := stratify(r.Submissions, m, r.Bands)
	n := 0
	for _, g := range groups {
		if len(g) > 0 {
			n++
		}
	}
	return n
}

// Allocate shares k draws among strata of the given sizes in proportion
// to their sizes (quota k × size / total), at least one to each non-empty
// stratum: each first gets its quota rounded down (at least one); while
// fewer than k are given, one more goes to the stratum furthest below its
// quota (ties to the earlier stratum); while more than k are given (the
// minimum of one can cause it), one is taken from the stratum furthest
// above its quota that has more than one (ties to the later stratum). No
// stratum gets more than its size. k must be 0 or between the number of
// non-empty strata and the total.
func Allocate(sizes []int, k int) []int {
	out := make([]int, len(sizes))
	if k == 0 {
		return out
	}
	total, given := 0, 0
	for _, n := range sizes {
		total += n
	}
	for i, n := range sizes {
		if n > 0 {
			out[i] = min(n, max(1, k*n/total))
			given += out[i]
		}
	}
	// below(i) is (quota − allocation) × total, exact in integers.
	below := func(i int) int { return k*sizes[i] - out[i]*total }
	for given < k {
		best := -1
		for i, n := range sizes {
			if out[i] < n && (best < 0 || below(i) > below(best)) {
				best = i
			}
		}
		out[best]++
		given++
	}
	for given > k {
		best := -1
		for i := range sizes {
			if out[i] > 1 && (best < 0 || below(i) <= below(best)) {
				best = i
			}
		}
		out[best]--
		given--
	}
	return out
}

// drawFrom draws k of xs without replacement by a partial Fisher–Yates
// shuffle of a copy, in draw order.
func drawFrom(g *rand.PCG, xs []Submission, k int) []Submission {
	c := append([]Submission(nil), xs...)
	for i := 0; i < k; i++ {
		j := i + below(g, len(c)-i)
		c[i], c[j] = c[j], c[i]
	}
	return c[:k]
}

// below returns a uniform integer in [0, n) from g's 64-bit outputs
// (Lemire, "Fast Random Integer Generation in an Interval", 2019).
func below(g *rand.PCG, n int) int {
	un := uint64(n)
	hi, lo := bits.Mul64(g.Uint64(), un)
	if lo < un {
		thresh := -un % un
		for lo < thresh {
			hi, lo = bits.Mul64(g.Uint64(), un)
		}
	}
	return int(hi)
}

// gradeOrder orders grade strata: the usual grades from the best, then
// any other grade by its text.
var gradeOrder = []string{"优", "优秀", "良", "良好", "中", "一般", "合格", "差", "较差", "不合格"}

func stratify(pool []Submission, m SampleMethod, bands []decimal.Decimal) ([]string, [][]Submission) {
	if m == SampleGrade {
		byGrade := map[string][]Submission{}
		var names []string
		for _, s := range pool {
			g := strings.TrimSpace(s.Grade)
			if _, ok := byGrade[g]; !ok {
				names = append(names, g)
			}
			byGrade[g] = append(byGrade[g], s)
		}
		rank := func(g string) int {
			for i, o := range gradeOrder {
				if o == g {
					return i
				}
			}
			return len(gradeOrder)
		}
		sort.Slice(names, func(i, j int) bool {
			ri, rj := rank(names[i]), rank(names[j])
			if ri != rj {
				return ri < rj
			}
			return names[i] < names[j]
		})
		groups := make([][]Submission, len(names))
		for i, n := range names {
			groups[i] = byGrade[n]
		}
		return names, groups
	}
	if len(bands) == 0 {
		bands = DefaultAmountBands
	}
	names := make([]string, len(bands)+1)
	names[0] = "不足" + Plain(bands[0]) + "万元"
	for i := 1; i < len(bands); i++ {
		names[i] = Plain(bands[i-1]) + "万元（含）至" + Plain(bands[i]) + "万元"
	}
	names[len(bands)] = Plain(bands[len(bands)-1]) + "万元及以上"
	groups := make([][]Submission, len(names))
	for _, s := range pool {
		i := sort.Search(len(bands), func(i int) bool { return s.Amount.LessThan(bands[i]) })
		groups[i] = append(groups[i], s)
	}
	return names, groups
}

func findSubmission(pop []Submission, ref string) (int, error) {
	ref = strings.TrimSpace(ref)
	found := -1
	for i := range pop {
		if pop[i].Project == ref || pop[i].Key() == ref || pop[i].Unit+"/"+pop[i].Project == ref {
			if found >= 0 {
				return 0, Errorf(EINVALID, "指定的项目“%s”在名单中不止一个（%s、%s）：请写成“单位／项目”", ref, pop[found].Key(), pop[i].Key())
			}
			found = i
		}
	}
	if found < 0 {
		return 0, Errorf(EINVALID, "指定的项目“%s”不在名单中", ref)
	}
	return found, nil
}

func digest(pop []Submission) string {
	h := sha256.New()
	for _, s := range pop {
		fmt.Fprintf(h, "%s\x1f%s\x1f%s\x1f%s\x1f%s\n", s.Unit, s.Project, s.Amount.String(), s.Score.String(), strings.TrimSpace(s.Grade))
	}
	return "sha256:" + hex.EncodeToString(h.Sum(nil))
}
