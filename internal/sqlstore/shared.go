package sqlstore

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"time"

	"jixiao"
)

// What several servers on one database share, beyond the data itself:
// the sign-in throttles' strikes, the secret that signs device tokens, and
// uploads waiting for confirmation. Each row has an expiry, and
// DeleteExpired removes the rows past it.

// Strikes are the failed sign-ins remembered for one key.
type Strikes struct {
	N     int       // failures
	Last  time.Time // of the last failure
	Until time.Time // no attempt before
}

// Strikes returns key's strikes that have not expired at now (zero ones
// when there are none).
func (s *DB) Strikes(ctx context.Context, key string, now time.Time) (Strikes, error) {
	var n int
	var last, until int64
	err := s.db.QueryRowContext(ctx, "SELECT failures, last_at, until_at FROM login_strikes WHERE key = $1 AND expires_at > $2", key, now.UnixMilli()).
		Scan(&n, &last, &until)
	if errors.Is(err, sql.ErrNoRows) {
		return Strikes{}, nil
	}
	if err != nil {
		return Strikes{}, fmt.Errorf("strikes: %w", err)
	}
	return Strikes{N: n, Last: fromMillis(last), Until: fromMillis(until)}, nil
}

// Strike changes key's strikes with fn, which is given the strikes not
// expired at now and returns the new ones and when they expire. Servers
// striking one key at once do so one after the other: no failure is lost.
func (s *DB) Strike(ctx context.Context, key string, now time.Time, fn func(Strikes) (Strikes, time.Time)) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		// The insert comes first: on SQLite it makes the transaction a
		// writer at once (no read lock to upgrade), on PostgreSQL it makes
		// the row that FOR UPDATE then locks.
		if _, err := tx.ExecContext(ctx, `INSERT INTO login_strikes (key, failures, last_at, until_at, expires_at) VALUES ($1, 0, 0, 0, 0)
			ON CONFLICT (key) DO NOTHING`, key); err != nil {
			return fmt.Errorf("strike: %w", err)
		}
		q := "SELECT failures, last_at, until_at, expires_at FROM login_strikes WHERE key = $1"
		if s.dialect == Postgres {
			q += " FOR UPDATE"
		}
		var n int
		var last, until, expires int64
		if err := tx.QueryRowContext(ctx, q, key).Scan(&n, &last, &until, &expires); err != nil {
			return fmt.Errorf("strike: %w", err)
		}
		var cur Strikes
		if expires > now.UnixMilli() {
			cur = Strikes{N: n, Last: fromMillis(last), Until: fromMillis(until)}
		}
		next, exp := fn(cur)
		_, err := tx.ExecContext(ctx, "UPDATE login_strikes SET failures = $1, last_at = $2, until_at = $3, expires_at = $4 WHERE key = $5",
			next.N, next.Last.UnixMilli(), next.Until.UnixMilli(), exp.UnixMilli(), key)
		if err != nil {
			return fmt.Errorf("strike: %w", err)
		}
		return nil
	})
}

// ForgetStrikes forgets key's strikes. A key without any (every good
// sign-in's user name, usually) costs a read, not a write.
func (s *DB) ForgetStrikes(ctx context.Context, key string) error {
	var n int
	if err := s.db.QueryRowContext(ctx, "SELECT count(*) FROM login_strikes WHERE key = $1", key).Scan(&n); err != nil {
		return fmt.Errorf("strikes: %w", err)
	}
	if n == 0 {
		return nil
	}
	if _, err := s.exec(ctx, "DELETE FROM login_strikes WHERE key = $1", key); err != nil {
		return fmt.Errorf("strikes: %w", err)
	}
	return nil
}

// Secret returns the shared secret called name, of size random bytes: the
// first server to ask makes it, every other one reads that one.
func (s *DB) Secret(ctx context.Context, name string, size int) ([]byte, error) {
	var secret []byte
	err := s.db.QueryRowContext(ctx, "SELECT secret FROM server_secrets WHERE name = $1", name).Scan(&secret)
	if err == nil {
		return secret, nil
	}
	if !errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("secret: %w", err)
	}
	fresh := make([]byte, size)
	rand.Read(fresh)
	if _, err := s.exec(ctx, "INSERT INTO server_secrets (name, secret, created_at) VALUES ($1, $2, $3) ON CONFLICT (name) DO NOTHING",
		name, fresh, s.millis()); err != nil {
		return nil, fmt.Errorf("secret: %w", err)
	}
	// Another server may have made it first: its secret is the one.
	if err := s.db.QueryRowContext(ctx, "SELECT secret FROM server_secrets WHERE name = $1", name).Scan(&secret); err != nil {
		return nil, fmt.Errorf("secret: %w", err)
	}
	return secret, nil
}

// Bounds of the uploads waiting for confirmation: each is kept
// PendingKeep; a user has at most maxPendingPerUser (a new one replaces
// the user's oldest), all users together at most maxPending (the oldest
// goes first).
const (
	PendingKeep       = 30 * time.Minute
	maxPendingPerUser = 2
	maxPending        = 64
)

// HoldUpload keeps an upload of user (its file name, its case as JSON,
// the evaluation it replaces or 0) and returns the token that takes it.
func (s *DB) HoldUpload(ctx context.Context, user int64, name, caseJSON string, replace int64) (string, error) {
	b := make([]byte, 16)
	rand.Read(b)
	token := hex.EncodeToString(b)
	now := s.millis()
	err := s.tx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, "DELETE FROM pending_uploads WHERE expires_at <= $1", now); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM pending_uploads WHERE token IN (SELECT token FROM pending_uploads WHERE user_id = $1
			ORDER BY created_at DESC, token LIMIT 100000 OFFSET $2)`, user, maxPendingPerUser-1); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM pending_uploads WHERE token IN (SELECT token FROM pending_uploads
			ORDER BY created_at DESC, token LIMIT 100000 OFFSET $1)`, maxPending-1); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO pending_uploads (token, user_id, name, case_json, replace_id, created_at, expires_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7)`, sessionKey(token), user, name, caseJSON, replace, now, now+PendingKeep.Milliseconds())
		return err
	})
	if err != nil {
		return "", fmt.Errorf("hold upload: %w", err)
	}
	return token, nil
}

// TakeUpload returns and forgets user's upload held under token; once
// only, whichever server is asked.
func (s *DB) TakeUpload(ctx context.Context, user int64, token string) (name, caseJSON string, replace int64, err error) {
	if len(token) > 64 {
		return "", "", 0, jixiao.Errorf(jixiao.ENOTFOUND, "上传的文件已过期（保留30分钟），请重新上传")
	}
	key := sessionKey(token)
	err = s.tx(ctx, func(tx *sql.Tx) error {
		err := tx.QueryRowContext(ctx, "SELECT name, case_json, replace_id FROM pending_uploads WHERE token = $1 AND user_id = $2 AND expires_at > $3",
			key, user, s.millis()).Scan(&name, &caseJSON, &replace)
		if errors.Is(err, sql.ErrNoRows) {
			return jixiao.Errorf(jixiao.ENOTFOUND, "上传的文件已过期（保留30分钟），请重新上传")
		}
		if err != nil {
			return fmt.Errorf("take upload: %w", err)
		}
		// Whoever deletes the row takes it: of two servers asked at once,
		// the other finds nothing.
		res, err := tx.ExecContext(ctx, "DELETE FROM pending_uploads WHERE token = $1", key)
		if err != nil {
			return fmt.Errorf("take upload: %w", err)
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return jixiao.Errorf(jixiao.ENOTFOUND, "上传的文件已过期（保留30分钟），请重新上传")
		}
		return nil
	})
	return name, caseJSON, replace, err
}

// DeleteExpired removes what has expired: sessions, sign-in strikes and
// uploads no longer waiting.
func (s *DB) DeleteExpired(ctx context.Context) error {
	now := s.millis()
	for _, q := range []string{
		"DELETE FROM sessions WHERE expiry <= $1",
		"DELETE FROM login_strikes WHERE expires_at <= $1",
		"DELETE FROM pending_uploads WHERE expires_at <= $1",
	} {
		if _, err := s.exec(ctx, q, now); err != nil {
			return fmt.Errorf("delete expired: %w", err)
		}
	}
	return nil
}
