// Package demo fills a fresh database with the reference case, the other
// examples, a finance bureau with its departments, and one user per role,
// for jixiao serve --demo and for tests.
package demo

import (
	"context"
	"fmt"
	"io/fs"
	"sort"

	"jixiao"
	"jixiao/examples"
	"jixiao/internal/auth"
	"jixiao/internal/caseio"
	"jixiao/internal/sqlstore"
)

// Password is every demo user's password.
const Password = "jixiao-demo"

// Login is a demo user.
type Login struct {
	Username, Role, Org string
}

// Data is what Load created.
type Data struct {
	Bureau      *jixiao.OrgRecord
	Departments []*jixiao.OrgRecord // in the order of the examples
	Evaluations []*jixiao.EvaluationInfo
	Logins      []Login
}

var system = &jixiao.User{Username: "演示数据"}

// Load creates the demo data in db, hashing passwords with p.
func Load(ctx context.Context, db *sqlstore.DB, p auth.Params) (*Data, error) {
	d := &Data{}
	var err error
	if d.Bureau, err = db.CreateOrg(ctx, system, &jixiao.OrgRecord{Code: "130100", Name: "石家庄市财政局", Kind: jixiao.OrgBureau}); err != nil {
		return nil, err
	}
	names, err := fs.Glob(examples.FS, "*.yaml")
	if err != nil {
		return nil, err
	}
	// The reference report first.
	sort.SliceStable(names, func(i, j int) bool { return names[i] == "shijiazhuang-2024.yaml" && names[j] != names[i] })
	for i, name := range names {
		data, err := examples.FS.ReadFile(name)
		if err != nil {
			return nil, err
		}
		f, err := caseio.Parse(name, data)
		if err != nil {
			return nil, err
		}
		ev := f.Evaluation
		dept, err := db.CreateOrg(ctx, system, &jixiao.OrgRecord{Code: fmt.Sprintf("130100-%03d", i+1), Name: ev.Org.Name, Kind: jixiao.OrgDepartment, ParentID: d.Bureau.ID})
		if err != nil {
			return nil, err
		}
		info, err := db.ImportEvaluation(ctx, system, dept.ID, ev, false)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		d.Departments = append(d.Departments, dept)
		d.Evaluations = append(d.Evaluations, info)
	}
	ref := d.Departments[0]
	users := []struct {
		name, display string
		role          jixiao.Role
		org           int64
		assigned      []int64
		orgName       string
	}{
		{"admin", "系统管理员", jixiao.RoleAdmin, d.Bureau.ID, nil, d.Bureau.Name},
		{"preparer", "填报人（自然资源和规划局）", jixiao.RolePreparer, ref.ID, nil, ref.Name},
		{"approver", "审核人（自然资源和规划局）", jixiao.RoleApprover, ref.ID, nil, ref.Name},
		{"reviewer", "财政局复核人员", jixiao.RoleReviewer, d.Bureau.ID, nil, d.Bureau.Name},
		{"evaluator", "第三方评价机构", jixiao.RoleEvaluator, 0, []int64{ref.ID}, "指派：" + ref.Name},
		{"auditor", "审计人员", jixiao.RoleAuditor, d.Bureau.ID, nil, d.Bureau.Name},
	}
	for _, u := range users {
		hash, err := auth.Hash(Password, p)
		if err != nil {
			return nil, err
		}
		if _, err := db.CreateUser(ctx, system, &jixiao.User{Username: u.name, DisplayName: u.display, Role: u.role, OrgID: u.org, Assigned: u.assigned}, hash); err != nil {
			return nil, err
		}
		d.Logins = append(d.Logins, Login{Username: u.name, Role: u.role.Title(), Org: u.orgName})
	}
	return d, nil
}
