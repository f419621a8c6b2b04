package app_test

import (
	"context"
	"testing"

	"jixiao"
	"jixiao/internal/sqlstore"
)

// fixtures creates a test's organisations and users in db as sys, failing
// the test on error.
type fixtures struct {
	t   *testing.T
	ctx context.Context
	db  *sqlstore.DB
	sys *jixiao.User
}

// org creates an organisation and returns its id.
func (f fixtures) org(code, name string, kind jixiao.OrgKind, parent int64) int64 {
	f.t.Helper()
	o, err := f.db.CreateOrg(f.ctx, f.sys, &jixiao.OrgRecord{Code: code, Name: name, Kind: kind, ParentID: parent})
	if err != nil {
		f.t.Fatal(err)
	}
	return o.ID
}

// as creates a user (password "x") and returns a context signed in as it.
func (f fixtures) as(name string, role jixiao.Role, orgID int64) context.Context {
	f.t.Helper()
	u, err := f.db.CreateUser(f.ctx, f.sys, &jixiao.User{Username: name, Role: role, OrgID: orgID}, "x")
	if err != nil {
		f.t.Fatal(err)
	}
	return jixiao.WithUser(f.ctx, u)
}
