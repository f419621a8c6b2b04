package sqlstore_test

import (
	"context"
	"fmt"
	"strings"
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
		if epoch, err := s.SetPasswordHash(ctx, admin, u.ID, "hash2"); err != nil || epoch != 1 {
			t.Fatalf("epoch %d %v", epoch, err)
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

// TestSessionsStoredByHash: the sessions table holds no usable token.
func TestSessionsStoredByHash(t *testing.T) {
	stores(t, func(t *testing.T, s *sqlstore.DB) {
		token := "session-token-abc"
		if err := s.Commit(token, []byte("data"), time.Now().Add(time.Hour)); err != nil {
			t.Fatal(err)
		}
		var stored string
		if err := s.SQL().QueryRow("SELECT token FROM sessions").Scan(&stored); err != nil {
			t.Fatal(err)
		}
		if stored == token || strings.Contains(stored, token) || len(stored) != 64 {
			t.Errorf("stored session key %q", stored)
		}
		data, ok, err := s.Find(token)
		if err != nil || !ok || string(data) != "data" {
			t.Errorf("find: %q %v %v", data, ok, err)
		}
		if _, ok, _ := s.Find(stored); ok {
			t.Error("the stored key works as a token")
		}
		if err := s.Delete(token); err != nil {
			t.Fatal(err)
		}
		if _, ok, _ := s.Find(token); ok {
			t.Error("deleted session found")
		}
	})
}

// TestPasswordChangeEndsSessionsAndTokens: a new password starts a new
// session epoch and revokes every token; so does EndSessions.
func TestPasswordChangeEndsSessionsAndTokens(t *testing.T) {
	stores(t, func(t *testing.T, s *sqlstore.DB) {
		ctx := context.Background()
		u, err := s.CreateUser(ctx, admin, &jixiao.User{Username: "li", Role: jixiao.RoleAuditor}, "hash")
		if err != nil {
			t.Fatal(err)
		}
		for i := range 2 {
			if _, err := s.CreateToken(ctx, admin, u.ID, fmt.Sprint("t", i), fmt.Sprint("hash", i)); err != nil {
				t.Fatal(err)
			}
		}
		epoch, err := s.SetPasswordHash(ctx, admin, u.ID, "hash2")
		if err != nil || epoch != u.SessionEpoch+1 {
			t.Fatalf("epoch %d → %d, %v", u.SessionEpoch, epoch, err)
		}
		for i := range 2 {
			if _, err := s.TokenUser(ctx, fmt.Sprint("hash", i)); jixiao.ErrorCode(err) != jixiao.ENOTFOUND {
				t.Errorf("token %d still works: %v", i, err)
			}
		}
		if _, err := s.CreateToken(ctx, admin, u.ID, "t3", "hash3"); err != nil {
			t.Fatal(err)
		}
		if err := s.EndSessions(ctx, admin, u.ID); err != nil {
			t.Fatal(err)
		}
		now, _ := s.User(ctx, u.ID)
		if now.SessionEpoch != epoch+1 {
			t.Errorf("epoch after EndSessions %d, want %d", now.SessionEpoch, epoch+1)
		}
		if _, err := s.TokenUser(ctx, "hash3"); jixiao.ErrorCode(err) != jixiao.ENOTFOUND {
			t.Errorf("token survives EndSessions: %v", err)
		}
		es, _, _ := s.Audit(ctx, jixiao.AuditFilter{Entity: "user", EntityID: u.ID})
		var actions []string
		for _, e := range es {
			actions = append(actions, e.Action)
		}
		if strings.Join(actions, ",") != "end_sessions,password,create" {
			t.Errorf("audit %v", actions)
		}
		if err := s.EndSessions(ctx, admin, 999999); jixiao.ErrorCode(err) != jixiao.ENOTFOUND {
			t.Errorf("unknown user: %v", err)
		}
	})
}
