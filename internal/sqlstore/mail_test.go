package sqlstore_test

import (
	"context"
	"testing"

	"jixiao"
	"jixiao/internal/sqlstore"
)

// TestUserEmail stores a user's e-mail address: set by the user
// (SetUserEmail) or by an administrator's patch, checked and trimmed,
// cleared with "", read back by every way of reading a user.
func TestUserEmail(t *testing.T) {
	stores(t, func(t *testing.T, s *sqlstore.DB) {
		ctx := context.Background()
		bureau := mustOrg(t, s, "B", "财政局", jixiao.OrgBureau, 0)
		u, err := s.CreateUser(ctx, admin, &jixiao.User{Username: "wang", Role: jixiao.RoleReviewer, OrgID: bureau.ID}, "h")
		if err != nil {
			t.Fatal(err)
		}
		if u.Email != "" {
			t.Errorf("new user's address %q", u.Email)
		}
		set, err := s.SetUserEmail(ctx, u, u.ID, "wang@cz.example.gov.cn")
		if err != nil || set.Email != "wang@cz.example.gov.cn" || set.Version != u.Version+1 {
			t.Fatalf("set: %+v %v", set, err)
		}
		by, _, err := s.UserByName(ctx, "wang")
		if err != nil || by.Email != "wang@cz.example.gov.cn" {
			t.Errorf("by name: %q %v", by.Email, err)
		}
		bad := "王芳 <w@example.cn>"
		if _, err := s.UpdateUser(ctx, admin, u.ID, set.Version, jixiao.UserPatch{Email: &bad}); jixiao.ErrorCode(err) != jixiao.EINVALID {
			t.Errorf("patch with a bad address: %v", err)
		}
		good := " fang@cz.example.gov.cn "
		up, err := s.UpdateUser(ctx, admin, u.ID, set.Version, jixiao.UserPatch{Email: &good})
		if err != nil || up.Email != "fang@cz.example.gov.cn" {
			t.Fatalf("patch: %+v %v", up, err)
		}
		name := "王芳"
		if up, err = s.UpdateUser(ctx, admin, u.ID, up.Version, jixiao.UserPatch{DisplayName: &name}); err != nil || up.Email != "fang@cz.example.gov.cn" {
			t.Errorf("a patch without the address keeps it: %+v %v", up, err)
		}
		empty := ""
		if up, err = s.UpdateUser(ctx, admin, u.ID, up.Version, jixiao.UserPatch{Email: &empty}); err != nil || up.Email != "" {
			t.Errorf("clear: %+v %v", up, err)
		}
		if got, err := s.User(ctx, u.ID); err != nil || got.Email != "" {
			t.Errorf("after clearing: %q %v", got.Email, err)
		}
	})
}
