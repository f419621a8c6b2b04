package xlsxio

import (
	"errors"

	"jixiao"
	"jixiao/internal/yamlcodec"
)

// ReadCase reads a case from a workbook: a case workbook written by
// WriteCase (or jixiao convert), or a filled standard table (项目支出绩效
// 自评表, 部门整体支出绩效自评表, in the common layouts), recognised by its
// headers. Every problem of the file is reported at once, each naming its
// sheet and cell; nothing is returned unless the whole file is valid.
func ReadCase(name string, data []byte) (*jixiao.Evaluation, error) {
	return ReadCaseLimits(name, data, DefaultLimits)
}

// ReadCaseLimits is ReadCase with other limits.
func ReadCaseLimits(name string, data []byte, lim Limits) (*jixiao.Evaluation, error) {
	b, err := open(name, data, lim)
	if err != nil {
		return nil, err
	}
	if isCaseWorkbook(b) {
		return readCaseWorkbook(name, b, lim)
	}
	return readTables(name, b, lim)
}

func asErrors(err error, es *yamlcodec.Errors) bool  { return errors.As(err, es) }
func asProblems(err error, ps *jixiao.Problems) bool { return errors.As(err, ps) }
