package main

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"strings"

	"golang.org/x/term"

	"jixiao"
	"jixiao/internal/auth"
	"jixiao/internal/sqlstore"
)

type userCmd struct {
	Add     userAddCmd     `cmd:"" help:"新建用户"`
	Passwd  userPasswdCmd  `cmd:"" help:"修改用户密码"`
	List    userListCmd    `cmd:"" help:"列出用户"`
	Signout userSignoutCmd `cmd:"" help:"结束用户的全部会话并撤销其 API 令牌（如设备丢失、人员离岗）"`
}

// EnvPassword gives a password to the user commands without a prompt (for
// scripts).
const EnvPassword = "JIXIAO_PASSWORD"

// readPassword reads a new password: from JIXIAO_PASSWORD, else from the
// terminal without echo (twice), else one line of standard input. personal
// are the user's names, which the password may not contain.
func readPassword(env *env, personal ...string) (string, error) {
	if p := os.Getenv(EnvPassword); p != "" {
		return p, auth.CheckPassword(p, personal...)
	}
	fd := int(os.Stdin.Fd())
	if term.IsTerminal(fd) {
		fmt.Fprint(env.stderr, "新密码：")
		a, err := term.ReadPassword(fd)
		fmt.Fprintln(env.stderr)
		if err != nil {
			return "", err
		}
		fmt.Fprint(env.stderr, "再输入一次：")
		b, err := term.ReadPassword(fd)
		fmt.Fprintln(env.stderr)
		if err != nil {
			return "", err
		}
		if string(a) != string(b) {
			return "", jixiao.Errorf(jixiao.EINVALID, "两次输入的密码不一致")
		}
		return string(a), auth.CheckPassword(string(a), personal...)
	}
	line, err := bufio.NewReader(os.Stdin).ReadString('\n')
	if err != nil && line == "" {
		return "", jixiao.Errorf(jixiao.EINVALID, "请在标准输入或环境变量 %s 中给出密码", EnvPassword)
	}
	p := strings.TrimRight(line, "\r\n")
	return p, auth.CheckPassword(p, personal...)
}

type userAddCmd struct {
	Username string   `arg:"" help:"用户名"`
	Role     string   `required:"" help:"角色：admin（管理员）、preparer（填报人）、approver（审核人）、reviewer（财政复核）、evaluator（第三方评价机构）、auditor（只读/审计）"`
	Org      string   `help:"所属单位的编码或名称（填报人、审核人必填）"`
	Name     string   `help:"姓名"`
	Assign   []string `help:"指派给第三方评价机构的部门编码或名称（可重复）"`
	Email    string   `help:"接收任务提醒的电子邮箱（可不填；用户也可在网页“我的账号”中填写）"`
	DB       string   `default:"jixiao.db" help:"数据库：SQLite 文件路径或 postgres://…"`
	Init     bool     `help:"数据库不存在时新建（首次使用时）"`
}

func (c *userAddCmd) Run(env *env) error {
	role, ok := jixiao.ParseRole(c.Role)
	if !ok {
		return jixiao.Errorf(jixiao.EINVALID, "角色“%s”无效，应为 admin、preparer、approver、reviewer、evaluator 或 auditor", c.Role)
	}
	email, err := jixiao.CleanEmail(c.Email)
	if err != nil {
		return err
	}
	db, err := openDB(env, c.DB, c.Init)
	if err != nil {
		return err
	}
	defer db.Close()
	ctx := context.Background()
	u := &jixiao.User{Username: c.Username, DisplayName: c.Name, Role: role}
	if c.Org != "" {
		o, err := db.OrgByRef(ctx, c.Org)
		if err != nil {
			return err
		}
		u.OrgID = o.ID
	}
	for _, ref := range c.Assign {
		o, err := db.OrgByRef(ctx, ref)
		if err != nil {
			return err
		}
		u.Assigned = append(u.Assigned, o.ID)
	}
	password, err := readPassword(env, u.Username, u.DisplayName)
	if err != nil {
		return err
	}
	hash, err := auth.Hash(password, auth.DefaultParams)
	if err != nil {
		return err
	}
	u, err = db.CreateUser(ctx, cliActor, u, hash)
	if err != nil {
		return err
	}
	if email != "" {
		if u, err = db.SetUserEmail(ctx, cliActor, u.ID, email); err != nil {
			return err
		}
	}
	fmt.Fprintf(env.stdout, "已新建用户 %s（%s），编号 %d\n", u.Username, u.Role.Title(), u.ID)
	return nil
}

type userPasswdCmd struct {
	Username string `arg:"" help:"用户名"`
	DB       string `default:"jixiao.db" help:"数据库：SQLite 文件路径或 postgres://…"`
}

func (c *userPasswdCmd) Run(env *env) error {
	db, err := openDB(env, c.DB, false)
	if err != nil {
		return err
	}
	defer db.Close()
	ctx := context.Background()
	u, _, err := db.UserByName(ctx, c.Username)
	if err != nil {
		return err
	}
	password, err := readPassword(env, u.Username, u.DisplayName)
	if err != nil {
		return err
	}
	hash, err := auth.Hash(password, auth.DefaultParams)
	if err != nil {
		return err
	}
	if _, err := db.SetPasswordHash(ctx, cliActor, u.ID, hash); err != nil {
		return err
	}
	fmt.Fprintf(env.stdout, "已修改用户 %s 的密码；其已登录的会话均已结束，API 令牌均已撤销\n", u.Username)
	return nil
}

type userListCmd struct {
	DB string `default:"jixiao.db" help:"数据库：SQLite 文件路径或 postgres://…"`
}

func (c *userListCmd) Run(env *env) error {
	db, err := openDB(env, c.DB, false)
	if err != nil {
		return err
	}
	defer db.Close()
	ctx := context.Background()
	users, err := db.Users(ctx)
	if err != nil {
		return err
	}
	orgs := orgNames(ctx, db)
	for _, u := range users {
		state := ""
		if u.Disabled {
			state = "（已停用）"
		}
		where := orgs[u.OrgID]
		for _, id := range u.Assigned {
			where += " 指派：" + orgs[id]
		}
		fmt.Fprintf(env.stdout, "%-16s %-10s %-8s %s%s\n", u.Username, u.DisplayName, u.Role.Title(), strings.TrimSpace(where), state)
	}
	return nil
}

func orgNames(ctx context.Context, db *sqlstore.DB) map[int64]string {
	orgs, _ := db.Orgs(ctx) // names are decoration: a list without them still helps
	return namesOf(orgs)
}

func namesOf(orgs []*jixiao.OrgRecord) map[int64]string {
	m := map[int64]string{}
	for _, o := range orgs {
		m[o.ID] = o.Name
	}
	return m
}

type orgCmd struct {
	Add  orgAddCmd  `cmd:"" help:"新建单位"`
	List orgListCmd `cmd:"" help:"列出单位"`
}

type orgAddCmd struct {
	Code   string `arg:"" help:"单位编码"`
	Name   string `arg:"" help:"单位名称"`
	Kind   string `default:"department" help:"类型：bureau（财政局）、department（部门）或 evaluator（第三方评价机构）"`
	Parent string `help:"上级单位编码或名称"`
	DB     string `default:"jixiao.db" help:"数据库：SQLite 文件路径或 postgres://…"`
	Init   bool   `help:"数据库不存在时新建（首次使用时）"`
}

func (c *orgAddCmd) Run(env *env) error {
	db, err := openDB(env, c.DB, c.Init)
	if err != nil {
		return err
	}
	defer db.Close()
	ctx := context.Background()
	o := &jixiao.OrgRecord{Code: c.Code, Name: c.Name, Kind: jixiao.OrgKind(c.Kind)}
	if c.Parent != "" {
		p, err := db.OrgByRef(ctx, c.Parent)
		if err != nil {
			return err
		}
		o.ParentID = p.ID
	}
	if o, err = db.CreateOrg(ctx, cliActor, o); err != nil {
		return err
	}
	fmt.Fprintf(env.stdout, "已新建单位 %s（编码 %s），编号 %d\n", o.Name, o.Code, o.ID)
	return nil
}

type orgListCmd struct {
	DB string `default:"jixiao.db" help:"数据库：SQLite 文件路径或 postgres://…"`
}

func (c *orgListCmd) Run(env *env) error {
	db, err := openDB(env, c.DB, false)
	if err != nil {
		return err
	}
	defer db.Close()
	ctx := context.Background()
	orgs, err := db.Orgs(ctx)
	if err != nil {
		return err
	}
	names := namesOf(orgs)
	for _, o := range orgs {
		parent := ""
		if o.ParentID != 0 {
			parent = "上级：" + names[o.ParentID]
		}
		fmt.Fprintf(env.stdout, "%-14s %-24s %-10s %s\n", o.Code, o.Name, o.Kind, parent)
	}
	return nil
}
