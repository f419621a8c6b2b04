package api

import (
	"net"
	"net/http"

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

func (a *API) login(w http.ResponseWriter, r *http.Request) error {
	var req LoginRequest
	if err := decode(r, &req); err != nil {
		return err
	}
	u, err := a.Users.Login(r.Context(), req.Username, req.Password, remoteAddr(r))
	if err != nil {
		return err
	}
	// A new session token on every login: no session fixation.
	if err := a.Sessions.RenewToken(r.Context()); err != nil {
		return err
	}
	a.Sessions.Put(r.Context(), SessionUserKey, u.ID)
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
	if err := a.Users.SetPassword(r.Context(), jixiao.UserFrom(r.Context()).ID, req.OldPassword, req.NewPassword); err != nil {
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
