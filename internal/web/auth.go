package web

import (
	"net"
	"net/http"
	"strings"

	"jixiao"
	"jixiao/internal/api"
)

func (w *Web) loginPage(rw http.ResponseWriter, r *http.Request) error {
	if jixiao.UserFrom(r.Context()) != nil {
		return redirect(rw, r, safeNext(r.URL.Query().Get("next")))
	}
	w.render(rw, r, http.StatusOK, "login", &page{Title: "登录", Data: map[string]any{"Next": r.URL.Query().Get("next")}})
	return nil
}

func (w *Web) login(rw http.ResponseWriter, r *http.Request) error {
	username, password := strings.TrimSpace(r.FormValue("username")), r.FormValue("password")
	next := safeNext(r.FormValue("next"))
	data := map[string]any{"Next": r.FormValue("next"), "Username": username}
	if username == "" || password == "" {
		data["Error"] = "请输入用户名和密码"
		w.render(rw, r, http.StatusBadRequest, "login", &page{Title: "登录", Data: data})
		return nil
	}
	u, err := w.Users.Login(r.Context(), username, password, remote(r))
	if err != nil {
		if jixiao.ErrorCode(err) == jixiao.EINTERNAL {
			return err
		}
		data["Error"] = jixiao.ErrorMessage(err)
		w.render(rw, r, api.Status(jixiao.ErrorCode(err)), "login", &page{Title: "登录", Data: data})
		return nil
	}
	// A new session id at sign-in, so that one planted before cannot be
	// used after.
	if err := w.Sessions.RenewToken(r.Context()); err != nil {
		return err
	}
	w.Sessions.Put(r.Context(), api.SessionUserKey, u.ID)
	http.Redirect(rw, r, next, http.StatusSeeOther)
	return nil
}

func (w *Web) logout(rw http.ResponseWriter, r *http.Request) error {
	if err := w.Sessions.Destroy(r.Context()); err != nil {
		return err
	}
	http.Redirect(rw, r, "/login", http.StatusSeeOther)
	return nil
}

// safeNext keeps a redirect after login on this site.
func safeNext(next string) string {
	if !strings.HasPrefix(next, "/") || strings.HasPrefix(next, "//") || strings.HasPrefix(next, "/\\") {
		return "/"
	}
	return next
}

func remote(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}
