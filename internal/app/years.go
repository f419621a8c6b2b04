package app

import (
	"cmp"
	"context"
	"slices"

	"jixiao"
)

// maxComparedYears bounds the evaluations a year-over-year comparison
// reads: the latest ones.
const maxComparedYears = 20

// YearComparison compares evaluation id with the other evaluations of the
// same subject — the same organisation's overall spending, or the same
// project (by its key) — year by year: scores, grades, execution rates
// and each indicator by its identity (历年对比).
func (a *App) YearComparison(ctx context.Context, id int64) (*jixiao.YearComparison, error) {
	_, info, err := a.Evaluation(ctx, id)
	if err != nil {
		return nil, err
	}
	infos, _, err := a.ListEvaluations(ctx, jixiao.EvaluationFilter{OrgIDs: []int64{info.OrgID}, Subject: info.Subject, Limit: 500})
	if err != nil {
		return nil, err
	}
	var same []*jixiao.EvaluationInfo
	for _, i := range infos {
		if i.SubjectKey == info.SubjectKey {
			same = append(same, i)
		}
	}
	if len(same) > maxComparedYears {
		same = latestYears(same, maxComparedYears)
	}
	sums, err := a.summarize(ctx, same)
	if err != nil {
		return nil, err
	}
	in := make([]jixiao.YearInput, len(same))
	for k, i := range same {
		ev, _, err := a.db.LoadEvaluation(ctx, i.ID)
		if err != nil {
			return nil, hide(err)
		}
		in[k] = jixiao.YearInput{Info: i, Summary: sums[k], Evaluation: ev}
	}
	return jixiao.CompareYears(in), nil
}

// latestYears keeps the n evaluations of the latest years.
func latestYears(infos []*jixiao.EvaluationInfo, n int) []*jixiao.EvaluationInfo {
	out := slices.Clone(infos)
	slices.SortFunc(out, func(a, b *jixiao.EvaluationInfo) int { return cmp.Compare(b.Year, a.Year) })
	return out[:n]
}
