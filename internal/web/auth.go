package web

import (
	"net"
	"net/http"
	"net/url"
	"strings"
	"unicode"

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
	data := map[string]any{"Next": next, "Username": username}
	if username == "" || password == "" {
		data["Error"] = "请输入用户名和密码"
		w.render(rw, r, http.StatusBadRequest, "login", &page{Title: "登录", Data: data})
		return nil
	}
	u, device, err := w.Users.Login(r.Context(), jixiao.LoginAttempt{Username: username, Password: password, Remote: remote(r), Device: api.Device(r)})
	if err != nil {
		if jixiao.ErrorCode(err) == jixiao.EINTERNAL {
			return err
		}
		data["Error"] = jixiao.ErrorMessage(err)
		w.render(rw, r, api.Status(jixiao.ErrorCode(err)), "login", &page{Title: "登录", Data: data})
		return nil
	}
	if err := api.StartSession(rw, r, w.Sessions, u, device); err != nil {
		return err
	}
	http.Redirect(rw, r, next, http.StatusSeeOther)
	return nil
}

// loginGate answers a sign-in from an address that must wait before its
// form is read.
func (w *Web) loginGate(h handlerFunc) handlerFunc {
	return func(rw http.ResponseWriter, r *http.Request) error {
		if err := w.Users.LoginGate(r.Context(), remote(r), api.Device(r)); err != nil {
			w.render(rw, r, http.StatusTooManyRequests, "login", &page{Title: "登录", Data: map[string]any{"Error": jixiao.ErrorMessage(err), "Next": "/"}})
			return nil
		}
		return h(rw, r)
	}
}

func (w *Web) logout(rw http.ResponseWriter, r *http.Request) error {
	if err := w.Sessions.Destroy(r.Context()); err != nil {
		return err
	}
	http.Redirect(rw, r, "/login", http.StatusSeeOther)
	return nil
}

// safeNext keeps a redirect after login on this site: only a path of this
// site ("/evaluations/3?tab=x"), never another site. Browsers drop tabs
// and newlines from addresses and read a backslash as a slash, so that
// "/\t/evil.example" and "/\\evil.example" lead off-site: any control
// character or backslash makes the address unsafe, and what is returned is
// the path as parsed and written again.
func safeNext(next string) string {
	if next == "" || strings.ContainsFunc(next, func(c rune) bool { return c < 0x20 || c == 0x7f || c == '\\' || unicode.IsSpace(c) }) {
		return "/"
	}
	u, err := url.Parse(next)
	if err != nil || u.Scheme != "" || u.Host != "" || u.User != nil || u.Opaque != "" ||
		!strings.HasPrefix(u.Path, "/") || strings.HasPrefix(u.Path, "//") || strings.HasPrefix(u.EscapedPath(), "//") {
		return "/"
	}
	out := &url.URL{Path: u.Path, RawPath: u.RawPath, RawQuery: u.RawQuery}
	s := out.String()
	if !strings.HasPrefix(s, "/") || strings.HasPrefix(s, "//") {
		return "/"
	}
	return s
}

func remote(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}
