package main

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"
)

const reference = "../../examples/shijiazhuang-2024.yaml"

// runCLI runs one command line in-process and returns its output and status.
func runCLI(t *testing.T, args ...string) (stdout, stderr string, status int) {
	t.Helper()
	var out, errb bytes.Buffer
	status = run(args, &out, &errb)
	if strings.Contains(errb.String(), "goroutine ") || strings.Contains(errb.String(), "panic:") {
		t.Fatalf("a Go panic reached the user:\n%s", errb.String())
	}
	return out.String(), errb.String(), status
}

func TestEvalReferenceText(t *testing.T) {
	out, errs, status := runCLI(t, "eval", reference)
	if status != 0 {
		t.Fatalf("status %d: %s", status, errs)
	}
	for _, want := range []string{
		"石家庄市自然资源和规划局 2024年度部门整体支出绩效自评",
		"总分 96.00 / 100    评价等级：优秀",
		"得分≥85分为优秀；75≤得分＜85分为良好；60≤得分＜75分为一般；得分＜60分为较差",
		"├─ 推进国土空间的生态修复  16.00 / 17",
		"满分16分，扣2分：不动产非税电子票据多单位接入管理系统项目",
		"└─ 高标准做好违法用地整改各项工作  16.00 / 16",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
}

type jsonNode struct {
	Name        string      `json:"name"`
	Weight      json.Number `json:"weight"`
	Score       json.Number `json:"score"`
	Explanation string      `json:"explanation"`
	Children    []jsonNode  `json:"children"`
}

func TestEvalReferenceJSON(t *testing.T) {
	out, errs, status := runCLI(t, "eval", reference, "--format", "json")
	if status != 0 {
		t.Fatalf("status %d: %s", status, errs)
	}
	var sc struct {
		Total json.Number `json:"total"`
		Grade string      `json:"grade"`
		Nodes []jsonNode  `json:"nodes"`
	}
	dec := json.NewDecoder(strings.NewReader(out))
	dec.UseNumber()
	if err := dec.Decode(&sc); err != nil {
		t.Fatalf("output is not JSON: %v\n%s", err, out)
	}
	if total, _ := sc.Total.Float64(); total != 96 || sc.Grade != "优秀" {
		t.Errorf("total %s grade %s", sc.Total, sc.Grade)
	}
	var got []string
	for _, n := range sc.Nodes {
		if n.Name == "" || n.Explanation == "" || n.Children == nil {
			t.Errorf("node lacks a field: %+v", n)
		}
		got = append(got, n.Weight.String()+":"+n.Score.String())
	}
	if strings.Join(got, " ") != "17:17.00 17:17.00 17:16.00 17:16.00 16:14.00 16:16.00" {
		t.Errorf("weights:scores = %v", got)
	}
}

func TestEvalProjectExamples(t *testing.T) {
	for file, want := range map[string]string{
		"project-training-2024.yaml": "总分 92.26 / 100    评价等级：优",
		"project-farmland-2024.yaml": "总分 88.75 / 100    评价等级：良",
		"project-clinic-2024.yaml":   "总分 95.45 / 100    评价等级：优",
	} {
		out, errs, status := runCLI(t, "eval", filepath.Join("../../examples", file))
		if status != 0 || !strings.Contains(out, want) {
			t.Errorf("%s: status %d, output lacks %q\n%s%s", file, status, want, out, errs)
		}
	}
	// A rulebook given on the command line replaces the case's; 石家庄's
	// department rules take their project rules, and so the project
	// grades, from the national ones: a project is graded 优 there too.
	out, _, _ := runCLI(t, "eval", "../../examples/project-training-2024.yaml", "-r", "shijiazhuang-2024")
	if !strings.Contains(out, "评分规则：shijiazhuang-2024") || !strings.Contains(out, "评价等级：优\n") {
		t.Errorf("--rulebook ignored, or the project graded by the department's bands:\n%s", out)
	}
}

func TestEvalBadInput(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.yaml")
	if err := os.WriteFile(bad, []byte("subject: project\nyear: 2024\norg: {name: 某局}\nprojects:\n  - name: x\n    indicators:\n      - {name: y, weight: 十}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	nogoals := filepath.Join(dir, "dept.yaml")
	if err := os.WriteFile(nogoals, []byte("subject: department\nyear: 2024\nrulebook: shijiazhuang-2024\norg: {name: 某局}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	norules := filepath.Join(dir, "norules.yaml")
	if err := os.WriteFile(norules, []byte("subject: department\nyear: 2024\norg: {name: 某局}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		args []string
		want string
	}{
		{[]string{"eval", bad}, "bad.yaml:7:27: 字段 projects[0].indicators[0].weight（分值）：应为数字，实际为文本“十”"},
		{[]string{"eval", nogoals}, "dept.yaml:1:1: 字段 goals（分项绩效目标）：评分规则“shijiazhuang-2024”按分项绩效目标计分，案例中没有分项绩效目标（goals）"},
		{[]string{"eval", norules}, "没有指定评分规则（rulebook）"},
		{[]string{"eval", filepath.Join(dir, "missing.yaml")}, "找不到文件"},
		{[]string{"eval", reference, "--format", "xml"}, "输出格式“xml”不支持，应为 text 或 json"},
		{[]string{"eval", reference, "--rulebook", "nope"}, "找不到评分规则“nope”"},
		{[]string{"eval"}, "命令行有误"},
		{[]string{"frobnicate"}, "命令行有误"},
		{[]string{"rulebook", "show", "nope"}, "没有名为“nope”的内置评分规则"},
	}
	for _, c := range cases {
		out, errs, status := runCLI(t, c.args...)
		if status != 2 {
			t.Errorf("%v: status %d, want 2", c.args, status)
		}
		if !strings.Contains(errs, c.want) {
			t.Errorf("%v: stderr lacks %q:\n%s", c.args, c.want, errs)
		}
		if out != "" {
			t.Errorf("%v: printed output despite the error:\n%s", c.args, out)
		}
	}
}

func TestRulebookCommands(t *testing.T) {
	out, _, status := runCLI(t, "rulebook", "list")
	if status != 0 || !strings.Contains(out, "mof-2020") || !strings.Contains(out, "shijiazhuang-2024") {
		t.Errorf("list: %d\n%s", status, out)
	}
	out, _, status = runCLI(t, "rulebook", "show", "mof-2020")
	if status != 0 || !strings.Contains(out, "name: mof-2020") {
		t.Errorf("show: %d\n%s", status, out)
	}
	f := filepath.Join(t.TempDir(), "r.yaml")
	os.WriteFile(f, []byte("name: 本地规则\nextends: mof-2020\ngrades: [{name: 好, min: 80}, {name: 差}]\n"), 0o644)
	out, _, status = runCLI(t, "rulebook", "check", f)
	if status != 0 || !strings.Contains(out, "评分规则“本地规则”有效") {
		t.Errorf("check: %d\n%s", status, out)
	}
}

func TestSchemaAndHelp(t *testing.T) {
	out, _, status := runCLI(t, "schema")
	var v map[string]any
	if status != 0 || json.Unmarshal([]byte(out), &v) != nil || v["title"] == nil {
		t.Errorf("schema: %d %.200s", status, out)
	}
	out, _, status = runCLI(t, "--help")
	if status != 0 || !strings.Contains(out, "eval") {
		t.Errorf("help: %d\n%s", status, out)
	}
}

var built struct {
	sync.Once
	path string
	err  error
	out  []byte
}

// binary builds the jixiao binary once per test run.
func binary(t *testing.T) string {
	t.Helper()
	built.Do(func() {
		dir, err := os.MkdirTemp("", "jixiao-bin")
		if err != nil {
			built.err = err
			return
		}
		built.path = filepath.Join(dir, "jixiao")
		built.out, built.err = exec.Command("go", "build", "-o", built.path, ".").CombinedOutput()
	})
	if built.err != nil {
		t.Fatalf("build: %v\n%s", built.err, built.out)
	}
	return built.path
}

// The real binary: exit statuses reach the shell.
func TestBinaryExitStatus(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	bin := binary(t)
	cmd := exec.Command(bin, "eval", reference)
	out, err := cmd.Output()
	if err != nil || !strings.Contains(string(out), "评价等级：优秀") {
		t.Errorf("eval: %v\n%s", err, out)
	}
	cmd = exec.Command(bin, "eval", "no-such-file.yaml")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	err = cmd.Run()
	if ee, ok := err.(*exec.ExitError); !ok || ee.ExitCode() != 2 || !strings.Contains(stderr.String(), "找不到文件") {
		t.Errorf("bad input: %v %s", err, stderr.String())
	}
}

func TestVersion(t *testing.T) {
	out, errs, status := runCLI(t, "version")
	want := "jixiao dev\n构建：" + runtime.Version() + " " + runtime.GOOS + "/" + runtime.GOARCH + "\n"
	if status != 0 || errs != "" || out != want {
		t.Fatalf("version: status %d, stderr %q, stdout %q; want %q", status, errs, out, want)
	}
}
