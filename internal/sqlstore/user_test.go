package sqlstore_test

import (
	"context"
	"testing"
	"time"

	"jixiao"
	"jixiao/internal/sqlstore"
)

func TestUsersTokensSessions(t *testing.T) {
	stores(t, func(t *testing.T, s *sqlstore.DB) {
		ctx := context.Background()
		bureau := mustOrg(t, s, "B", "财政局", jixiao.OrgBureau, 0)
		dept := mustOrg(t, s, "D1", "甲部门", jixiao.OrgDepartment, bureau.ID)
		other := mustOrg(t, s, "D2", "乙部门", jixiao.OrgDepartment, bureau.ID)
		u, err := s.CreateUser(ctx, admin, &jixiao.User{Username: "zhang", DisplayName: "张三", Role: jixiao.RolePreparer, OrgID: dept.ID}, "hash1")
		if err != nil {
			t.Fatal(err)
		}
		if _, err := s.CreateUser(ctx, admin, &jixiao.User{Username: "zhang", Role: jixiao.RoleAuditor}, "h"); jixiao.ErrorCode(err) != jixiao.ECONFLICT {
			t.Errorf("duplicate: %v", err)
		}
		if _, err := s.CreateUser(ctx, admin, &jixiao.User{Username: "li", Role: jixiao.RolePreparer, OrgID: bureau.ID}, "h"); jixiao.ErrorCode(err) != jixiao.EINVALID {
			t.Errorf("preparer of a bureau: %v", err)
		}
		if _, err := s.CreateUser(ctx, admin, &jixiao.User{Username: "wang", Role: "boss"}, "h"); jixiao.ErrorCode(err) != jixiao.EINVALID {
			t.Errorf("bad role: %v", err)
		}
		ev, err := s.CreateUser(ctx, admin, &jixiao.User{Username: "thirdparty", Role: jixiao.RoleEvaluator, Assigned: []int64{other.ID}}, "h")
		if err != nil || len(ev.Assigned) != 1 {
			t.Fatalf("evaluator: %+v %v", ev, err)
		}
		got, hash, err := s.UserByName(ctx, "thirdparty")
		if err != nil || hash != "h" || len(got.Assigned) != 1 || got.Assigned[0] != other.ID {
			t.Errorf("by name: %+v %s %v", got, hash, err)
		}
		disabled := true
		up, err := s.UpdateUser(ctx, admin, u.ID, u.Version, jixiao.UserPatch{Disabled: &disabled})
		if err != nil || !up.Disabled || up.Version != 2 {
			t.Errorf("disable: %+v %v", up, err)
		}
		if _, err := s.UpdateUser(ctx, admin, u.ID, u.Version, jixiao.UserPatch{Disabled: &disabled}); jixiao.ErrorCode(err) != jixiao.ECONFLICT {
			t.Errorf("stale: %v", err)
		}
		if err := s.SetPasswordHash(ctx, admin, u.ID, "hash2"); err != nil {
			t.Fatal(err)
		}
		if _, h, _ := s.UserByName(ctx, "zhang"); h != "hash2" {
			t.Error("password not changed")
		}
		tok, err := s.CreateToken(ctx, admin, u.ID, "脚本", "tokhash")
		if err != nil {
			t.Fatal(err)
		}
		if tu, err := s.TokenUser(ctx, "tokhash"); err != nil || tu.ID != u.ID {
			t.Errorf("token user: %v", err)
		}
		if err := s.RevokeToken(ctx, admin, u.ID, tok.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := s.TokenUser(ctx, "tokhash"); jixiao.ErrorCode(err) != jixiao.ENOTFOUND {
			t.Errorf("revoked token: %v", err)
		}
		// Sessions.
		if err := s.Commit("tok1", []byte("data"), time.Now().Add(time.Hour)); err != nil {
			t.Fatal(err)
		}
		if err := s.Commit("tok1", []byte("data2"), time.Now().Add(time.Hour)); err != nil {
			t.Fatal(err)
		}
		if d, ok, err := s.Find("tok1"); !ok || err != nil || string(d) != "data2" {
			t.Errorf("find: %s %v %v", d, ok, err)
		}
		s.Commit("old", []byte("x"), time.Now().Add(-time.Minute))
		if _, ok, _ := s.Find("old"); ok {
			t.Error("expired session found")
		}
		if err := s.Delete("tok1"); err != nil {
			t.Fatal(err)
		}
		if _, ok, _ := s.Find("tok1"); ok {
			t.Error("deleted session found")
		}
		users, _ := s.Users(ctx)
		if len(users) != 2 {
			t.Errorf("%d users", len(users))
		}
		es, _, _ := s.Audit(ctx, jixiao.AuditFilter{Entity: "user", EntityID: u.ID})
		if len(es) != 3 { // create, update, password
			t.Errorf("user audit %d", len(es))
		}
	})
}
