package jixiao_test

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/shopspring/decimal"

	"jixiao"
)

// roster builds n submissions over units of four projects, amounts and
// grades spread so that every amount band and grade has some.
func roster(n int) *jixiao.Roster {
	grades := []string{"优", "良", "中", "差"}
	amounts := []string{"35.5", "120", "480.25", "760", "1500", "80", "2300.1"}
	r := &jixiao.Roster{Year: 2024}
	for i := range n {
		r.Submissions = append(r.Submissions, jixiao.Submission{
			Unit:    fmt.Sprintf("单位%02d", i/4),
			Project: fmt.Sprintf("项目%03d", i),
			Amount:  jixiao.Dec(amounts[i%len(amounts)]),
			Score:   decimal.NewFromInt(int64(55 + i%45)),
			Grade:   grades[(i/3)%len(grades)],
		})
	}
	return r
}

func projects(s *jixiao.Sample) string {
	var out []string
	for _, it := range s.Items {
		out = append(out, it.Project)
	}
	return strings.Join(out, ",")
}

// TestSampleFixed pins the samples of seed 20250315 on a fixed roster:
// computed once, they must come out the same on every platform and Go
// version (PCG and the index draw are fixed algorithms). The two simple
// random samples were also computed by a separate Python implementation
// of PCG-DXSM (128-bit LCG, DXSM output), Lemire's bounded draw and the
// partial Fisher–Yates shuffle, which gave the same projects.
func TestSampleFixed(t *testing.T) {
	r := roster(40)
	for _, tc := range []struct {
		spec jixiao.SampleSpec
		want string
	}{
		{jixiao.SampleSpec{Seed: 20250315, Method: jixiao.SampleRandom, Size: 5}, "项目010,项目017,项目035,项目018,项目037"},
		{jixiao.SampleSpec{Seed: 20250315, Method: jixiao.SampleAmount, Size: 6, Include: []string{"项目007"}}, "项目007,项目012,项目016,项目036,项目017,项目039"},
		{jixiao.SampleSpec{Seed: 20250315, Method: jixiao.SampleGrade, Size: 6}, "项目012,项目014,项目029,项目016,项目032,项目011"},
		{jixiao.SampleSpec{Seed: 1, Method: jixiao.SampleRandom, Size: 5}, "项目035,项目002,项目011,项目036,项目020"},
	} {
		s, err := jixiao.DrawSample(r, tc.spec)
		if err != nil {
			t.Fatal(err)
		}
		if got := projects(s); got != tc.want {
			t.Errorf("%s seed %d: sample %s, want %s", tc.spec.Method, tc.spec.Seed, got, tc.want)
		}
	}
	s, err := jixiao.DrawSample(r, jixiao.SampleSpec{Seed: 7, Method: jixiao.SampleRandom, Size: 1})
	if err != nil {
		t.Fatal(err)
	}
	if s.Digest != "sha256:"+wantDigest {
		t.Errorf("digest %s", s.Digest)
	}
}

const wantDigest = "154558722cdce5997175b41f9ecdbb5f85645a85ca66935d622a3bcc3ccf55e3"

// TestSampleProperties draws many samples from random rosters and checks
// what must hold of every one: the same seed gives the same sample
// whatever the roster's order; the size is exact; no item twice;
// hand-picked items always in; every non-empty stratum drawn from; no
// stratum over-drawn; a different seed usually gives a different sample.
func TestSampleProperties(t *testing.T) {
	rng := rand.New(rand.NewPCG(42, 42))
	differ := 0
	const runs = 300
	for run := range runs {
		n := 1 + rng.IntN(200)
		r := roster(n)
		// Random amounts and grades, some empty strata.
		for i := range r.Submissions {
			r.Submissions[i].Amount = decimal.New(int64(rng.IntN(300000)), -2)
			r.Submissions[i].Grade = []string{"优", "良", "中"}[rng.IntN(3)]
		}
		method := []jixiao.SampleMethod{jixiao.SampleRandom, jixiao.SampleAmount, jixiao.SampleGrade}[run%3]
		var include []string
		for range rng.IntN(3) {
			include = append(include, r.Submissions[rng.IntN(n)].Project)
		}
		picked := map[string]bool{}
		for _, p := range include {
			picked[p] = true
		}
		size := len(picked) + 4 + rng.IntN(10)
		if size > n {
			size = n
		}
		spec := jixiao.SampleSpec{Seed: rng.Uint64(), Method: method, Size: size, Include: include}
		a, err := jixiao.DrawSample(r, spec)
		if err != nil {
			if strings.Contains(err.Error(), "少于有项目的层数") {
				continue // a legitimate refusal: fewer draws than strata
			}
			t.Fatalf("run %d: %v", run, err)
		}
		shuffled := &jixiao.Roster{Submissions: append([]jixiao.Submission(nil), r.Submissions...)}
		rng.Shuffle(len(shuffled.Submissions), func(i, j int) {
			shuffled.Submissions[i], shuffled.Submissions[j] = shuffled.Submissions[j], shuffled.Submissions[i]
		})
		b, err := jixiao.DrawSample(shuffled, spec)
		if err != nil {
			t.Fatal(err)
		}
		if projects(a) != projects(b) || a.Digest != b.Digest {
			t.Fatalf("run %d: order changed the sample: %s vs %s", run, projects(a), projects(b))
		}
		if len(a.Items) != size {
			t.Fatalf("run %d: %d items, want %d", run, len(a.Items), size)
		}
		seen := map[string]bool{}
		for _, it := range a.Items {
			if seen[it.Project] {
				t.Fatalf("run %d: %s twice", run, it.Project)
			}
			seen[it.Project] = true
			if it.Picked != picked[it.Project] {
				t.Fatalf("run %d: %s picked=%v", run, it.Project, it.Picked)
			}
		}
		for p := range picked {
			if !seen[p] {
				t.Fatalf("run %d: hand-picked %s missing", run, p)
			}
		}
		drawn := 0
		for _, st := range a.Strata {
			if st.Drawn > st.Population || (st.Population > 0 && size > len(picked) && st.Drawn == 0) {
				t.Fatalf("run %d: stratum %+v", run, st)
			}
			got := 0
			for _, it := range a.Items {
				if it.Stratum == st.Name {
					got++
				}
			}
			if got != st.Drawn {
				t.Fatalf("run %d: stratum %s drew %d, records %d", run, st.Name, got, st.Drawn)
			}
			drawn += st.Drawn
		}
		if method != jixiao.SampleRandom && drawn != size-len(picked) {
			t.Fatalf("run %d: strata drew %d of %d", run, drawn, size-len(picked))
		}
		spec.Seed++
		c, err := jixiao.DrawSample(r, spec)
		if err != nil {
			t.Fatal(err)
		}
		if projects(c) != projects(a) {
			differ++
		}
	}
	if differ < runs/2 {
		t.Fatalf("only %d of %d seeds changed the sample", differ, runs)
	}
}

func TestAllocate(t *testing.T) {
	for _, tc := range []struct {
		sizes []int
		k     int
		want  string
	}{
		{[]int{10, 20, 30, 40}, 10, "[1 2 3 4]"},
		// Quotas 1.67, 3.33, 5 → 1, 3, 5; the one left to the furthest
		// below its quota (0.67).
		{[]int{10, 20, 30}, 10, "[2 3 5]"},
		// Quotas 0.1, 0.1, 9.8 → 1, 1, 9 is one too many: taken from the
		// third, the only one above one.
		{[]int{1, 1, 98}, 10, "[1 1 8]"},
		// Quotas 4.5, 0.5 → 4, 1: one more to the first (0.5 below).
		{[]int{9, 1}, 6, "[5 1]"},
		{[]int{0, 5, 1, 0}, 3, "[0 2 1 0]"},
		{[]int{3, 3}, 3, "[2 1]"}, // a tie goes to the earlier stratum
		{[]int{2, 2}, 4, "[2 2]"},
		{[]int{4, 4}, 0, "[0 0]"},
	} {
		if got := fmt.Sprint(jixiao.Allocate(tc.sizes, tc.k)); got != tc.want {
			t.Errorf("Allocate(%v, %d) = %s, want %s", tc.sizes, tc.k, got, tc.want)
		}
	}
}

func TestSampleRefuses(t *testing.T) {
	r := roster(12)
	r.Submissions[11].Project = "项目000"
	r.Submissions[11].Unit = "单位99"
	for _, tc := range []struct {
		spec jixiao.SampleSpec
		want string
	}{
		{jixiao.SampleSpec{Method: jixiao.SampleRandom, Size: 13}, "抽取数量 13 超过名单中的 12 项"},
		{jixiao.SampleSpec{Method: jixiao.SampleRandom, Size: 0}, "至少为 1"},
		{jixiao.SampleSpec{Method: "cluster", Size: 2}, "抽样方法“cluster”无效"},
		{jixiao.SampleSpec{Method: jixiao.SampleRandom, Size: 2, Include: []string{"项目999"}}, "“项目999”不在名单中"},
		{jixiao.SampleSpec{Method: jixiao.SampleRandom, Size: 2, Include: []string{"项目000"}}, "不止一个"},
		{jixiao.SampleSpec{Method: jixiao.SampleRandom, Size: 1, Include: []string{"项目001", "项目002"}}, "多于抽取数量 1"},
		{jixiao.SampleSpec{Method: jixiao.SampleGrade, Size: 2}, "少于有项目的层数"},
	} {
		_, err := jixiao.DrawSample(r, tc.spec)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%+v: error %v, want %q", tc.spec, err, tc.want)
		}
	}
	// "单位／项目" picks one of two namesakes.
	s, err := jixiao.DrawSample(r, jixiao.SampleSpec{Method: jixiao.SampleRandom, Size: 1, Include: []string{"单位99／项目000"}})
	if err != nil || s.Items[0].Unit != "单位99" {
		t.Fatalf("%v %+v", err, s)
	}
	bad := &jixiao.Roster{Bands: []decimal.Decimal{jixiao.Dec("500"), jixiao.Dec("100")}, Submissions: []jixiao.Submission{
		{Unit: "甲", Project: "A", Amount: jixiao.Dec("-1"), Grade: "优"},
		{Unit: "甲", Project: "A", Grade: ""},
	}}
	err = bad.Validate()
	for _, want := range []string{"submissions[0].amount：金额不能为负数", "submissions[1].project：单位“甲”的项目“A”与第 1 项重复", "submissions[1].grade：自评等级不能为空", "bands[1]：金额分层界限应从小到大排列"} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("roster error %v lacks %q", err, want)
		}
	}
}

func TestSampleStrataNames(t *testing.T) {
	r := roster(21)
	s, err := jixiao.DrawSample(r, jixiao.SampleSpec{Seed: 3, Method: jixiao.SampleAmount, Size: 8})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, st := range s.Strata {
		got = append(got, fmt.Sprintf("%s:%d/%d", st.Name, st.Drawn, st.Population))
	}
	// Amounts cycle 35.5, 120, 480.25, 760, 1500, 80, 2300.1 (three times):
	// 6 below 100, 6 in 100–500, 3 in 500–1000, 6 from 1000.
	// Quotas 8 × 6/21 = 2.29 (three times) and 8 × 3/21 = 1.14 → 2, 2,
	// 1, 2; the one left to the first of those furthest below (0.29).
	want := "不足100万元:3/6,100万元（含）至500万元:2/6,500万元（含）至1000万元:1/3,1000万元及以上:2/6"
	if strings.Join(got, ",") != want {
		t.Fatalf("strata %s", strings.Join(got, ","))
	}
}

// BenchmarkDrawSample draws a stratified sample of 1,000 from a roster of
// 100,000 submissions (the roster limit): sorting, digest and draw.
func BenchmarkDrawSample(b *testing.B) {
	r := roster(jixiao.MaxSubmissions)
	spec := jixiao.SampleSpec{Seed: 1, Method: jixiao.SampleAmount, Size: 1000, Include: []string{"项目000007"}}
	r.Submissions[7].Project = "项目000007"
	b.ReportAllocs()
	for b.Loop() {
		if _, err := jixiao.DrawSample(r, spec); err != nil {
			b.Fatal(err)
		}
	}
}

// TestAllocateProperties: for random strata and sample sizes, the
// allocation sums to k, gives every non-empty stratum at least one and no
// stratum more than its size, and, when no stratum's quota k × size /
// total is below 1 (so the minimum of one does not bind), is within 1 of
// every quota, as the largest-remainder method is.
func TestAllocateProperties(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 7))
	for run := range 5000 {
		sizes := make([]int, 1+rng.IntN(8))
		total, nonEmpty := 0, 0
		for i := range sizes {
			if rng.IntN(4) > 0 {
				sizes[i] = 1 + rng.IntN(60)
			}
			total += sizes[i]
			if sizes[i] > 0 {
				nonEmpty++
			}
		}
		if nonEmpty == 0 {
			continue
		}
		k := nonEmpty + rng.IntN(total-nonEmpty+1)
		got := jixiao.Allocate(sizes, k)
		sum, small := 0, false
		for i, n := range sizes {
			sum += got[i]
			if n > 0 && k*n < total {
				small = true
			}
		}
		for i, n := range sizes {
			dev := got[i]*total - k*n // (allocation − quota) × total
			if dev < 0 {
				dev = -dev
			}
			switch {
			case got[i] > n, n > 0 && got[i] < 1, n == 0 && got[i] != 0:
				t.Fatalf("run %d: Allocate(%v, %d) = %v", run, sizes, k, got)
			case !small && dev >= total:
				t.Fatalf("run %d: Allocate(%v, %d) = %v strays from stratum %d's quota", run, sizes, k, got, i)
			}
		}
		if sum != k {
			t.Fatalf("run %d: Allocate(%v, %d) = %v sums to %d", run, sizes, k, got, sum)
		}
	}
}
