package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/url"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"jixiao"
	"jixiao/internal/api"
	"jixiao/internal/app"
	"jixiao/internal/demo"
	"jixiao/internal/mail"
	"jixiao/internal/monitoring"
	"jixiao/internal/report/pdf"
	"jixiao/internal/riverjobs"
	"jixiao/internal/server"
	"jixiao/internal/sqlstore"
)

type serveCmd struct {
	DB               string        `default:"jixiao.db" help:"数据库：SQLite 文件路径，或 postgres://用户:密码@主机/库名"`
	Addr             string        `default:"127.0.0.1:8080" help:"监听地址"`
	Init             bool          `help:"数据库不存在时新建（首次启动时使用）；没有它，不存在的数据库被拒绝，以免路径写错时在新的空库上启动"`
	Demo             bool          `help:"演示模式：新建临时数据库，载入参考案例和示例，并为每个角色建一个演示账号"`
	SecureCookies    bool          `help:"会话 Cookie 仅通过 HTTPS 发送（部署在 HTTPS 之后时使用）"`
	TrustedProxy     []string      `help:"可信的反向代理（IP 地址或网段，可重复）：来自它的请求按 X-Forwarded-For 识别客户端地址"`
	PDFSlots         int           `name:"pdf-slots" help:"同时生成的 PDF 份数（默认为 CPU 核数，最多 2）"`
	DBRead           string        `name:"db-read" help:"只读副本：PostgreSQL 备库的地址 postgres://…；评分表、财政局总览、报告和导出从它读取（刚写入的用户仍从主库读取，直到副本赶上）"`
	DBReadMaxLag     time.Duration `name:"db-read-max-lag" default:"30s" help:"只读副本最多可以落后主库多久；超过时改从主库读取"`
	Jobs             int           `help:"本服务器同时执行的后台任务数（生成报告、批量下载、导入、重新评分；默认 2）"`
	HookURL          string        `name:"hook-url" env:"JIXIAO_HOOK_URL" help:"任务提醒的消息推送地址（http:// 或 https://）：每条提醒以 JSON 格式 POST 到该地址，见 docs/tasks.md"`
	RemindEvery      time.Duration `name:"remind-every" default:"1h" help:"多久检查一次任务截止日期并发送提醒（多台服务器共用一个数据库时只有一台执行）"`
	SMTPHost         string        `name:"smtp-host" env:"JIXIAO_SMTP_HOST" help:"发送提醒邮件的 SMTP 服务器（不给出则不发送邮件），见 docs/tasks.md"`
	SMTPPort         int           `name:"smtp-port" env:"JIXIAO_SMTP_PORT" help:"SMTP 端口（默认：starttls 587，tls 465，none 25）"`
	SMTPTLS          string        `name:"smtp-tls" env:"JIXIAO_SMTP_TLS" default:"starttls" enum:"starttls,tls,none" help:"SMTP 加密方式：starttls（要求 STARTTLS）、tls（全程 TLS）或 none（不加密，仅限本机或内网中继，不能登录）"`
	SMTPUser         string        `name:"smtp-user" env:"JIXIAO_SMTP_USER" help:"SMTP 登录用户名（不需要登录时不填）"`
	SMTPPasswordFile string        `name:"smtp-password-file" help:"SMTP 密码所在的文件（也可用环境变量 JIXIAO_SMTP_PASSWORD 给出；密码不写在命令行上，也不记入日志）"`
	PublicURL        string        `name:"public-url" env:"JIXIAO_PUBLIC_URL" help:"本系统供用户访问的网址，如 https://jixiao.example.gov.cn：提醒邮件附上办理页面的链接（不给出时邮件用文字说明在哪一页办理）"`
	SMTPFrom         string        `name:"smtp-from" env:"JIXIAO_SMTP_FROM" help:"发件人，如 jixiao@example.gov.cn 或 “绩效管理系统 <jixiao@example.gov.cn>”"`
	Calendar         string        `name:"calendar" env:"JIXIAO_CALENDAR" help:"绩效运行监控的工作日历文件（.yaml，格式同 jixiao monitor --calendar）：未选用上传日历的监控轮次，其预警处置期限和逾期提醒按它的工作日计算；省略时用内置的全国法定节假日安排，见 docs/monitoring.md"`
	MonitorRules     string        `name:"monitor-rules" env:"JIXIAO_MONITOR_RULES" help:"绩效运行监控的预警规则：规则文件（.yaml）或内置规则名；新开的监控轮次未选用上传的规则时默认用它，省略时用内置默认规则，见 docs/monitoring.md"`
}

// monitoring reads the calendar and warning rules of the serve flags (nil
// when not given: the server uses the built-in ones), refusing a bad file.
func (c *serveCmd) monitoring() (cal *jixiao.Calendar, rules *jixiao.MonitorRules, err error) {
	if c.Calendar != "" {
		if cal, err = monitoring.LoadCalendar(c.Calendar); err != nil {
			return nil, nil, err
		}
	}
	if c.MonitorRules != "" {
		if rules, err = monitoring.LoadRules(c.MonitorRules); err != nil {
			return nil, nil, err
		}
	}
	return cal, rules, nil
}

// mailer is the SMTP sender of the serve flags, or nil when no server is
// given. The password comes from JIXIAO_SMTP_PASSWORD or the file named.
func (c *serveCmd) mailer() (*mail.Sender, error) {
	if c.SMTPHost == "" {
		if c.SMTPUser != "" || c.SMTPFrom != "" || c.SMTPPasswordFile != "" {
			return nil, jixiao.Errorf(jixiao.EINVALID, "给出了邮件设置，但没有邮件服务器：请用 --smtp-host 给出")
		}
		return nil, nil
	}
	password := os.Getenv("JIXIAO_SMTP_PASSWORD")
	if c.SMTPPasswordFile != "" {
		b, err := readSmall(c.SMTPPasswordFile, 4096)
		if err != nil {
			return nil, jixiao.Errorf(jixiao.EINVALID, "无法读取 SMTP 密码文件“%s”", c.SMTPPasswordFile)
		}
		password = strings.TrimRight(string(b), "\r\n")
	}
	if c.SMTPFrom == "" {
		return nil, jixiao.Errorf(jixiao.EINVALID, "请用 --smtp-from 给出发件人地址")
	}
	return mail.New(mail.Config{Host: c.SMTPHost, Port: c.SMTPPort, TLS: c.SMTPTLS, User: c.SMTPUser, Password: password, From: c.SMTPFrom})
}

// readSmall reads a file of at most max bytes.
func readSmall(path string, max int64) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	b, err := io.ReadAll(io.LimitReader(f, max+1))
	if err != nil {
		return nil, err
	}
	if int64(len(b)) > max {
		return nil, fmt.Errorf("%s: larger than %d bytes", path, max)
	}
	return b, nil
}

func (c *serveCmd) Run(env *env) error {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	logger := slog.New(slog.NewTextHandler(env.stderr, nil))
	dsn, opts := c.DB, sqlstore.Options{Create: c.Init, Notice: func(msg string) { logger.Info(msg) }}
	if c.Demo {
		dir, err := os.MkdirTemp("", "jixiao-demo-")
		if err != nil {
			return err
		}
		defer os.RemoveAll(dir)
		dsn, opts = filepath.Join(dir, "demo.db"), sqlstore.Options{Create: true}
	}
	if c.DBRead != "" && !sqlstore.IsPostgres(dsn) {
		return jixiao.Errorf(jixiao.EINVALID, "--db-read（只读副本）只能配合 PostgreSQL 主库使用：当前数据库是 SQLite 文件，没有只读副本。请去掉 --db-read，或用 --db postgres://… 改用 PostgreSQL")
	}
	proxies, err := server.ParseProxies(c.TrustedProxy)
	if err != nil {
		return err
	}
	// The calendar and rules files are read before the database is opened:
	// a bad one stops the server before anything is created.
	cal, rules, err := c.monitoring()
	if err != nil {
		return err
	}
	db, err := sqlstore.OpenWith(ctx, dsn, opts)
	if err != nil {
		return err
	}
	defer db.Close()
	if c.DBRead != "" {
		if err := db.AttachReplica(ctx, c.DBRead, sqlstore.ReplicaOptions{MaxLag: c.DBReadMaxLag, Logger: logger}); err != nil {
			return err
		}
		logger.Info("read replica attached", "max_lag", c.DBReadMaxLag)
	}
	a := app.New(db)
	a.Logger = logger
	a.Calendar, a.MonitorRules = cal, rules
	if a.Calendar != nil {
		logger.Info("monitoring calendar", "name", a.Calendar.Name, "version", a.Calendar.Version)
	}
	if a.MonitorRules != nil {
		logger.Info("monitoring rules", "name", a.MonitorRules.Name, "version", a.MonitorRules.Version)
	}
	if a.Printer, err = pdf.NewPrinter(pdf.PrinterOptions{Slots: c.PDFSlots}); err != nil {
		return err
	}
	defer a.Printer.Close()
	// Background jobs are kept in the database: they run on this server
	// or on another one on the same database, and survive a restart.
	if c.HookURL != "" {
		u, err := url.Parse(c.HookURL)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			return jixiao.Errorf(jixiao.EINVALID, "消息推送地址应以 http:// 或 https:// 开头，实际为“%s”", c.HookURL)
		}
		a.HookURL = c.HookURL
	}
	if a.PublicURL, err = app.CleanPublicURL(c.PublicURL); err != nil {
		return err
	}
	// Reminders by e-mail, when an SMTP server is given.
	m, err := c.mailer()
	if err != nil {
		return err
	}
	if m != nil {
		a.Mailer = m
		logger.Info("reminder e-mail", "smtp", m.String())
	}
	if c.RemindEvery < time.Minute || c.RemindEvery > 24*time.Hour {
		return jixiao.Errorf(jixiao.EINVALID, "提醒检查间隔应在1分钟到24小时之间")
	}
	jobs, err := riverjobs.New(db.SQL(), db.Dialect(), a.JobHandlers(), riverjobs.Config{Workers: c.Jobs, Logger: logger,
		Periodic: map[string]time.Duration{jixiao.JobReminders: c.RemindEvery}})
	if err != nil {
		return err
	}
	a.Jobs, a.ReadCase = jobs, api.ReadCase
	if err := jobs.Start(context.WithoutCancel(ctx)); err != nil {
		return err
	}
	defer func() {
		// Jobs running when the server stops get 20 s to finish; then they
		// are cancelled, and run again when a server starts.
		sctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
		defer cancel()
		if err := jobs.Stop(sctx); err != nil {
			logger.Error("stop jobs", "err", err)
		}
	}()
	var data *demo.Data
	if c.Demo {
		if data, err = demo.Load(ctx, db, demo.Options{Hash: a.Hash, Synthetic: 12}); err != nil {
			return err
		}
		// The demo's overdue tasks and warnings are reminded and escalated
		// now, not at the next periodic check (the one at start may have
		// run before the data was there): the notices show at once.
		if _, err := a.SendReminders(ctx); err != nil {
			return err
		}
	}
	// What has expired (sessions, sign-in strikes, uploads no longer
	// waiting) is removed every ten minutes and at start, so that those
	// tables hold only live rows; with several servers each does it, and
	// the deletes do not conflict.
	go func() {
		for {
			if err := db.DeleteExpired(ctx); err != nil && ctx.Err() == nil {
				logger.Error("delete expired", "err", err)
			}
			select {
			case <-ctx.Done():
				return
			case <-time.After(10 * time.Minute):
			}
		}
	}()
	h, err := server.Handler(server.Config{Evaluations: a, Users: a, Jobs: a, Tasks: a, SessionStore: db, Health: db.Check, Logger: logger,
		SecureCookies: c.SecureCookies, TrustedProxies: proxies, Pages: pages(a, logger)})
	if err != nil {
		return err
	}
	return server.Run(ctx, c.Addr, h, logger, func(addr string) {
		url := "http://" + strings.Replace(addr, "127.0.0.1", "localhost", 1) + "/"
		fmt.Fprintf(env.stdout, "jixiao 已启动：%s\n", url)
		if data != nil {
			fmt.Fprintf(env.stdout, "演示数据：%s 及其 %d 个部门，%d 项评价（参考报告：石家庄市自然资源和规划局2024年度；“合成部门”为生成的示例数据）\n",
				data.Bureau.Name, len(data.Departments), len(data.Evaluations))
			fmt.Fprintf(env.stdout, "在浏览器中打开上面的地址，用下列演示账号登录（密码均为 %s）：\n", demo.Password)
			for _, l := range data.Logins {
				fmt.Fprintf(env.stdout, "  %-10s %s（%s）\n", l.Username, l.Role, l.Org)
			}
		}
		fmt.Fprintln(env.stdout, "按 Ctrl+C 停止。")
	})
}
