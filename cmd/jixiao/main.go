// Command jixiao scores, checks and reports budget performance
// self-evaluations (预算绩效自评). This package is the only place that picks
// concrete implementations and wires them together; each subcommand lives
// in its own file.
package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"runtime"

	"github.com/alecthomas/kong"

	"jixiao"
	"jixiao/internal/yamlcodec"
)

// Exit statuses: each means one thing, so that scripts can tell them apart.
const (
	exitOK       = 0 // done; check and audit found no error-level findings
	exitFindings = 1 // check or audit found error-level findings
	exitInput    = 2 // bad input, a bad command line or a refused operation: the message says what to fix
	exitInternal = 3 // a bug or an unavailable dependency
)

var cli struct {
	Eval     evalCmd     `cmd:"" help:"对案例评分，输出评分表（得分树、总分、等级及每项得分说明）"`
	Check    checkCmd    `cmd:"" help:"核查案例：数字是否一致、评分是否符合规则、指标是否规范；有错误时状态码为1"`
	Audit    auditCmd    `cmd:"" help:"核查一份自评报告（.docx、.txt）文字中的数字是否相互一致；有错误时状态码为1"`
	Report   reportCmd   `cmd:"" help:"生成自评报告（DOCX 公文格式、HTML、PDF）或标准表格（XLSX）"`
	Rulebook rulebookCmd `cmd:"" help:"查看和校验评分规则"`
	Library  libraryCmd  `cmd:"" help:"指标库：列出、导出（XLSX、YAML）内置的指标初始库或指标库文件"`
	Declare  declareCmd  `cmd:"" help:"绩效目标申报：核查、比较版本、沿用上年、生成自评案例"`
	Sample   sampleCmd   `cmd:"" help:"抽查复核：从已提交的自评中抽取样本（draw），计算复核偏差（deviation）"`
	Results  resultsCmd  `cmd:"" help:"结果应用：由评价等级给出预算措施和金额，写出结果应用表（apply）"`
	Rectify  rectifyCmd  `cmd:"" help:"问题整改：列出整改事项及转入下一年度的未完成事项（list）"`
	Monitor  monitorCmd  `cmd:"" help:"绩效运行监控：空白监控表、按预警规则检查、预警处置期限"`
	Years    yearsCmd    `cmd:"" help:"历年对比：同一评价对象各年度案例的得分、等级、预算执行率和各项指标"`
	Serve    serveCmd    `cmd:"" help:"启动服务器（网页和 JSON 接口）；--demo 载入参考案例和演示账号"`
	Import   importCmd   `cmd:"" help:"把案例文件或工作簿导入数据库"`
	Convert  convertCmd  `cmd:"" help:"在 YAML、JSON 和 XLSX 之间转换案例（按扩展名）"`
	Template templateCmd `cmd:"" help:"生成空白的项目支出或部门整体支出绩效自评表（.xlsx）"`
	Export   exportCmd   `cmd:"" help:"把数据库中的评价导出为案例文件"`
	User     userCmd     `cmd:"" help:"管理用户：add、passwd、list"`
	Org      orgCmd      `cmd:"" help:"管理单位：add、list"`
	Backup   backupCmd   `cmd:"" help:"备份 SQLite 数据库（服务器运行时也可以）"`
	Restore  restoreCmd  `cmd:"" help:"从备份恢复 SQLite 数据库（先停止服务器；先检查备份，原数据库保留为带时间的副本）"`
	Schema   schemaCmd   `cmd:"" help:"输出案例文件（或 --declaration：绩效目标申报文件）的 JSON Schema"`
	Version  versionCmd  `cmd:"" help:"显示版本"`
}

// version is set at build time with -ldflags "-X main.version=…" (make
// release stamps the output of git describe); a plain go build says "dev".
var version = "dev"

type versionCmd struct{}

// Run prints the version on the first line and, on the second, the Go
// toolchain and the platform the binary was built for, which differ between
// the binaries of one release.
func (versionCmd) Run(env *env) error {
	fmt.Fprintf(env.stdout, "jixiao %s\n构建：%s %s/%s\n", version, runtime.Version(), runtime.GOOS, runtime.GOARCH)
	return nil
}

// env is what subcommands write to; tests give their own.
type env struct {
	stdout, stderr io.Writer
	colour         bool // stdout is a terminal that wants colour
}

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

// run executes one command line and returns the exit status. It never lets
// a panic or a Go error string reach the user unexplained.
func run(args []string, stdout, stderr io.Writer) (status int) {
	defer func() {
		if r := recover(); r != nil {
			fmt.Fprintf(stderr, "jixiao：内部错误（%v）。请将所用命令和输入文件报告给开发者。\n", r)
			status = exitInternal
		}
	}()
	parser, err := kong.New(&cli,
		kong.Name("jixiao"),
		kong.Description("jixiao（绩效）：预算绩效自评的评分、核查与报告工具。"),
		kong.UsageOnError(),
		kong.Writers(stdout, stderr),
		kong.Exit(func(code int) { panic(exitCode(code)) }),
	)
	if err != nil {
		fmt.Fprintf(stderr, "jixiao：内部错误：%v\n", err)
		return exitInternal
	}
	return func() (status int) {
		defer func() {
			if r := recover(); r != nil {
				if c, ok := r.(exitCode); ok { // kong printed help or usage
					status = int(c)
					return
				}
				panic(r)
			}
		}()
		ctx, err := parser.Parse(args)
		if err != nil {
			fmt.Fprintf(stderr, "jixiao：命令行有误：%v\n运行 jixiao --help 查看用法。\n", err)
			return exitInput
		}
		colour := false
		if f, ok := stdout.(*os.File); ok {
			colour = isTerminal(f)
		}
		if err := ctx.Run(&env{stdout: stdout, stderr: stderr, colour: colour}); err != nil {
			return reportError(stderr, err)
		}
		return exitOK
	}()
}

type exitCode int

// reportError prints err for people and returns the exit status it deserves.
func reportError(w io.Writer, err error) int {
	var es yamlcodec.Errors
	var ps jixiao.Problems
	switch {
	case errors.Is(err, errFindings):
		return exitFindings
	case errors.As(err, &es):
		fmt.Fprintf(w, "发现 %d 处错误：\n%s\n", len(es), es.Error())
		return exitInput
	case errors.As(err, &ps):
		fmt.Fprintf(w, "发现 %d 处错误：\n%s\n", len(ps), ps.Error())
		return exitInput
	}
	switch jixiao.ErrorCode(err) {
	case jixiao.EINVALID, jixiao.ENOTFOUND, jixiao.ECONFLICT, jixiao.EFORBIDDEN, jixiao.EUNAUTHORIZED, jixiao.ETOOMANY:
		fmt.Fprintf(w, "jixiao：%s\n", jixiao.ErrorMessage(err))
		return exitInput
	}
	fmt.Fprintf(w, "jixiao：内部错误：%v\n", err)
	return exitInternal
}
