package server_test

import (
	"slices"
	"strings"
	"testing"

	"jixiao"
	"jixiao/internal/api"
)

// provinceTree is a province's finance department (P) above two cities'
// bureaus (C1, C2), each above a county's bureau (K1, K2), above the
// departments: D1 and D2 in K1, D3 in K2.
var provinceTree = []orgSpec{
	{"P", jixiao.OrgBureau, ""},
	{"C1", jixiao.OrgBureau, "P"}, {"C2", jixiao.OrgBureau, "P"},
	{"K1", jixiao.OrgBureau, "C1"}, {"K2", jixiao.OrgBureau, "C2"},
	{"D1", jixiao.OrgDepartment, "K1"}, {"D2", jixiao.OrgDepartment, "K1"}, {"D3", jixiao.OrgDepartment, "K2"},
}

// treeUsers are every role at every level: the plain role users at the
// county K1 (and its department D1), and users named role-level (their
// organisation's key, in lower case) at the province, the cities, the
// other county and the departments.
func treeUsers() []userSpec {
	us := roleUsers("K1", "D1")
	for _, org := range []string{"P", "C1", "C2", "K2", "D1", "D2", "D3"} {
		roles := []jixiao.Role{jixiao.RoleAdmin, jixiao.RoleAuditor, jixiao.RoleReviewer}
		if org[0] == 'D' { // a department's own users belong to a department
			roles = []jixiao.Role{jixiao.RoleReviewer, jixiao.RolePreparer, jixiao.RoleApprover}
		}
		for _, role := range roles {
			us = append(us, userSpec{string(role) + "-" + strings.ToLower(org), role, org, nil})
		}
	}
	us = append(us, userSpec{"evaluator-d3", jixiao.RoleEvaluator, "", []string{"D3"}},
		userSpec{"evaluator-d2d3", jixiao.RoleEvaluator, "", []string{"D2", "D3"}})
	return us
}

// within reports whether organisation key is org or below it in tree,
// walking up from key.
func within(tree []orgSpec, key, org string) bool {
	parent := map[string]string{}
	for _, o := range tree {
		parent[o.key] = o.parent
	}
	for k := key; k != ""; k = parent[k] {
		if k == org {
			return true
		}
	}
	return false
}

// TestAccessMatrixThreeLevels calls every API route as every role at every
// level of a province → city → county → department tree, on every
// department (and, for the routes about an organisation, on every
// organisation), and checks each answer against the role table: a
// reviewer sees its organisation's whole subtree and nothing beside or
// above it, a department's users their own department, an evaluator
// what is assigned to it, administrators and auditors everything.
func TestAccessMatrixThreeLevels(t *testing.T) {
	specs := treeUsers()
	f := buildFixture(t, false, provinceTree, specs)
	bySpec := map[string]userSpec{}
	users := []string{""}
	for _, s := range specs {
		bySpec[s.name] = s
		users = append(users, s.name)
	}
	sees := func(u, target string) bool {
		s := bySpec[u]
		switch s.role {
		case jixiao.RoleAdmin, jixiao.RoleAuditor:
			return true
		case jixiao.RoleReviewer:
			return within(provinceTree, target, s.org)
		case jixiao.RolePreparer, jixiao.RoleApprover:
			return target == s.org
		case jixiao.RoleEvaluator:
			return slices.Contains(s.assigned, target)
		}
		return false
	}
	base := func(u string) string { name, _, _ := strings.Cut(u, "-"); return name }
	var everyOrg []string
	for _, o := range provinceTree {
		everyOrg = append(everyOrg, o.key)
	}
	extra := map[string][]string{"GET /orgs/{id}": everyOrg, "GET /rollup": everyOrg}
	calls := runMatrix(t, f, (&api.API{}).Routes(), users, base, sees, extra)
	t.Logf("%d users, %d calls", len(users), calls)

	// Spot checks of the rule itself, so that a wrong sees above cannot pass
	// unnoticed: the province sees a county's department, a city not its
	// sibling's, a county not its city.
	for _, c := range []struct {
		user, target string
		want         bool
	}{{"reviewer-p", "D3", true}, {"reviewer-c1", "D1", true}, {"reviewer-c1", "D3", false}, {"reviewer-c2", "K1", false},
		{"reviewer", "C1", false}, {"reviewer", "D2", true}, {"reviewer-d1", "D2", false}, {"preparer-d2", "D1", false}} {
		if got := sees(c.user, c.target); got != c.want {
			t.Errorf("the test's rule: %s sees %s = %v, want %v", c.user, c.target, got, c.want)
		}
	}
}
