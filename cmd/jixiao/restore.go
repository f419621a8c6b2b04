package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"time"

	"jixiao"
	"jixiao/internal/sqlstore"
)

type restoreCmd struct {
	Backup string `arg:"" help:"由 jixiao backup 生成的备份文件（只读取，不修改）"`
	DB     string `default:"jixiao.db" help:"要恢复的 SQLite 数据库文件（请先停止服务器）"`
	Init   bool   `help:"数据库文件不存在时新建（恢复到新的位置）"`
}

// Run replaces the database with the backup. Everything about the backup
// is checked before the database is touched; the backup itself is only
// read (a copy of it is brought up to this program's schema); the
// database is kept as a timestamped copy that no later restore
// overwrites; the replacement is one rename.
func (c *restoreCmd) Run(env *env) error {
	if sqlstore.IsPostgres(c.DB) || sqlstore.IsPostgres(c.Backup) {
		return jixiao.Errorf(jixiao.EINVALID, "PostgreSQL 数据库请用 pg_restore 恢复（见 docs/server.md）")
	}
	ctx := context.Background()
	live := true
	if _, err := os.Stat(c.DB); errors.Is(err, fs.ErrNotExist) {
		if !c.Init {
			return jixiao.Errorf(jixiao.ENOTFOUND, "数据库文件 %s 不存在，请检查路径。如要恢复到新的数据库文件，请加 --init", c.DB)
		}
		live = false
	} else if err != nil {
		return jixiao.Errorf(jixiao.EINVALID, "无法读取数据库文件 %s：%v", c.DB, sqlstore.FileReason(err))
	}

	// The backup: a jixiao database, whole, of a schema this program knows.
	if st, err := os.Stat(c.Backup); errors.Is(err, fs.ErrNotExist) {
		return jixiao.Errorf(jixiao.ENOTFOUND, "找不到备份文件 %s。数据库未作任何改动", c.Backup)
	} else if err == nil && st.Size() == 0 && !st.IsDir() {
		return jixiao.Errorf(jixiao.EINVALID, "备份文件 %s 是空文件，不是 jixiao 备份。数据库未作任何改动", c.Backup)
	}
	b, err := sqlstore.OpenWith(ctx, c.Backup, sqlstore.Options{ReadOnly: true, Verify: true})
	if err != nil {
		return refused("不能用 %s 恢复：", c.Backup, err)
	}
	defer b.Close()
	from, err := b.Summary(ctx)
	if err != nil {
		return refused("不能用 %s 恢复：", c.Backup, err)
	}

	// A copy of it beside the database, brought up to date there.
	dir := filepath.Dir(c.DB)
	if !live {
		if err := os.MkdirAll(dir, 0o750); err != nil {
			return jixiao.Errorf(jixiao.EINVALID, "无法创建目录 %s：%v", dir, sqlstore.FileReason(err))
		}
	}
	tmp := filepath.Join(dir, fmt.Sprintf(".%s.restoring-%d-%d", filepath.Base(c.DB), os.Getpid(), time.Now().UnixNano()))
	defer removeDB(tmp) // nothing there once renamed into place
	if err := b.Backup(ctx, tmp); err != nil {
		return err
	}
	b.Close()
	n, err := sqlstore.OpenWith(ctx, tmp, sqlstore.Options{Notice: env.notice})
	if err != nil {
		return err
	}
	to, err := n.Summary(ctx)
	n.Close()
	if err != nil {
		return err
	}
	if err := noLog(tmp); err != nil {
		return err
	}

	// The database: held alone (no server may have it open), its log
	// emptied into the file, the file kept.
	var old *sqlstore.Summary
	kept := ""
	if live {
		l, err := sqlstore.OpenWith(ctx, c.DB, sqlstore.Options{Exclusive: true})
		if err != nil {
			return refusedLive(c.DB, err)
		}
		old, _ = l.Summary(ctx) // a damaged database is replaced all the same
		if err := l.Checkpoint(ctx); err != nil {
			l.Close()
			return refusedLive(c.DB, err)
		}
		kept, err = keepCopy(c.DB)
		if cerr := l.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			return err
		}
		// The log is empty and SQLite removed it at Close; one that is back
		// belongs to a program that opened the database since.
		if err := noLog(c.DB); err != nil {
			return err
		}
	}
	if err := os.Rename(tmp, c.DB); err != nil {
		return jixiao.Errorf(jixiao.EINVALID, "无法替换数据库文件 %s：%v", c.DB, sqlstore.FileReason(err))
	}
	syncDir(dir)

	if live {
		fmt.Fprintf(env.stdout, "原数据库 %s：%s\n", c.DB, describe(old))
		fmt.Fprintf(env.stdout, "原数据库已保留为 %s\n", kept)
	}
	fmt.Fprintf(env.stdout, "已用备份 %s 恢复 %s：%s\n", c.Backup, c.DB, describe(to))
	if to.Version != from.Version {
		fmt.Fprintf(env.stdout, "备份的数据库结构为版本 %d，恢复后已升级到版本 %d（备份文件本身未改动）\n", from.Version, to.Version)
	}
	return nil
}

// refused says why an operation was refused, naming what it concerned and
// that nothing was changed.
func refused(format, path string, err error) error {
	if jixiao.ErrorCode(err) == jixiao.EINTERNAL {
		return err
	}
	return jixiao.Errorf(jixiao.ErrorCode(err), format+"%s。数据库未作任何改动", path, jixiao.ErrorMessage(err))
}

// refusedLive says why the database cannot be replaced.
func refusedLive(path string, err error) error {
	err = refused("不能替换 %s：", path, err)
	if jixiao.ErrorCode(err) == jixiao.EINVALID {
		return jixiao.Errorf(jixiao.EINVALID, "%s。请检查 --db 给出的路径；如确要以备份取代这个文件，请先停止服务器，把它（连同同名的 -wal、-shm 文件）移到别处保留，再加 --init 恢复", jixiao.ErrorMessage(err))
	}
	return err
}

// describe says what a database holds.
func describe(s *sqlstore.Summary) string {
	if s == nil {
		return "无法读取其内容（可能已损坏）"
	}
	last := "没有修改记录"
	if !s.LastChange.IsZero() {
		last = "最后修改于 " + s.LastChange.Format("2006-01-02 15:04:05")
	}
	return fmt.Sprintf("%d 个单位、%d 个用户、%d 项评价，%s（结构版本 %d）", s.Orgs, s.Users, s.Evaluations, last, s.Version)
}

// keepCopy copies the database file at path (its log emptied into it) to
// a new file path.before-restore-YYYYMMDD-HHMMSS (with -2, -3… if a
// restore in the same second made one), mode 0600, and returns its name.
func keepCopy(path string) (string, error) {
	src, err := os.Open(path)
	if err != nil {
		return "", jixiao.Errorf(jixiao.EINVALID, "无法读取数据库文件 %s：%v", path, sqlstore.FileReason(err))
	}
	defer src.Close()
	base := path + ".before-restore-" + time.Now().Format("20060102-150405")
	name := base
	var dst *os.File
	for i := 2; ; i++ {
		dst, err = os.OpenFile(name, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
		if !errors.Is(err, fs.ErrExist) {
			break
		}
		name = fmt.Sprintf("%s-%d", base, i)
	}
	if err != nil {
		return "", jixiao.Errorf(jixiao.EINVALID, "无法保留原数据库（写入 %s）：%v。数据库未作任何改动", name, sqlstore.FileReason(err))
	}
	_, err = io.Copy(dst, src)
	if err == nil {
		err = dst.Sync()
	}
	if cerr := dst.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(name)
		return "", jixiao.Errorf(jixiao.EINVALID, "无法保留原数据库（写入 %s）：%v。数据库未作任何改动", name, sqlstore.FileReason(err))
	}
	return name, nil
}

// noLog makes sure that the database file at path holds all its data: no
// write-ahead log with content beside it. An empty log and its index are
// removed.
func noLog(path string) error {
	if st, err := os.Stat(path + "-wal"); err == nil && st.Size() > 0 {
		return jixiao.Errorf(jixiao.ECONFLICT, "数据库文件 %s 正在被其他程序使用（例如正在运行的 jixiao 服务器），请先停止它。数据库未作任何改动", path)
	}
	os.Remove(path + "-wal")
	os.Remove(path + "-shm")
	return nil
}

// removeDB removes a SQLite file and its log files, if there.
func removeDB(path string) {
	for _, suffix := range []string{"", "-wal", "-shm", "-journal"} {
		os.Remove(path + suffix)
	}
}

// syncDir makes a rename in dir durable where the system allows it.
func syncDir(dir string) {
	if d, err := os.Open(dir); err == nil {
		d.Sync() // fails harmlessly where directories cannot be synced
		d.Close()
	}
}
