package sqlstore_test

import (
	"context"
	"strings"
	"testing"

	"jixiao"
	"jixiao/internal/sqlstore"
	"jixiao/internal/sqlstore/sqltest"
)

// TestAttachReplicaRefusals: a SQLite store has no replica, and a
// "replica" that is a writable primary is refused; both say so in Chinese.
func TestAttachReplicaRefusals(t *testing.T) {
	ctx := context.Background()
	err := sqltest.SQLite(t).AttachReplica(ctx, "postgres://jixiao@127.0.0.1:1/jixiao", sqlstore.ReplicaOptions{})
	if jixiao.ErrorCode(err) != jixiao.EINVALID || !strings.Contains(jixiao.ErrorMessage(err), "SQLite 数据库是单个文件，没有只读副本") {
		t.Errorf("SQLite: %v", err)
	}
	dsn := sqltest.PostgresDSN(t)
	if dsn == "" {
		return
	}
	primary := sqltest.EmptyPostgres(t, dsn)
	s, err := sqlstore.Open(ctx, primary)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	err = s.AttachReplica(ctx, primary, sqlstore.ReplicaOptions{})
	if jixiao.ErrorCode(err) != jixiao.EINVALID || !strings.Contains(jixiao.ErrorMessage(err), "是一个可写的主库，不是备库") {
		t.Errorf("primary as replica: %v", err)
	}
	if err := s.AttachReplica(ctx, "/tmp/x.db", sqlstore.ReplicaOptions{}); jixiao.ErrorCode(err) != jixiao.EINVALID {
		t.Errorf("SQLite path as replica: %v", err)
	}
}

// TestWritesNoteLogPosition: with a replica attached, each write of a
// request carrying jixiao.Reads records the primary's log position there
// (and tells OnWrite), later positions replacing earlier ones; without a
// replica nothing is recorded.
func TestWritesNoteLogPosition(t *testing.T) {
	ctx := context.Background()
	var told []string
	rd := jixiao.NewReads(false, "")
	rd.OnWrite = func(pos string) { told = append(told, pos) }
	marked := jixiao.WithReads(ctx, rd)
	plain := sqltest.SQLite(t)
	mustOrg(t, plain, "X", "甲", jixiao.OrgBureau, 0)
	if _, err := plain.CreateOrg(marked, admin, &jixiao.OrgRecord{Code: "Y", Name: "乙", Kind: jixiao.OrgBureau}); err != nil {
		t.Fatal(err)
	}
	if rd.After() != "" || len(told) != 0 {
		t.Errorf("without a replica: %q %v", rd.After(), told)
	}
	dsn, replica := sqltest.PostgresDSN(t), sqltest.ReplicaDSN(t)
	if dsn == "" || replica == "" {
		return
	}
	s := sqltest.Postgres(t, dsn)
	if err := s.AttachReplica(ctx, sqltest.ReplicaOf(t, s, replica), sqlstore.ReplicaOptions{}); err != nil {
		t.Fatal(err)
	}
	for _, code := range []string{"A", "B"} {
		if _, err := s.CreateOrg(marked, admin, &jixiao.OrgRecord{Code: code, Name: code + "局", Kind: jixiao.OrgBureau}); err != nil {
			t.Fatal(err)
		}
	}
	if len(told) != 2 || told[1] != rd.After() || told[0] == told[1] || !strings.Contains(told[0], "/") {
		t.Errorf("positions %v, after %q", told, rd.After())
	}
}
