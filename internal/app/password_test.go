package app_test

import (
	"context"
	"strings"
	"testing"

	"jixiao"
	"jixiao/internal/app"
	"jixiao/internal/auth"
	"jixiao/internal/sqlstore/sqltest"
)

// New passwords are checked against the names of the user whose password
// it is: the new user's, the target's when an administrator sets it, one's
// own when changing it.
func TestPasswordRules(t *testing.T) {
	ctx := context.Background()
	db := sqltest.SQLite(t)
	a := app.New(db)
	a.Hash = auth.Params{Memory: 1024, Time: 1, Threads: 1}
	sys := &jixiao.User{Username: "fixture"}
	bureau, err := db.CreateOrg(ctx, sys, &jixiao.OrgRecord{Code: "B1", Name: "财政局", Kind: jixiao.OrgBureau})
	if err != nil {
		t.Fatal(err)
	}
	hash, _ := auth.Hash("jixiao-demo", a.Hash)
	admin, err := db.CreateUser(ctx, sys, &jixiao.User{Username: "admin", DisplayName: "系统管理员", Role: jixiao.RoleAdmin, OrgID: bureau.ID}, hash)
	if err != nil {
		t.Fatal(err)
	}
	asAdmin := jixiao.WithUser(ctx, admin)

	const personal = "密码不能包含用户名或姓名"
	refused := func(err error, want string) bool {
		return jixiao.ErrorCode(err) == jixiao.EINVALID && strings.HasPrefix(jixiao.ErrorMessage(err), want)
	}
	nu := func() *jixiao.User {
		return &jixiao.User{Username: "zhangwei", DisplayName: "张伟", Role: jixiao.RoleAuditor, OrgID: bureau.ID}
	}
	if _, err := a.CreateUser(asAdmin, nu(), "zhangwei-spring-rain"); !refused(err, personal) {
		t.Errorf("new user, own username: %v", err)
	}
	if _, err := a.CreateUser(asAdmin, nu(), "张伟的春天在北京下雪"); !refused(err, personal) {
		t.Errorf("new user, own display name: %v", err)
	}
	if _, err := a.CreateUser(asAdmin, nu(), "12345678"); !refused(err, "密码至少需要10个字符") {
		t.Errorf("new user, 12345678: %v", err)
	}
	if _, err := a.CreateUser(asAdmin, nu(), "woaini1314"); !refused(err, "密码过于常见") {
		t.Errorf("new user, woaini1314: %v", err)
	}
	u, err := a.CreateUser(asAdmin, nu(), "tea-garden-under-moon")
	if err != nil {
		t.Fatal(err)
	}

	// An administrator sets the password: the target's names count.
	if err := a.SetPassword(asAdmin, u.ID, "", "ZhangWei-autumn-leaf"); !refused(err, personal) {
		t.Errorf("admin sets a password with the target's name: %v", err)
	}
	if err := a.SetPassword(asAdmin, u.ID, "", "admin-autumn-leaf"); err != nil {
		t.Errorf("admin sets a password with the admin's own name: %v", err)
	}
	if err := a.SetPassword(asAdmin, u.ID+100, "", "quiet-river-stone"); jixiao.ErrorCode(err) != jixiao.ENOTFOUND {
		t.Errorf("admin sets the password of nobody: %v", err)
	}

	// The user changes their own.
	self := jixiao.WithUser(ctx, u)
	if err := a.SetPassword(self, u.ID, "admin-autumn-leaf", "张伟的秋天在西湖看荷花"); !refused(err, personal) {
		t.Errorf("own password with own display name: %v", err)
	}
	if err := a.SetPassword(self, u.ID, "admin-autumn-leaf", "P@ssw0rd2024"); !refused(err, "密码过于常见") {
		t.Errorf("own password P@ssw0rd2024: %v", err)
	}
	if err := a.SetPassword(self, u.ID, "admin-autumn-leaf", "quiet-river-stone"); err != nil {
		t.Fatal(err)
	}
	_, h, err := db.UserByName(ctx, "zhangwei")
	if err != nil || !auth.Verify("quiet-river-stone", h) {
		t.Errorf("password after change: %v", err)
	}
}
