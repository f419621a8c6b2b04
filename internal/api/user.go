package api

import (
	"net/http"

	"jixiao"
)

// UserRequest creates a user.
type UserRequest struct {
	Username    string      `json:"username" zh:"用户名" jx:"required"`
	DisplayName string      `json:"display_name,omitempty" zh:"姓名"`
	Role        jixiao.Role `json:"role" zh:"角色" jx:"required" doc:"admin、preparer、approver、reviewer、evaluator、auditor"`
	OrgID       int64       `json:"org_id,omitempty" zh:"所属单位编号"`
	Assigned    []int64     `json:"assigned,omitempty" zh:"指派的部门（第三方评价机构）"`
	Password    string      `json:"password" zh:"初始密码" jx:"required"`
}

// UserPatchRequest changes a user at version.
type UserPatchRequest struct {
	Version     int64        `json:"version" zh:"读取时的版本" jx:"required"`
	DisplayName *string      `json:"display_name,omitempty" zh:"姓名"`
	Role        *jixiao.Role `json:"role,omitempty" zh:"角色"`
	OrgID       *int64       `json:"org_id,omitempty" zh:"所属单位编号"`
	Disabled    *bool        `json:"disabled,omitempty" zh:"停用"`
	Assigned    *[]int64     `json:"assigned,omitempty" zh:"指派的部门"`
	Email       *string      `json:"email,omitempty" zh:"接收提醒的电子邮箱（空字符串清除）"`
}

func (a *API) users(w http.ResponseWriter, r *http.Request) error {
	us, err := a.Users.Users(r.Context())
	if err != nil {
		return err
	}
	return list(w, us)
}

func (a *API) createUser(w http.ResponseWriter, r *http.Request) error {
	var req UserRequest
	if err := decode(r, &req); err != nil {
		return err
	}
	u, err := a.Users.CreateUser(r.Context(), &jixiao.User{Username: req.Username, DisplayName: req.DisplayName, Role: req.Role,
		OrgID: req.OrgID, Assigned: req.Assigned}, req.Password)
	if err != nil {
		return err
	}
	return ok(w, u)
}

func (a *API) user(w http.ResponseWriter, r *http.Request) error {
	uid, err := id(r, "id")
	if err != nil {
		return err
	}
	u, err := a.Users.User(r.Context(), uid)
	if err != nil {
		return err
	}
	return ok(w, u)
}

func (a *API) updateUser(w http.ResponseWriter, r *http.Request) error {
	uid, err := id(r, "id")
	if err != nil {
		return err
	}
	var req UserPatchRequest
	if err := decode(r, &req); err != nil {
		return err
	}
	u, err := a.Users.UpdateUser(r.Context(), uid, req.Version, jixiao.UserPatch{DisplayName: req.DisplayName, Role: req.Role,
		OrgID: req.OrgID, Disabled: req.Disabled, Assigned: req.Assigned, Email: req.Email})
	if err != nil {
		return err
	}
	return ok(w, u)
}

func (a *API) setPassword(w http.ResponseWriter, r *http.Request) error {
	uid, err := id(r, "id")
	if err != nil {
		return err
	}
	var req PasswordRequest
	if err := decode(r, &req); err != nil {
		return err
	}
	if err := a.Users.SetPassword(r.Context(), uid, req.OldPassword, req.NewPassword); err != nil {
		return err
	}
	if err := a.carryOn(r, uid); err != nil {
		return err
	}
	return done(w)
}

func (a *API) orgs(w http.ResponseWriter, r *http.Request) error {
	os, err := a.Users.Orgs(r.Context())
	if err != nil {
		return err
	}
	return list(w, os)
}

func (a *API) createOrg(w http.ResponseWriter, r *http.Request) error {
	var o jixiao.OrgRecord
	if err := decode(r, &o); err != nil {
		return err
	}
	out, err := a.Users.CreateOrg(r.Context(), &o)
	if err != nil {
		return err
	}
	return ok(w, out)
}

func (a *API) org(w http.ResponseWriter, r *http.Request) error {
	oid, err := id(r, "id")
	if err != nil {
		return err
	}
	o, err := a.Users.Org(r.Context(), oid)
	if err != nil {
		return err
	}
	return ok(w, o)
}
