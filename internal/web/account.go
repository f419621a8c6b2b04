package web

import (
	"net/http"

	"jixiao"
)

// The account page (我的账号): who the user is, and the e-mail address
// reminders are sent to, which the user sets (AccountService).

func (w *Web) account(rw http.ResponseWriter, r *http.Request) error {
	u := ctxUser(r.Context())
	return w.renderAccount(rw, r, http.StatusOK, u.Email, "")
}

func (w *Web) renderAccount(rw http.ResponseWriter, r *http.Request, status int, email, msg string) error {
	u := ctxUser(r.Context())
	var org *jixiao.OrgRecord
	if u.OrgID != 0 {
		var err error
		if org, err = w.Users.Org(r.Context(), u.OrgID); err != nil {
			return err
		}
	}
	w.render(rw, r, status, "account", &page{Title: "我的账号", Nav: "account", Data: map[string]any{
		"Org": org, "Email": email, "Error": msg, "CanSet": w.Account != nil, "MaxEmail": jixiao.MaxEmail,
	}})
	return nil
}

// saveAccount sets the user's e-mail address; a refused one comes back as
// typed, with the reason.
func (w *Web) saveAccount(rw http.ResponseWriter, r *http.Request) error {
	if w.Account == nil {
		return jixiao.Errorf(jixiao.ENOTFOUND, "本系统未开通电子邮件提醒")
	}
	email := r.FormValue("email")
	if len(email) > 4*jixiao.MaxEmail {
		email = email[:4*jixiao.MaxEmail]
	}
	u, err := w.Account.SetEmail(r.Context(), email)
	if jixiao.ErrorCode(err) == jixiao.EINVALID {
		return w.renderAccount(rw, r, http.StatusUnprocessableEntity, email, jixiao.ErrorMessage(err))
	}
	if err != nil {
		return err
	}
	if u.Email == "" {
		w.flash(r, "已清除电子邮箱，今后不再以电子邮件发送提醒")
	} else {
		w.flash(r, "已保存电子邮箱，任务提醒将同时发送到 "+u.Email)
	}
	return redirect(rw, r, "/account")
}
