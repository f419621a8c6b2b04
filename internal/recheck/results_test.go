package recheck_test

import (
	"strings"
	"testing"

	"jixiao/internal/recheck"
)

// A results file names where money goes; a link to a server's declared
// project is refused, naming the project and the item.
func TestParseResultsRefusesDeclarationLinks(t *testing.T) {
	const file = `year: 2024
projects:
  - {unit: 市教育局, project: 教师培训, grade: 中, amount: 200, decided_action: 调剂, decided_amount: 100,
     reallocations: [{to: 学生资助, amount: 10}, {to: 校舍维修, amount: 5, declaration_id: 3}]}
`
	_, err := recheck.ParseResults("评价结果.yaml", []byte(file))
	if err == nil || !strings.Contains(err.Error(), "评价结果.yaml：第 1 个项目（市教育局／教师培训）的调剂去向第 2 项：“调剂到的申报项目”只在服务器上使用") {
		t.Errorf("a linked destination in a file: %v", err)
	}
	res, err := recheck.ParseResults("评价结果.yaml", []byte(strings.Replace(file, ", declaration_id: 3", "", 1)))
	if err != nil || len(res.Projects[0].Reallocations) != 2 {
		t.Errorf("without the link: %v", err)
	}
}
