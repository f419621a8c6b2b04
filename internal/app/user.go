package app

import (
	"context"
	"fmt"
	"strings"

	"jixiao"
	"jixiao/internal/auth"
)

// badLogin is the one message for a wrong user name or password, so that
// it does not tell which user names exist.
var badLogin = jixiao.Errorf(jixiao.EUNAUTHORIZED, "用户名或密码错误")

// Login checks a user name and password.
func (a *App) Login(ctx context.Context, username, password, remote string) (*jixiao.User, error) {
	username = strings.TrimSpace(username)
	for _, l := range []struct {
		lim *auth.Limiter
		key string
	}{{a.Logins, "user:" + username}, {a.Addresses, "addr:" + remote}} {
		if ok, wait := l.lim.Allow(l.key); !ok {
			return nil, jixiao.Errorf(jixiao.ETOOMANY, "登录失败次数过多，请在%d分钟后再试", int(wait.Minutes())+1)
		}
	}
	u, hash, err := a.db.UserByName(ctx, username)
	if err != nil && jixiao.ErrorCode(err) != jixiao.ENOTFOUND {
		return nil, err
	}
	if err != nil || !auth.Verify(password, hash) || u.Disabled {
		if err != nil {
			// Spend the same time as a real check, so that timing does not
			// tell which user names exist.
			auth.Verify(password, a.dummyHash())
		}
		a.Logins.Fail("user:" + username)
		a.Addresses.Fail("addr:" + remote)
		if err == nil && u.Disabled && auth.Verify(password, hash) {
			return nil, jixiao.Errorf(jixiao.EUNAUTHORIZED, "该账号已停用，请联系管理员")
		}
		return nil, badLogin
	}
	a.Logins.Reset("user:" + username)
	return u, nil
}

// dummyHash is a hash at the application's cost, made once, to verify
// against when the user name is unknown.
func (a *App) dummyHash() string {
	a.dummyOnce.Do(func() { a.dummy, _ = auth.Hash("not a password", a.Hash) })
	return a.dummy
}

// TokenUser returns the user of an API token.
func (a *App) TokenUser(ctx context.Context, token string) (*jixiao.User, error) {
	if !strings.HasPrefix(token, auth.TokenPrefix) {
		return nil, jixiao.Errorf(jixiao.EUNAUTHORIZED, "令牌无效")
	}
	u, err := a.db.TokenUser(ctx, auth.TokenHash(token))
	if err != nil {
		if jixiao.ErrorCode(err) == jixiao.ENOTFOUND {
			return nil, jixiao.Errorf(jixiao.EUNAUTHORIZED, "令牌无效或已撤销")
		}
		return nil, err
	}
	if u.Disabled {
		return nil, jixiao.Errorf(jixiao.EUNAUTHORIZED, "该账号已停用，请联系管理员")
	}
	return u, nil
}

// SessionUser returns a session's user.
func (a *App) SessionUser(ctx context.Context, id int64) (*jixiao.User, error) {
	return a.db.User(ctx, id)
}

// Users lists every user (administrators).
func (a *App) Users(ctx context.Context) ([]*jixiao.User, error) {
	if _, err := adminOnly(ctx); err != nil {
		return nil, err
	}
	return a.db.Users(ctx)
}

// User returns a user: oneself, or anyone for an administrator.
func (a *App) User(ctx context.Context, id int64) (*jixiao.User, error) {
	u, err := actor(ctx)
	if err != nil {
		return nil, err
	}
	if u.ID != id && u.Role != jixiao.RoleAdmin {
		return nil, jixiao.Errorf(jixiao.ENOTFOUND, "记录不存在或无权访问")
	}
	return a.db.User(ctx, id)
}

// CreateUser adds a user (administrators).
func (a *App) CreateUser(ctx context.Context, nu *jixiao.User, password string) (*jixiao.User, error) {
	u, err := adminOnly(ctx)
	if err != nil {
		return nil, err
	}
	if err := auth.CheckPassword(password, nu.Username, nu.DisplayName); err != nil {
		return nil, err
	}
	hash, err := auth.Hash(password, a.Hash)
	if err != nil {
		return nil, err
	}
	return a.db.CreateUser(ctx, u, nu, hash)
}

// UpdateUser changes a user (administrators).
func (a *App) UpdateUser(ctx context.Context, id, version int64, p jixiao.UserPatch) (*jixiao.User, error) {
	u, err := adminOnly(ctx)
	if err != nil {
		return nil, err
	}
	if id == u.ID && ((p.Role != nil && *p.Role != jixiao.RoleAdmin) || (p.Disabled != nil && *p.Disabled)) {
		return nil, jixiao.Errorf(jixiao.EINVALID, "不能停用自己或取消自己的管理员角色")
	}
	return a.db.UpdateUser(ctx, u, id, version, p)
}

// SetPassword changes a password.
func (a *App) SetPassword(ctx context.Context, id int64, old, new string) error {
	u, err := actor(ctx)
	if err != nil {
		return err
	}
	var target *jixiao.User // whose password it is: it may not contain their names
	switch {
	case u.Role == jixiao.RoleAdmin && id != u.ID:
		if target, err = a.db.User(ctx, id); err != nil {
			return err
		}
	case id == u.ID:
		var hash string
		if target, hash, err = a.db.UserByName(ctx, u.Username); err != nil {
			return err
		}
		if !auth.Verify(old, hash) {
			return jixiao.Errorf(jixiao.EFORBIDDEN, "原密码不正确")
		}
	default:
		return jixiao.Errorf(jixiao.EFORBIDDEN, "只能修改自己的密码")
	}
	if err := auth.CheckPassword(new, target.Username, target.DisplayName); err != nil {
		return err
	}
	hash, err := auth.Hash(new, a.Hash)
	if err != nil {
		return err
	}
	return a.db.SetPasswordHash(ctx, u, id, hash)
}

// Tokens lists the user's own API tokens.
func (a *App) Tokens(ctx context.Context) ([]*jixiao.Token, error) {
	u, err := actor(ctx)
	if err != nil {
		return nil, err
	}
	return a.db.Tokens(ctx, u.ID)
}

// CreateToken makes an API token for the user; the secret is returned once.
func (a *App) CreateToken(ctx context.Context, name string) (string, *jixiao.Token, error) {
	u, err := actor(ctx)
	if err != nil {
		return "", nil, err
	}
	if strings.TrimSpace(name) == "" {
		name = fmt.Sprintf("%s 的令牌", u.Username)
	}
	secret, hash, err := auth.NewToken()
	if err != nil {
		return "", nil, err
	}
	t, err := a.db.CreateToken(ctx, u, u.ID, name, hash)
	if err != nil {
		return "", nil, err
	}
	return secret, t, nil
}

// RevokeToken revokes one of the user's tokens.
func (a *App) RevokeToken(ctx context.Context, id int64) error {
	u, err := actor(ctx)
	if err != nil {
		return err
	}
	return a.db.RevokeToken(ctx, u, u.ID, id)
}

// Orgs lists the organisations the user may see.
func (a *App) Orgs(ctx context.Context) ([]*jixiao.OrgRecord, error) {
	u, err := actor(ctx)
	if err != nil {
		return nil, err
	}
	all, ids, err := a.scope(ctx, u)
	if err != nil {
		return nil, err
	}
	orgs, err := a.db.Orgs(ctx)
	if err != nil || all {
		return orgs, err
	}
	var out []*jixiao.OrgRecord
	for _, o := range orgs {
		for _, id := range ids {
			if o.ID == id {
				out = append(out, o)
			}
		}
	}
	return out, nil
}

// Org returns an organisation the user may see.
func (a *App) Org(ctx context.Context, id int64) (*jixiao.OrgRecord, error) {
	u, err := actor(ctx)
	if err != nil {
		return nil, err
	}
	if err := a.allow(ctx, u, actRead, id); err != nil {
		return nil, err
	}
	return a.db.Org(ctx, id)
}

// CreateOrg adds an organisation (administrators).
func (a *App) CreateOrg(ctx context.Context, o *jixiao.OrgRecord) (*jixiao.OrgRecord, error) {
	u, err := adminOnly(ctx)
	if err != nil {
		return nil, err
	}
	return a.db.CreateOrg(ctx, u, o)
}
