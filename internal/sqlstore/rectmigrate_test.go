package sqlstore

import (
	"context"
	"database/sql"
	"os"
	"path/filepath"
	"testing"
)

// TestMigration21KeepsReminders migrates a database at version 20 with a
// task reminder and its e-mail to version 21 (on SQLite the reminders and
// their e-mails are rebuilt): both are kept with their ids, a new reminder
// gets a higher id than any before, a reminder of a rectification item
// can be stored, and deleting a reminder still deletes its e-mails.
func TestMigration21KeepsReminders(t *testing.T) {
	engines := map[string]string{SQLite: filepath.Join(t.TempDir(), "v20.db")}
	if dsn := os.Getenv("JIXIAO_TEST_POSTGRES_DSN"); dsn != "" {
		engines[Postgres] = emptyPostgres(t, dsn)
	}
	for dialect, dsn := range engines {
		t.Run(dialect, func(t *testing.T) {
			ctx := context.Background()
			driver, raw := "sqlite", "file:"+dsn+"?_pragma=foreign_keys(1)"
			if dialect == Postgres {
				driver, raw = "pgx", dsn
			}
			db, err := sql.Open(driver, raw)
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			s := &DB{db: db, dialect: dialect}
			p, err := s.provider()
			if err != nil {
				t.Fatal(err)
			}
			if _, err := p.UpTo(ctx, 20); err != nil {
				t.Fatal(err)
			}
			exec := func(q string, args ...any) {
				t.Helper()
				if _, err := db.ExecContext(ctx, q, args...); err != nil {
					t.Fatalf("%s: %v", q, err)
				}
			}
			one := func(q string, args ...any) int64 {
				t.Helper()
				var n int64
				if err := db.QueryRowContext(ctx, q, args...).Scan(&n); err != nil {
					t.Fatalf("%s: %v", q, err)
				}
				return n
			}
			org := one("INSERT INTO orgs (code, name, kind, created_at, updated_at) VALUES ('D1', '交通运输局', 'department', 0, 0) RETURNING id")
			user := one("INSERT INTO users (username, display_name, password_hash, role, org_id, created_at, updated_at) VALUES ('p', 'p', 'x', 'preparer', $1, 0, 0) RETURNING id", org)
			task := one("INSERT INTO tasks (kind, title, bureau_id, deadline, created_at) VALUES ('其他', '上报', $1, '2026-03-31', 0) RETURNING id", org)
			as := one("INSERT INTO task_assignees (task_id, org_id, state, updated_at) VALUES ($1, $2, '未开始', 0) RETURNING id", task, org)
			first := one("INSERT INTO task_reminders (assignee_id, kind, org_id, message, created_at) VALUES ($1, 'due', $2, '提醒', 0) RETURNING id", as, org)
			old := one("INSERT INTO task_reminders (assignee_id, kind, org_id, message, created_at, mail_state) VALUES ($1, 'overdue', $2, '逾期', 0, 1) RETURNING id", as, org)
			exec("INSERT INTO task_reminder_mails (reminder_id, user_id, address) VALUES ($1, $2, 'p@example.gov.cn')", old, user)
			last := one("INSERT INTO task_reminders (assignee_id, kind, org_id, message, created_at) VALUES ($1, 'escalate', $2, '督办', 0) RETURNING id", as, org)
			exec("DELETE FROM task_reminders WHERE id IN ($1, $2)", first, last)

			if _, err := p.Up(ctx); err != nil {
				t.Fatal(err)
			}
			if n := one("SELECT count(*) FROM task_reminder_mails m JOIN task_reminders r ON r.id = m.reminder_id WHERE r.id = $1 AND r.mail_state = 1", old); n != 1 {
				t.Fatalf("the reminder's e-mail after the migration: %d", n)
			}
			rect := one(`INSERT INTO rectifications (org_id, year, source, problem, owner, measure, deadline, status, created_at, updated_at)
				VALUES ($1, 2025, '复核', '问题', '张敏', '措施', '2026-04-06', '通知', 0, 0) RETURNING id`, org)
			next := one("INSERT INTO task_reminders (rectification_id, kind, org_id, message, created_at) VALUES ($1, 'rect-due', $2, '整改', 0) RETURNING id", rect, org)
			if next <= last {
				t.Errorf("a new reminder got id %d, not above the deleted %d", next, last)
			}
			if _, err := db.ExecContext(ctx, "INSERT INTO task_reminders (kind, org_id, message, created_at) VALUES ('due', $1, '无主', 0)", org); err == nil {
				t.Error("a reminder of neither a task nor an item was stored")
			}
			exec("DELETE FROM task_reminders WHERE id = $1", old)
			if n := one("SELECT count(*) FROM task_reminder_mails"); n != 0 {
				t.Errorf("%d e-mails left of a deleted reminder", n)
			}
		})
	}
}
