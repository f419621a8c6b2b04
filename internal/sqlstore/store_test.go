package sqlstore_test

import (
	"context"
	"strings"
	"testing"

	"jixiao"
	"jixiao/internal/sqlstore"
	"jixiao/internal/sqlstore/sqltest"
)

// stores runs fn on a fresh store of every engine available.
func stores(t *testing.T, fn func(t *testing.T, s *sqlstore.DB)) { sqltest.Each(t, fn) }

var admin = &jixiao.User{ID: 0, Username: "测试"}

func mustOrg(t *testing.T, s *sqlstore.DB, code, name string, kind jixiao.OrgKind, parent int64) *jixiao.OrgRecord {
	t.Helper()
	o, err := s.CreateOrg(context.Background(), admin, &jixiao.OrgRecord{Code: code, Name: name, Kind: kind, ParentID: parent})
	if err != nil {
		t.Fatal(err)
	}
	return o
}

func TestOrgs(t *testing.T) {
	stores(t, func(t *testing.T, s *sqlstore.DB) {
		ctx := context.Background()
		bureau := mustOrg(t, s, "130100", "石家庄市财政局", jixiao.OrgBureau, 0)
		dept := mustOrg(t, s, "130100-001", "石家庄市自然资源和规划局", jixiao.OrgDepartment, bureau.ID)
		if _, err := s.CreateOrg(ctx, admin, &jixiao.OrgRecord{Code: "130100-001", Name: "重复", Kind: jixiao.OrgDepartment}); jixiao.ErrorCode(err) != jixiao.ECONFLICT {
			t.Errorf("duplicate code: %v", err)
		}
		if _, err := s.CreateOrg(ctx, admin, &jixiao.OrgRecord{Code: "x", Name: "x", Kind: "city"}); jixiao.ErrorCode(err) != jixiao.EINVALID {
			t.Errorf("bad kind: %v", err)
		}
		got, err := s.OrgByRef(ctx, "石家庄市自然资源和规划局")
		if err != nil || got.ID != dept.ID || got.ParentID != bureau.ID {
			t.Errorf("by name: %+v %v", got, err)
		}
		if _, err := s.OrgByRef(ctx, "nope"); jixiao.ErrorCode(err) != jixiao.ENOTFOUND {
			t.Errorf("missing: %v", err)
		}
		all, _ := s.Orgs(ctx)
		if len(all) != 2 {
			t.Errorf("%d orgs", len(all))
		}
	})
}

func TestAuditLogIsAppendOnly(t *testing.T) {
	stores(t, func(t *testing.T, s *sqlstore.DB) {
		mustOrg(t, s, "1", "甲", jixiao.OrgBureau, 0)
		if _, err := s.SQL().Exec("UPDATE audit_log SET action = 'x'"); err == nil || !strings.Contains(err.Error(), "append-only") {
			t.Errorf("update: %v", err)
		}
		if _, err := s.SQL().Exec("DELETE FROM audit_log"); err == nil || !strings.Contains(err.Error(), "append-only") {
			t.Errorf("delete: %v", err)
		}
		es, n, err := s.Audit(context.Background(), jixiao.AuditFilter{Entity: "org"})
		if err != nil || n != 1 || es[0].Action != "create" || !strings.Contains(es[0].New, "甲") {
			t.Errorf("audit %v %d %v", es, n, err)
		}
	})
}
