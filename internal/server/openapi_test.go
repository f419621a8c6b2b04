package server_test

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
	"testing"

	"jixiao/internal/api"
)

// TestOpenAPI checks the served OpenAPI description against the routes
// the server answers, and real responses against the schemas it declares.
func TestOpenAPI(t *testing.T) {
	f := newFixture(t, false)
	r := f.do("", "GET", "/api/v1/openapi.json", nil)
	if r.Status != 200 {
		t.Fatalf("openapi.json: %d", r.Status)
	}
	var spec struct {
		OpenAPI    string                               `json:"openapi"`
		Servers    []struct{ URL string }               `json:"servers"`
		Paths      map[string]map[string]map[string]any `json:"paths"`
		Components struct {
			Schemas map[string]any `json:"schemas"`
		} `json:"components"`
	}
	r.json(t, &spec)
	if !strings.HasPrefix(spec.OpenAPI, "3.") || len(spec.Servers) != 1 || spec.Servers[0].URL != api.Prefix {
		t.Fatalf("openapi %q, servers %v", spec.OpenAPI, spec.Servers)
	}

	// The description and the routes name the same operations.
	routes := (&api.API{}).Routes()
	var described []string
	for p, ops := range spec.Paths {
		for m := range ops {
			described = append(described, strings.ToUpper(m)+" "+p)
		}
	}
	var served []string
	for _, rt := range routes {
		served = append(served, rt.Method+" "+rt.Path)
	}
	slices.Sort(described)
	slices.Sort(served)
	if !slices.Equal(described, served) {
		t.Errorf("described operations differ from routes:\ndescribed %v\nserved    %v", described, served)
	}

	// Every operation answers on the server (not the catch-all 404 of an
	// unknown path), every path parameter is declared, operation IDs are
	// unique, and every reference resolves.
	ids := map[string]bool{}
	param := regexp.MustCompile(`\{([a-z_]+)\}`)
	for p, ops := range spec.Paths {
		for m, op := range ops {
			id, _ := op["operationId"].(string)
			if id == "" || ids[id] {
				t.Errorf("%s %s: operationId %q missing or repeated", m, p, id)
			}
			ids[id] = true
			declared := map[string]bool{}
			ps, _ := op["parameters"].([]any)
			for _, x := range ps {
				pm := x.(map[string]any)
				if pm["in"] == "path" {
					if pm["required"] != true {
						t.Errorf("%s %s: path parameter %v not required", m, p, pm["name"])
					}
					declared[pm["name"].(string)] = true
				}
			}
			for _, match := range param.FindAllStringSubmatch(p, -1) {
				if !declared[match[1]] {
					t.Errorf("%s %s: path parameter %s not declared", m, p, match[1])
				}
			}
			if len(declared) != len(param.FindAllString(p, -1)) {
				t.Errorf("%s %s: declares path parameters %v", m, p, declared)
			}
			concrete := param.ReplaceAllString(p, "1")
			if r := f.do("", strings.ToUpper(m), "/api/v1"+concrete, nil); strings.Contains(string(r.Body), "没有这个接口") {
				t.Errorf("%s %s is described but not served", m, p)
			}
			if op["summary"] == "" || op["responses"] == nil {
				t.Errorf("%s %s: no summary or responses", m, p)
			}
		}
	}
	var refs []string
	collectRefs(spec.Paths, &refs)
	collectRefs(spec.Components.Schemas, &refs)
	for _, ref := range refs {
		name, ok := strings.CutPrefix(ref, "#/components/schemas/")
		if !ok || spec.Components.Schemas[name] == nil {
			t.Errorf("reference %s does not resolve", ref)
		}
	}
	if len(refs) == 0 {
		t.Error("no schema references")
	}

	// Real responses match their declared schemas.
	d := f.recs["D1"]
	for _, c := range []struct{ method, path, call string }{
		{"get", "/me", "/me"},
		{"get", "/tokens", "/tokens"},
		{"get", "/users", "/users"},
		{"get", "/users/{id}", fmt.Sprintf("/users/%d", f.users["preparer"].ID)},
		{"get", "/orgs", "/orgs"},
		{"get", "/orgs/{id}", fmt.Sprintf("/orgs/%d", f.orgs["D1"].ID)},
		{"get", "/evaluations", "/evaluations"},
		{"get", "/summaries", "/summaries"},
		{"get", "/rollup", "/rollup"},
		{"get", "/rollup", fmt.Sprintf("/rollup?org=%d", f.orgs["B1"].ID)},
		{"get", "/evaluations/{id}", fmt.Sprintf("/evaluations/%d", d.eval)},
		{"get", "/evaluations/{id}/permissions", fmt.Sprintf("/evaluations/%d/permissions", d.eval)},
		{"get", "/evaluations/{id}/files", fmt.Sprintf("/evaluations/%d/files", d.eval)},
		{"get", "/evaluations/{id}/case", fmt.Sprintf("/evaluations/%d/case", d.eval)},
		{"get", "/evaluations/{id}/budget", fmt.Sprintf("/evaluations/%d/budget", d.eval)},
		{"get", "/evaluations/{id}/scorecard", fmt.Sprintf("/evaluations/%d/scorecard", d.eval)},
		{"get", "/evaluations/{id}/findings", fmt.Sprintf("/evaluations/%d/findings", d.eval)},
		{"get", "/evaluations/{id}/transitions", fmt.Sprintf("/evaluations/%d/transitions", d.eval)},
		{"get", "/evaluations/{id}/comments", fmt.Sprintf("/evaluations/%d/comments", d.eval)},
		{"get", "/evaluations/{id}/audit", fmt.Sprintf("/evaluations/%d/audit", d.eval)},
		{"get", "/evaluations/{id}/projects", fmt.Sprintf("/evaluations/%d/projects", d.eval)},
		{"get", "/projects/{id}", fmt.Sprintf("/projects/%d", d.project)},
		{"get", "/evaluations/{id}/goals", fmt.Sprintf("/evaluations/%d/goals", d.eval)},
		{"get", "/goals/{id}", fmt.Sprintf("/goals/%d", d.goal)},
		{"get", "/evaluations/{id}/indicators", fmt.Sprintf("/evaluations/%d/indicators", d.eval)},
		{"get", "/indicators/{id}", fmt.Sprintf("/indicators/%d", d.indicator)},
		{"get", "/indicators/{id}/evidence", fmt.Sprintf("/indicators/%d/evidence", d.indicator)},
		{"get", "/audit", "/audit"},
		{"post", "/tokens", "/tokens"},
	} {
		var body any
		if c.method == "post" {
			body = map[string]string{"name": "schema"}
		}
		r := f.do("admin", strings.ToUpper(c.method), "/api/v1"+c.call, body)
		if r.Status != 200 {
			t.Errorf("%s %s: %d %s", c.method, c.call, r.Status, r.Body)
			continue
		}
		op := spec.Paths[c.path][c.method]
		schema := op["responses"].(map[string]any)["200"].(map[string]any)["content"].(map[string]any)["application/json"].(map[string]any)["schema"]
		var v any
		r.json(t, &v)
		for _, e := range validate(spec.Components.Schemas, schema, v, "$") {
			t.Errorf("%s %s: %s", c.method, c.call, e)
		}
	}
	// Errors match the error schema.
	r = f.do("preparer", "GET", fmt.Sprintf("/api/v1/evaluations/%d", f.recs["D3"].eval), nil)
	var v any
	r.json(t, &v)
	errSchema := spec.Paths["/evaluations/{id}"]["get"]["responses"].(map[string]any)["404"].(map[string]any)["content"].(map[string]any)["application/json"].(map[string]any)["schema"]
	for _, e := range validate(spec.Components.Schemas, errSchema, v, "$") {
		t.Errorf("error body: %s", e)
	}
}

func collectRefs(v any, out *[]string) {
	switch x := v.(type) {
	case map[string]any:
		for k, y := range x {
			if s, ok := y.(string); ok && k == "$ref" {
				*out = append(*out, s)
			}
			collectRefs(y, out)
		}
	case map[string]map[string]map[string]any:
		for _, y := range x {
			for _, z := range y {
				collectRefs(z, out)
			}
		}
	case []any:
		for _, y := range x {
			collectRefs(y, out)
		}
	}
}

// validate checks a JSON value against the subset of JSON Schema the
// description uses: $ref, type (one or a list), properties, required,
// additionalProperties, items and enum.
func validate(defs map[string]any, schema any, v any, at string) []string {
	s, ok := schema.(map[string]any)
	if !ok {
		return nil
	}
	if ref, ok := s["$ref"].(string); ok {
		return validate(defs, defs[strings.TrimPrefix(ref, "#/components/schemas/")], v, at)
	}
	var errs []string
	if t, ok := s["type"]; ok {
		var types []string
		switch tt := t.(type) {
		case string:
			types = []string{tt}
		case []any:
			for _, x := range tt {
				types = append(types, x.(string))
			}
		}
		if !slices.Contains(types, jsonType(v)) && !(jsonType(v) == "integer" && slices.Contains(types, "number")) {
			return []string{fmt.Sprintf("%s: %s, schema says %v", at, jsonType(v), types)}
		}
	}
	if enum, ok := s["enum"].([]any); ok && !slices.Contains(enum, v) {
		errs = append(errs, fmt.Sprintf("%s: %v not in %v", at, v, enum))
	}
	switch x := v.(type) {
	case map[string]any:
		props, _ := s["properties"].(map[string]any)
		for _, r := range asStrings(s["required"]) {
			if _, ok := x[r]; !ok {
				errs = append(errs, fmt.Sprintf("%s: required %s missing", at, r))
			}
		}
		for k, y := range x {
			if p, ok := props[k]; ok {
				errs = append(errs, validate(defs, p, y, at+"."+k)...)
				continue
			}
			switch ap := s["additionalProperties"].(type) {
			case bool:
				if !ap {
					errs = append(errs, fmt.Sprintf("%s: property %s not in the schema", at, k))
				}
			case map[string]any:
				errs = append(errs, validate(defs, ap, y, at+"."+k)...)
			}
		}
	case []any:
		for i, y := range x {
			errs = append(errs, validate(defs, s["items"], y, fmt.Sprintf("%s[%d]", at, i))...)
		}
	}
	return errs
}

func asStrings(v any) []string {
	var out []string
	if xs, ok := v.([]any); ok {
		for _, x := range xs {
			out = append(out, x.(string))
		}
	}
	return out
}

func jsonType(v any) string {
	switch x := v.(type) {
	case nil:
		return "null"
	case bool:
		return "boolean"
	case float64:
		if x == float64(int64(x)) {
			return "integer"
		}
		return "number"
	case string:
		return "string"
	case []any:
		return "array"
	case map[string]any:
		return "object"
	}
	return "unknown"
}
