package api

import (
	"net"
	"net/http"

	"github.com/alexedwards/scs/v2"

	"jixiao"
)

// LoginRequest signs in.
type LoginRequest struct {
	Username string `json:"username" zh:"用户名" jx:"required"`
	Password string `json:"password" zh:"密码" jx:"required"`
}

// PasswordRequest changes a password; old_password is needed for one's own.
type PasswordRequest struct {
	OldPassword string `json:"old_password,omitempty" zh:"原密码"`
	NewPassword string `json:"new_password" zh:"新密码" jx:"required"`
}

// TokenRequest names a new API token.
type TokenRequest struct {
	Name string `json:"name,omitempty" zh:"令牌名称"`
}

// TokenCreated is a new token with its secret, shown this once.
type TokenCreated struct {
	Token  string        `json:"token"`
	Record *jixiao.Token `json:"record"`
}

func remoteAddr(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}

// DeviceCookie holds the device token of a browser that signed in (see
// jixiao.UserService.Login): it lets the user in past a throttle that
// someone else's guessing started.
const DeviceCookie = "jixiao_device"

// Device returns the device token the request presents.
func Device(r *http.Request) string {
	c, err := r.Cookie(DeviceCookie)
	if err != nil {
		return ""
	}
	return c.Value
}

// StartSession signs u in on the request's session: a new session token
// (no session fixation), the user and the user's session epoch, and the
// device cookie.
func StartSession(w http.ResponseWriter, r *http.Request, sessions *scs.SessionManager, u *jixiao.User, device string) error {
	if err := sessions.RenewToken(r.Context()); err != nil {
		return err
	}
	sessions.Put(r.Context(), SessionUserKey, u.ID)
	sessions.Put(r.Context(), SessionEpochKey, u.SessionEpoch)
	if device != "" && device != Device(r) {
		http.SetCookie(w, &http.Cookie{Name: DeviceCookie, Value: device, Path: "/", MaxAge: 180 * 24 * 3600,
			HttpOnly: true, SameSite: http.SameSiteLaxMode, Secure: sessions.Cookie.Secure})
	}
	return nil
}

func (a *API) login(w http.ResponseWriter, r *http.Request) error {
	// An address that must wait is answered before its body is read.
	if err := a.Users.LoginGate(r.Context(), remoteAddr(r), Device(r)); err != nil {
		return err
	}
	var req LoginRequest
	if err := decode(r, &req); err != nil {
		return err
	}
	u, device, err := a.Users.Login(r.Context(), jixiao.LoginAttempt{Username: req.Username, Password: req.Password, Remote: remoteAddr(r), Device: Device(r)})
	if err != nil {
		return err
	}
	if err := StartSession(w, r, a.Sessions, u, device); err != nil {
		return err
	}
	return ok(w, u)
}

func (a *API) logout(w http.ResponseWriter, r *http.Request) error {
	if err := a.Sessions.Destroy(r.Context()); err != nil {
		return err
	}
	return done(w)
}

func (a *API) me(w http.ResponseWriter, r *http.Request) error {
	return ok(w, jixiao.UserFrom(r.Context()))
}

func (a *API) myPassword(w http.ResponseWriter, r *http.Request) error {
	var req PasswordRequest
	if err := decode(r, &req); err != nil {
		return err
	}
	me := jixiao.UserFrom(r.Context())
	if err := a.Users.SetPassword(r.Context(), me.ID, req.OldPassword, req.NewPassword); err != nil {
		return err
	}
	if err := a.carryOn(r, me.ID); err != nil {
		return err
	}
	return done(w)
}

// carryOn keeps the session that ended its user's other sessions (by a
// password change) in the user's new epoch. A request made with an API
// token has no session to keep: its token was revoked with the others.
func (a *API) carryOn(r *http.Request, id int64) error {
	if a.Sessions.GetInt64(r.Context(), SessionUserKey) == id {
		u, err := a.Users.SessionUser(r.Context(), id)
		if err != nil {
			return err
		}
		if err := a.Sessions.RenewToken(r.Context()); err != nil {
			return err
		}
		a.Sessions.Put(r.Context(), SessionEpochKey, u.SessionEpoch)
	}
	return nil
}

func (a *API) endSessions(w http.ResponseWriter, r *http.Request) error {
	uid, err := id(r, "id")
	if err != nil {
		return err
	}
	if err := a.Users.EndSessions(r.Context(), uid); err != nil {
		return err
	}
	return done(w)
}

func (a *API) tokens(w http.ResponseWriter, r *http.Request) error {
	ts, err := a.Users.Tokens(r.Context())
	if err != nil {
		return err
	}
	return list(w, ts)
}

func (a *API) createToken(w http.ResponseWriter, r *http.Request) error {
	var req TokenRequest
	if r.ContentLength != 0 {
		if err := decode(r, &req); err != nil {
			return err
		}
	}
	secret, t, err := a.Users.CreateToken(r.Context(), req.Name)
	if err != nil {
		return err
	}
	return ok(w, TokenCreated{Token: secret, Record: t})
}

func (a *API) revokeToken(w http.ResponseWriter, r *http.Request) error {
	tid, err := id(r, "id")
	if err != nil {
		return err
	}
	if err := a.Users.RevokeToken(r.Context(), tid); err != nil {
		return err
	}
	return done(w)
}
