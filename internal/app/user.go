package app

import (
	"context"
	"encoding/json"
	"fmt"
	"net/netip"
	"strings"
	"time"
	"unicode/utf8"

	"jixiao"
	"jixiao/internal/auth"
)

// badLogin is the one message for a wrong user name or password, so that
// it does not tell which user names exist.
var badLogin = jixiao.Errorf(jixiao.EUNAUTHORIZED, "用户名或密码错误")

// maxUsername bounds a user name as read from a sign-in attempt.
const maxUsername = 64

// LoginGate refuses a sign-in from an address that must wait, before its
// request is read; a browser presenting a known device token passes (its
// device's own throttle applies at Login).
func (a *App) LoginGate(ctx context.Context, remote, device string) error {
	devices, err := a.devices(ctx)
	if err != nil {
		return err
	}
	if _, ok := devices.User(device); ok {
		return nil
	}
	wait, err := a.Addresses.Wait(ctx, addrKey(remote))
	if err != nil {
		return err
	}
	return tooMany(wait)
}

// addrKey is the throttle's key of a client address: the address itself
// for IPv4, its /64 network for IPv6 (where one client holds a whole /64
// and could change address at will).
func addrKey(remote string) string {
	a, err := netip.ParseAddr(remote)
	if err != nil {
		return "addr:" + remote
	}
	a = a.Unmap()
	if a.Is6() {
		p, _ := a.Prefix(64)
		return "addr:" + p.String()
	}
	return "addr:" + a.String()
}

func tooMany(wait time.Duration) error {
	switch {
	case wait <= 0:
		return nil
	case wait < time.Minute:
		return jixiao.Errorf(jixiao.ETOOMANY, "登录尝试过于频繁，请在%d秒后再试", int(wait.Seconds())+1)
	}
	return jixiao.Errorf(jixiao.ETOOMANY, "登录尝试过于频繁，请在%d分钟后再试", int(wait.Minutes())+1)
}

// Login checks a user name and password under the sign-in throttles and
// returns the user and the device token the browser should keep.
//
// Failures slow down, they never lock out: per user name and per address
// (and, from a browser the user signed in with before, per device instead
// of both), the first few failures are free and then each makes the next
// attempt wait longer, up to a short maximum. A user whose name someone is
// guessing can still sign in from a known browser, or after that wait.
// Every sign-in, failed sign-in and start of a wait is in the audit log.
func (a *App) Login(ctx context.Context, at jixiao.LoginAttempt) (*jixiao.User, string, error) {
	username := strings.TrimSpace(at.Username)
	if utf8.RuneCountInString(username) > maxUsername {
		username = string([]rune(username)[:maxUsername])
	}
	u, hash, err := a.db.UserByName(ctx, username)
	if err != nil && jixiao.ErrorCode(err) != jixiao.ENOTFOUND {
		return nil, "", err
	}
	devices, derr := a.devices(ctx)
	if derr != nil {
		return nil, "", derr
	}
	keys := []string{"user:" + strings.ToLower(username), addrKey(at.Remote)}
	throttles := []*auth.Throttle{a.Accounts, a.Addresses}
	if id, ok := devices.User(at.Device); ok && u != nil && id == u.ID {
		keys, throttles = []string{"device:" + at.Device}, []*auth.Throttle{a.DeviceThrottle}
	}
	for i, th := range throttles {
		wait, werr := th.Wait(ctx, keys[i])
		if werr != nil {
			return nil, "", werr
		}
		if err := tooMany(wait); err != nil {
			return nil, "", err
		}
	}
	if err != nil || !auth.Verify(at.Password, hash) || u.Disabled {
		if err != nil {
			// Spend the same time as a real check, so that timing does not
			// tell which user names exist.
			auth.Verify(at.Password, a.dummyHash())
		}
		var uid int64
		if u != nil {
			uid = u.ID
		}
		a.event(ctx, nil, username, "login_failed", uid, map[string]string{"用户名": username, "地址": at.Remote})
		for i, th := range throttles {
			wait, started, ferr := th.Fail(ctx, keys[i])
			if ferr != nil {
				return nil, "", ferr
			}
			if started {
				a.event(ctx, nil, username, "login_throttled", uid, map[string]string{"用户名": username, "地址": at.Remote,
					"对象": strings.SplitN(keys[i], ":", 2)[0], "等待": wait.String()})
			}
		}
		if err == nil && u.Disabled && auth.Verify(at.Password, hash) {
			return nil, "", jixiao.Errorf(jixiao.EUNAUTHORIZED, "该账号已停用，请联系管理员")
		}
		return nil, "", badLogin
	}
	for i, th := range throttles {
		if th != a.Addresses { // one's own success does not clear an address
			if err := th.Reset(ctx, keys[i]); err != nil {
				return nil, "", err
			}
		}
	}
	device := at.Device
	if id, ok := devices.User(device); !ok || id != u.ID {
		device = devices.Issue(u.ID)
	}
	a.event(ctx, u, "", "login", u.ID, map[string]string{"地址": at.Remote})
	return u, device, nil
}

// event writes a sign-in event to the audit log; a failure to write it is
// logged, not shown (the sign-in's own answer stands).
func (a *App) event(ctx context.Context, actor *jixiao.User, name, action string, userID int64, detail map[string]string) {
	var org int64
	if actor != nil {
		org = actor.OrgID
	}
	b, _ := json.Marshal(detail)
	if err := a.db.Event(context.WithoutCancel(ctx), actor, name, action, "user", userID, org, string(b)); err != nil {
		a.Logger.Error("audit event", "action", action, "err", err)
	}
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

// EndSessions ends every session and revokes every API token of user id:
// one's own, or anyone's by an administrator.
func (a *App) EndSessions(ctx context.Context, id int64) error {
	u, err := actor(ctx)
	if err != nil {
		return err
	}
	if u.ID != id && u.Role != jixiao.RoleAdmin {
		return jixiao.Errorf(jixiao.ENOTFOUND, "记录不存在或无权访问")
	}
	return a.db.EndSessions(ctx, u, id)
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
	_, err = a.db.SetPasswordHash(ctx, u, id, hash)
	return err
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
