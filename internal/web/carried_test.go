package web_test

import (
	"fmt"
	"strings"
	"testing"
)

// TestCarriedIntoSelfEvaluation: a department's self-evaluation shows the
// rectification items of earlier years still open, carried into its year,
// and counts them, to the department and to the bureau alike; another
// department's items are not there.
func TestCarriedIntoSelfEvaluation(t *testing.T) {
	s := newSite(t)
	ref := s.data.Evaluations[0] // the reference department's 2024 evaluation
	page := fmt.Sprintf("/evaluations/%d", ref.ID)
	for _, user := range []string{"preparer", "reviewer"} {
		c := signIn(t, s, user)
		st, body := c.get(page)
		if st != 200 {
			t.Fatalf("%s opens the evaluation: %d", user, st)
		}
		i := strings.Index(body, `id="eval-rectification"`)
		if i < 0 {
			t.Fatalf("%s: no rectification on the evaluation's page", user)
		}
		sec := body[i:]
		sec = sec[:strings.Index(sec, "</section>")]
		for _, want := range []string{"2023年度整改事项2项，已完成1项，尚未完成1项", "转入2024年度继续整改的事项1项", "项目资金支付进度滞后，预算执行率偏低", "已逾期"} {
			if !strings.Contains(sec, want) {
				t.Errorf("%s: the evaluation's rectification lacks %q:\n%s", user, want, sec)
			}
		}
		for _, not := range []string{"部分项目绩效指标未细化量化", "自评佐证材料不完整"} {
			if strings.Contains(sec, not) {
				t.Errorf("%s: the evaluation's rectification lists %q (done, or another department's)", user, not)
			}
		}
	}
	// A department without earlier items has no such section.
	c := signIn(t, s, "reviewer")
	if st, body := c.get(fmt.Sprintf("/evaluations/%d", s.data.Evaluations[2].ID)); st != 200 || strings.Contains(body, `id="eval-rectification"`) {
		t.Errorf("a department without earlier items: %d, section shown %v", st, strings.Contains(body, `id="eval-rectification"`))
	}
}
