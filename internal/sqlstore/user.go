package sqlstore

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"time"

	"jixiao"
)

const userSelect = "SELECT id, username, display_name, role, org_id, disabled, version, created_at, session_epoch, email FROM users"

func scanUser(sc scanner) (*jixiao.User, error) {
	var u jixiao.User
	var role string
	var org *int64
	var created int64
	if err := sc.Scan(&u.ID, &u.Username, &u.DisplayName, &role, &org, &u.Disabled, &u.Version, &created, &u.SessionEpoch, &u.Email); err != nil {
		return nil, err
	}
	u.Role, u.CreatedAt = jixiao.Role(role), fromMillis(created)
	if org != nil {
		u.OrgID = *org
	}
	return &u, nil
}

func (s *DB) assigned(ctx context.Context, q querier, u *jixiao.User) error {
	rows, err := q.QueryContext(ctx, "SELECT org_id FROM assignments WHERE user_id = $1 ORDER BY org_id", u.ID)
	if err != nil {
		return err
	}
	defer rows.Close()
	u.Assigned = nil
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return err
		}
		u.Assigned = append(u.Assigned, id)
	}
	return rows.Err()
}

// validateUser checks a user's role against its organisation.
func (s *DB) validateUser(ctx context.Context, q querier, u *jixiao.User) error {
	if strings.TrimSpace(u.Username) == "" {
		return jixiao.Errorf(jixiao.EINVALID, "用户名不能为空")
	}
	if strings.ContainsAny(u.Username, " \t\n/\\:") {
		return jixiao.Errorf(jixiao.EINVALID, "用户名“%s”不能包含空格或 / \\ :", u.Username)
	}
	if !u.Role.Valid() {
		return jixiao.Errorf(jixiao.EINVALID, "角色“%s”无效，应为：admin（管理员）、preparer（填报人）、approver（审核人）、reviewer（财政复核）、evaluator（第三方评价机构）、auditor（只读/审计）", u.Role)
	}
	if u.DisplayName == "" {
		u.DisplayName = u.Username
	}
	var kind string
	if u.OrgID != 0 {
		if err := q.QueryRowContext(ctx, "SELECT kind FROM orgs WHERE id = $1", u.OrgID).Scan(&kind); err != nil {
			return jixiao.Errorf(jixiao.EINVALID, "单位（编号%d）不存在", u.OrgID)
		}
	}
	if u.Role.Departmental() && kind != string(jixiao.OrgDepartment) {
		return jixiao.Errorf(jixiao.EINVALID, "%s须属于一个部门（单位类型 department）", u.Role.Title())
	}
	for _, id := range u.Assigned {
		var k string
		if err := q.QueryRowContext(ctx, "SELECT kind FROM orgs WHERE id = $1", id).Scan(&k); err != nil || k != string(jixiao.OrgDepartment) {
			return jixiao.Errorf(jixiao.EINVALID, "指派的单位（编号%d）不存在或不是部门", id)
		}
	}
	if len(u.Assigned) > 0 && u.Role != jixiao.RoleEvaluator {
		return jixiao.Errorf(jixiao.EINVALID, "只有第三方评价机构可以指派部门")
	}
	return nil
}

func setAssignments(ctx context.Context, tx *sql.Tx, u *jixiao.User) error {
	if _, err := tx.ExecContext(ctx, "DELETE FROM assignments WHERE user_id = $1", u.ID); err != nil {
		return err
	}
	for _, id := range u.Assigned {
		if err := insertNoID(ctx, tx, "assignments", []string{"user_id", "org_id"}, []any{u.ID, id}); err != nil {
			return err
		}
	}
	return nil
}

func orgArg(id int64) *int64 {
	if id == 0 {
		return nil
	}
	return &id
}

// CreateUser stores a new user with a password hash.
func (s *DB) CreateUser(ctx context.Context, actor *jixiao.User, u *jixiao.User, passwordHash string) (*jixiao.User, error) {
	err := s.tx(ctx, func(tx *sql.Tx) error {
		if err := s.validateUser(ctx, tx, u); err != nil {
			return err
		}
		now := s.millis()
		id, err := insert(ctx, tx, "users", []string{"username", "display_name", "role", "org_id", "password_hash", "disabled", "created_at", "updated_at"},
			[]any{u.Username, u.DisplayName, string(u.Role), orgArg(u.OrgID), passwordHash, u.Disabled, now, now})
		if err != nil {
			if isUnique(err) {
				return jixiao.Errorf(jixiao.ECONFLICT, "用户名“%s”已存在", u.Username)
			}
			return err
		}
		u.ID, u.Version, u.CreatedAt = id, 1, fromMillis(now)
		if err := setAssignments(ctx, tx, u); err != nil {
			return err
		}
		return s.audit(ctx, tx, actor, "create", "user", id, 0, "", toJSON(u))
	})
	if err != nil {
		return nil, err
	}
	return u, nil
}

// User returns user id.
func (s *DB) User(ctx context.Context, id int64) (*jixiao.User, error) {
	u, err := scanUser(s.db.QueryRowContext(ctx, userSelect+" WHERE id = $1", id))
	if err != nil {
		return nil, notFound(err, "用户（编号%d）不存在", id)
	}
	return u, s.assigned(ctx, s.db, u)
}

// UserByName returns the user and the password hash for username.
func (s *DB) UserByName(ctx context.Context, username string) (*jixiao.User, string, error) {
	var hash string
	row := s.db.QueryRowContext(ctx, "SELECT id, username, display_name, role, org_id, disabled, version, created_at, session_epoch, email, password_hash FROM users WHERE username = $1", username)
	var u jixiao.User
	var role string
	var org *int64
	var created int64
	if err := row.Scan(&u.ID, &u.Username, &u.DisplayName, &role, &org, &u.Disabled, &u.Version, &created, &u.SessionEpoch, &u.Email, &hash); err != nil {
		return nil, "", notFound(err, "用户“%s”不存在", username)
	}
	u.Role, u.CreatedAt = jixiao.Role(role), fromMillis(created)
	if org != nil {
		u.OrgID = *org
	}
	return &u, hash, s.assigned(ctx, s.db, &u)
}

// Users returns every user, ordered by username.
func (s *DB) Users(ctx context.Context) ([]*jixiao.User, error) {
	rows, err := s.db.QueryContext(ctx, userSelect+" ORDER BY username")
	if err != nil {
		return nil, err
	}
	var out []*jixiao.User
	for rows.Next() {
		u, err := scanUser(rows)
		if err != nil {
			rows.Close()
			return nil, err
		}
		out = append(out, u)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	for _, u := range out {
		if err := s.assigned(ctx, s.db, u); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// UpdateUser applies p to user id if it is still at version.
func (s *DB) UpdateUser(ctx context.Context, actor *jixiao.User, id, version int64, p jixiao.UserPatch) (*jixiao.User, error) {
	var out *jixiao.User
	err := s.tx(ctx, func(tx *sql.Tx) error {
		old, err := scanUser(tx.QueryRowContext(ctx, userSelect+" WHERE id = $1", id))
		if err != nil {
			return notFound(err, "用户（编号%d）不存在", id)
		}
		if err := s.assigned(ctx, tx, old); err != nil {
			return err
		}
		if old.Version != version {
			return conflict("用户")
		}
		u := *old
		if p.DisplayName != nil {
			u.DisplayName = *p.DisplayName
		}
		if p.Role != nil {
			u.Role = *p.Role
		}
		if p.OrgID != nil {
			u.OrgID = *p.OrgID
		}
		if p.Disabled != nil {
			u.Disabled = *p.Disabled
		}
		if p.Assigned != nil {
			u.Assigned = *p.Assigned
		}
		if p.Email != nil {
			if u.Email, err = jixiao.CleanEmail(*p.Email); err != nil {
				return err
			}
		}
		if err := s.validateUser(ctx, tx, &u); err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, `UPDATE users SET display_name = $1, role = $2, org_id = $3, disabled = $4, email = $5, version = version + 1, updated_at = $6
			WHERE id = $7 AND version = $8`, u.DisplayName, string(u.Role), orgArg(u.OrgID), u.Disabled, u.Email, s.millis(), id, version)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return conflict("用户")
		}
		if err := setAssignments(ctx, tx, &u); err != nil {
			return err
		}
		u.Version = version + 1
		out = &u
		return s.audit(ctx, tx, actor, "update", "user", id, 0, toJSON(old), toJSON(&u))
	})
	return out, err
}

// SetPasswordHash replaces user id's password hash and ends every session
// and API token of the user: sessions of the user's earlier epoch end, its
// tokens are revoked. It returns the user's new session epoch, so that the
// session that made the change can carry on.
func (s *DB) SetPasswordHash(ctx context.Context, actor *jixiao.User, id int64, hash string) (int64, error) {
	var epoch int64
	err := s.tx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, "UPDATE users SET password_hash = $1, session_epoch = session_epoch + 1, version = version + 1, updated_at = $2 WHERE id = $3", hash, s.millis(), id)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return jixiao.Errorf(jixiao.ENOTFOUND, "用户（编号%d）不存在", id)
		}
		revoked, err := s.endSessions(ctx, tx, id, &epoch)
		if err != nil {
			return err
		}
		return s.audit(ctx, tx, actor, "password", "user", id, 0, "", toJSON(map[string]int64{"revoked_tokens": revoked}))
	})
	return epoch, err
}

// EndSessions ends every session of user id and revokes its API tokens
// (an administrator's action for a lost device or a departed person).
func (s *DB) EndSessions(ctx context.Context, actor *jixiao.User, id int64) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, "UPDATE users SET session_epoch = session_epoch + 1, updated_at = $1 WHERE id = $2", s.millis(), id)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return jixiao.Errorf(jixiao.ENOTFOUND, "用户（编号%d）不存在", id)
		}
		var epoch int64
		revoked, err := s.endSessions(ctx, tx, id, &epoch)
		if err != nil {
			return err
		}
		return s.audit(ctx, tx, actor, "end_sessions", "user", id, 0, "", toJSON(map[string]int64{"revoked_tokens": revoked}))
	})
}

// endSessions revokes user id's live tokens and reads its session epoch.
func (s *DB) endSessions(ctx context.Context, tx *sql.Tx, id int64, epoch *int64) (int64, error) {
	res, err := tx.ExecContext(ctx, "UPDATE api_tokens SET revoked = TRUE WHERE user_id = $1 AND NOT revoked", id)
	if err != nil {
		return 0, err
	}
	n, _ := res.RowsAffected()
	return n, tx.QueryRowContext(ctx, "SELECT session_epoch FROM users WHERE id = $1", id).Scan(epoch)
}

// CreateToken stores an API token by the hash of its secret.
func (s *DB) CreateToken(ctx context.Context, actor *jixiao.User, userID int64, name, hash string) (*jixiao.Token, error) {
	t := &jixiao.Token{UserID: userID, Name: name, CreatedAt: s.millis()}
	err := s.tx(ctx, func(tx *sql.Tx) error {
		id, err := insert(ctx, tx, "api_tokens", []string{"user_id", "name", "token_hash", "created_at"}, []any{userID, name, hash, t.CreatedAt})
		if err != nil {
			return err
		}
		t.ID = id
		return s.audit(ctx, tx, actor, "create", "api_token", id, 0, "", toJSON(t))
	})
	return t, err
}

// TokenUser returns the user of a live token by the hash of its secret,
// and notes its use.
func (s *DB) TokenUser(ctx context.Context, hash string) (*jixiao.User, error) {
	var uid, tid int64
	var used *int64
	err := s.db.QueryRowContext(ctx, "SELECT id, user_id, last_used_at FROM api_tokens WHERE token_hash = $1 AND NOT revoked", hash).Scan(&tid, &uid, &used)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, jixiao.Errorf(jixiao.ENOTFOUND, "令牌无效或已撤销")
	}
	if err != nil {
		return nil, err
	}
	// Record the use at most once a minute, so that reading through the
	// API does not write on every request.
	if now := s.millis(); used == nil || now-*used > 60_000 {
		if _, err := s.exec(ctx, "UPDATE api_tokens SET last_used_at = $1 WHERE id = $2", now, tid); err != nil {
			return nil, err
		}
	}
	return s.User(ctx, uid)
}

// Tokens lists a user's tokens.
func (s *DB) Tokens(ctx context.Context, userID int64) ([]*jixiao.Token, error) {
	rows, err := s.db.QueryContext(ctx, "SELECT id, user_id, name, created_at, last_used_at, revoked FROM api_tokens WHERE user_id = $1 ORDER BY id", userID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*jixiao.Token
	for rows.Next() {
		var t jixiao.Token
		if err := rows.Scan(&t.ID, &t.UserID, &t.Name, &t.CreatedAt, &t.LastUsedAt, &t.Revoked); err != nil {
			return nil, err
		}
		out = append(out, &t)
	}
	return out, rows.Err()
}

// RevokeToken revokes token id of user userID.
func (s *DB) RevokeToken(ctx context.Context, actor *jixiao.User, userID, id int64) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, "UPDATE api_tokens SET revoked = TRUE WHERE id = $1 AND user_id = $2", id, userID)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return jixiao.Errorf(jixiao.ENOTFOUND, "令牌（编号%d）不存在", id)
		}
		return s.audit(ctx, tx, actor, "revoke", "api_token", id, 0, "", "")
	})
}

// Sessions: a server-side session store (github.com/alexedwards/scs).
// Sessions are stored by the SHA-256 of their token: the database and its
// backups hold no token that would let anyone take over a session.

func sessionKey(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}

// Find returns the data of a live session.
func (s *DB) Find(token string) ([]byte, bool, error) {
	var data []byte
	var expiry int64
	key := sessionKey(token)
	err := s.db.QueryRow("SELECT data, expiry FROM sessions WHERE token = $1 AND expiry > $2", key, s.millis()).Scan(&data, &expiry)
	if errors.Is(err, sql.ErrNoRows) {
		s.sessions.forget(key)
		return nil, false, nil
	}
	if err != nil {
		return nil, false, fmt.Errorf("session: %w", err)
	}
	s.sessions.remember(key, data, expiry)
	return data, true, nil
}

// Commit stores a session until expiry. A session read by Find whose data
// is unchanged is not written again until its stored expiry is
// SessionSlack behind (the session manager commits every request to move
// the idle deadline on).
func (s *DB) Commit(token string, data []byte, expiry time.Time) error {
	key := sessionKey(token)
	if s.sessions.unchanged(key, data, expiry.UnixMilli()) {
		return nil
	}
	_, err := s.exec(context.Background(), `INSERT INTO sessions (token, data, expiry) VALUES ($1, $2, $3)
		ON CONFLICT (token) DO UPDATE SET data = excluded.data, expiry = excluded.expiry`, key, data, expiry.UnixMilli())
	if err != nil {
		s.sessions.forget(key)
		return err
	}
	s.sessions.remember(key, data, expiry.UnixMilli())
	return nil
}

// Delete removes a session.
func (s *DB) Delete(token string) error {
	key := sessionKey(token)
	s.sessions.forget(key)
	_, err := s.exec(context.Background(), "DELETE FROM sessions WHERE token = $1", key)
	return err
}
