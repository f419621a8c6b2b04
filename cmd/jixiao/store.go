package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"jixiao"
	"jixiao/internal/app"
	"jixiao/internal/caseio"
	"jixiao/internal/rulebook"
	"jixiao/internal/sqlstore"
)

// cliActor is the actor of changes made from the command line, in the audit log.
var cliActor = &jixiao.User{Username: "命令行"}

// openDB opens the database of a command. It creates one only when create
// (the command's --init) and tells stderr what opening changed (a file
// created, its mode tightened, its schema upgraded).
func openDB(env *env, dsn string, create bool) (*sqlstore.DB, error) {
	return sqlstore.OpenWith(context.Background(), dsn, sqlstore.Options{Create: create, Notice: env.notice})
}

// notice tells the operator, on stderr, of something done besides the command.
func (e *env) notice(msg string) { fmt.Fprintf(e.stderr, "jixiao：%s\n", msg) }

type importCmd struct {
	Case     string `arg:"" help:"案例文件（YAML 或 JSON）或工作簿（.xlsx：案例工作簿或填好的标准自评表）"`
	DB       string `default:"jixiao.db" help:"数据库：SQLite 文件路径或 postgres://…"`
	Org      string `help:"所属单位的编码或名称；省略时按案例中的单位编码、名称查找，找不到则新建"`
	Parent   string `help:"新建单位时的上级单位（财政局）编码"`
	Replace  bool   `help:"覆盖同一单位、年度、对象的已有评价（未提交或已退回的）"`
	Rulebook string `help:"工作簿未指定评分规则时使用的规则"`
	Init     bool   `help:"数据库不存在时新建（首次使用时）"`
}

func (c *importCmd) Run(env *env) error {
	f, err := readCase(c.Case, env)
	if err != nil {
		return err
	}
	ev := f.Evaluation
	fromCase := ev.Rulebook != "" && c.Rulebook == ""
	if err := chooseRulebook(ev, c.Rulebook, env); err != nil {
		return err
	}
	db, err := openDB(env, c.DB, c.Init)
	if err != nil {
		return err
	}
	defer db.Close()
	ctx := context.Background()
	dir := ""
	if fromCase {
		dir = filepath.Dir(c.Case)
	}
	if err := storeRulebook(ctx, env, db, dir, ev); err != nil {
		return err
	}
	org, err := findOrg(ctx, db, c.Org, c.Parent, ev)
	if err != nil {
		return err
	}
	indicators := len(ev.Indicators)
	for _, g := range ev.Goals {
		indicators += len(g.Indicators)
	}
	for _, p := range ev.Projects {
		indicators += len(p.Indicators)
	}
	fmt.Fprintf(env.stderr, "正在写入数据库：%d 个项目、%d 个分项目标、%d 个指标……\n", len(ev.Projects), len(ev.Goals), indicators)
	var info *jixiao.EvaluationInfo
	if org.ID == 0 {
		// A new organisation is created with the evaluation, in the same
		// transaction: an interrupted import leaves neither.
		if info, err = db.ImportIntoNewOrg(ctx, cliActor, org, ev); err != nil {
			return err
		}
		fmt.Fprintf(env.stdout, "已新建单位：%s（编码 %s）\n", org.Name, org.Code)
	} else if info, err = db.ImportEvaluation(ctx, cliActor, org.ID, ev, c.Replace); err != nil {
		if jixiao.ErrorCode(err) == jixiao.ECONFLICT && !c.Replace {
			return jixiao.Errorf(jixiao.ECONFLICT, "%s（加 --replace 替换）", jixiao.ErrorMessage(err))
		}
		return err
	}
	fmt.Fprintf(env.stdout, "已导入：评价编号 %d，%s %d年度%s，状态：%s，版本 %d\n", info.ID, org.Name, info.Year, info.Subject.Title(), info.Status.Title(), info.Version)
	return nil
}

// storeRulebook stores the rulebook file a case names (a path relative to
// dir, the case file's folder, or as given) in the database, resolved, and
// names it in the case by its reference (name@version): the server then
// scores the case by the same rules as jixiao eval does here. A name of a
// rulebook stored before stands for its latest version.
func storeRulebook(ctx context.Context, env *env, db *sqlstore.DB, dir string, ev *jixiao.Evaluation) error {
	ref := ev.Rulebook
	if ref == "" || rulebook.IsBuiltin(ref) {
		return nil
	}
	if _, _, ok := jixiao.ParseRulebookRef(ref); ok {
		return nil // the store refuses a reference to what it does not hold
	}
	path := ref
	if p := filepath.Join(dir, ref); dir != "" && !filepath.IsAbs(ref) && fileExists(p) {
		path = p
	}
	if !fileExists(path) {
		if sr, err := db.StoredRulebook(ctx, ref, 0); err == nil {
			ev.Rulebook = sr.Ref
			return nil
		}
	}
	rb, err := rulebook.Load(path)
	if err != nil {
		return err
	}
	sr, created, err := app.StoreRulebook(ctx, db, cliActor, rb, filepath.Base(path))
	if err != nil {
		return err
	}
	ev.Rulebook = sr.Ref
	if created {
		fmt.Fprintf(env.stderr, "已把评分规则 %s 保存到数据库：%s（第%d版）\n", path, sr.Name, sr.Version)
	} else {
		fmt.Fprintf(env.stderr, "评分规则 %s 与数据库中的 %s 第%d版相同\n", path, sr.Name, sr.Version)
	}
	return nil
}

// findOrg finds the organisation an imported case belongs to: the one
// named by ref, else the one with the case's code or name, else a new
// department (ID 0, not yet stored) under parent.
func findOrg(ctx context.Context, db *sqlstore.DB, ref, parent string, ev *jixiao.Evaluation) (*jixiao.OrgRecord, error) {
	if ref != "" {
		return db.OrgByRef(ctx, ref)
	}
	for _, r := range []string{ev.Org.Code, ev.Org.Name} {
		if r == "" {
			continue
		}
		if o, err := db.OrgByRef(ctx, r); err == nil {
			return o, nil
		} else if jixiao.ErrorCode(err) != jixiao.ENOTFOUND {
			return nil, err
		}
	}
	o := &jixiao.OrgRecord{Code: ev.Org.Code, Name: ev.Org.Name, Kind: jixiao.OrgDepartment}
	if o.Code == "" {
		o.Code = ev.Org.Name
	}
	if parent != "" {
		p, err := db.OrgByRef(ctx, parent)
		if err != nil {
			return nil, err
		}
		o.ParentID = p.ID
	}
	return o, nil
}

type exportCmd struct {
	Org     string `arg:"" help:"单位编码或名称"`
	Year    int    `arg:"" help:"年度"`
	Output  string `short:"o" required:"" help:"输出的案例文件：.yaml、.yml 或 .json"`
	DB      string `default:"jixiao.db" help:"数据库：SQLite 文件路径或 postgres://…"`
	Subject string `default:"department" help:"评价对象：department（部门整体）或 project（项目）"`
	Project string `help:"项目评价的项目名称（单位有多个项目评价时）"`
}

func (c *exportCmd) Run(env *env) error {
	db, err := openDB(env, c.DB, false)
	if err != nil {
		return err
	}
	defer db.Close()
	ctx := context.Background()
	org, err := db.OrgByRef(ctx, c.Org)
	if err != nil {
		return err
	}
	var subject jixiao.Subject
	if err := subject.UnmarshalText([]byte(c.Subject)); err != nil {
		return err
	}
	infos, _, err := db.ListEvaluations(ctx, jixiao.EvaluationFilter{OrgIDs: []int64{org.ID}, Year: c.Year, Subject: subject, Limit: 500})
	if err != nil {
		return err
	}
	var pick *jixiao.EvaluationInfo
	var keys []string
	for _, i := range infos {
		keys = append(keys, i.SubjectKey)
		if c.Project == "" || i.SubjectKey == c.Project {
			if pick != nil && c.Project == "" {
				return jixiao.Errorf(jixiao.EINVALID, "%s %d年度有多项%s评价（%s），请用 --project 指定", org.Name, c.Year, subject.Title(), strings.Join(keys, "、"))
			}
			pick = i
		}
	}
	if pick == nil {
		return jixiao.Errorf(jixiao.ENOTFOUND, "%s %d年度没有%s评价", org.Name, c.Year, subject.Title())
	}
	ev, _, err := db.LoadEvaluation(ctx, pick.ID)
	if err != nil {
		return err
	}
	if err := exportRulebook(ctx, env, db, c.Output, ev); err != nil {
		return err
	}
	data, err := caseio.Encode(c.Output, ev)
	if err != nil {
		return err
	}
	if err := writeFileAtomic(c.Output, data); err != nil {
		return err
	}
	fmt.Fprintf(env.stderr, "已导出：%s（评价编号 %d，状态：%s）\n", c.Output, pick.ID, pick.Status.Title())
	return nil
}

type backupCmd struct {
	Output string `short:"o" required:"" help:"备份文件（新文件，仅所有者可读写）"`
	DB     string `default:"jixiao.db" help:"SQLite 数据库文件（PostgreSQL 请用 pg_dump，见 docs/server.md）"`
}

func (c *backupCmd) Run(env *env) error {
	if sqlstore.IsPostgres(c.DB) {
		return jixiao.Errorf(jixiao.EINVALID, "PostgreSQL 数据库请用 pg_dump 备份，例如：pg_dump -Fc -f jixiao.dump \"%s\"（见 docs/server.md）", c.DB)
	}
	// Read-only: a backup taken before an upgrade keeps the old schema.
	db, err := sqlstore.OpenWith(context.Background(), c.DB, sqlstore.Options{ReadOnly: true})
	if err != nil {
		return err
	}
	defer db.Close()
	if err := db.Backup(context.Background(), c.Output); err != nil {
		return err
	}
	st, err := os.Stat(c.Output)
	if err != nil {
		return err
	}
	fmt.Fprintf(env.stdout, "已备份到 %s（%d 字节，仅所有者可读写）。运行中的服务器不受影响。\n", c.Output, st.Size())
	return nil
}

// exportRulebook writes the stored rulebook an exported case is scored by
// beside the case file (<case>-评分规则.yaml) and names that file in the
// case, so that jixiao eval of the exported case scores as the server did.
func exportRulebook(ctx context.Context, env *env, db *sqlstore.DB, output string, ev *jixiao.Evaluation) error {
	name, version, ok := jixiao.ParseRulebookRef(ev.Rulebook)
	if !ok {
		return nil
	}
	sr, err := db.StoredRulebook(ctx, name, version)
	if err != nil {
		return err
	}
	file := strings.TrimSuffix(filepath.Base(output), filepath.Ext(output)) + "-评分规则.yaml"
	head := fmt.Sprintf("# 评分规则 %s（第%d版），由 jixiao export 从数据库导出；所继承的规则已并入。\n", sr.Name, sr.Version)
	if err := writeFileAtomic(filepath.Join(filepath.Dir(output), file), []byte(head+sr.Source)); err != nil {
		return err
	}
	ev.Rulebook = file
	fmt.Fprintf(env.stderr, "评分规则已导出：%s\n", filepath.Join(filepath.Dir(output), file))
	return nil
}
