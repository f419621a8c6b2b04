package api

import (
	"net/http"
	"reflect"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"jixiao/internal/yamlcodec"
)

var pathParam = regexp.MustCompile(`\{([a-z_]+)\}`)

// OpenAPI returns the OpenAPI 3.1 description of the API, made from the
// route table.
func (a *API) OpenAPI() map[string]any {
	schemas := yamlcodec.NewSchemaSet("#/components/schemas/")
	errSchema := schemas.Of(reflect.TypeOf(ErrorBody{}))
	paths := map[string]map[string]any{}
	for _, rt := range a.Routes() {
		op := map[string]any{
			"operationId": operationID(rt),
			"summary":     rt.Summary,
			"tags":        []string{tag(rt.Path)},
		}
		var params []map[string]any
		for _, m := range pathParam.FindAllStringSubmatch(rt.Path, -1) {
			params = append(params, map[string]any{"name": m[1], "in": "path", "required": true, "schema": map[string]any{"type": "integer", "minimum": 1}})
		}
		for _, q := range rt.Query {
			params = append(params, map[string]any{"name": q.Name, "in": "query", "description": q.Description, "schema": map[string]any{"type": q.Type}})
		}
		if len(params) > 0 {
			op["parameters"] = params
		}
		switch body := rt.Body.(type) {
		case nil:
		case []byte:
			op["requestBody"] = map[string]any{"required": true, "content": map[string]any{"multipart/form-data": map[string]any{
				"schema": map[string]any{"type": "object", "properties": map[string]any{"file": map[string]any{"type": "string", "format": "binary"}}, "required": []string{"file"}}}}}
		default:
			content := map[string]any{"application/json": map[string]any{"schema": schemas.Of(reflect.TypeOf(body))}}
			if strings.HasSuffix(rt.Path, "/case") || rt.Path == "/evaluations" || rt.Path == "/import-jobs" {
				content["application/yaml"] = map[string]any{"schema": schemas.Of(reflect.TypeOf(body))}
			}
			op["requestBody"] = map[string]any{"required": true, "content": content}
		}
		resp := map[string]any{"description": "成功"}
		switch rt.Response.(type) {
		case []byte:
			resp["content"] = map[string]any{"application/octet-stream": map[string]any{"schema": map[string]any{"type": "string", "format": "binary"}}}
		case nil:
		default:
			resp["content"] = map[string]any{"application/json": map[string]any{"schema": schemas.Of(reflect.TypeOf(rt.Response))}}
		}
		errResp := func(d string) map[string]any {
			return map[string]any{"description": d, "content": map[string]any{"application/json": map[string]any{"schema": errSchema}}}
		}
		success := "200"
		if rt.Status != 0 {
			success = strconv.Itoa(rt.Status)
			resp["description"] = http.StatusText(rt.Status)
			if rt.Status == http.StatusAccepted {
				resp["description"] = "已接受：任务已排队，可用 GET /jobs/{id} 查询进度"
			}
		}
		responses := map[string]any{success: resp, "400": errResp("请求有误（code: invalid）"), "500": errResp("服务器内部错误")}
		if !rt.Public {
			responses["401"] = errResp("未登录（code: unauthorized）")
			responses["403"] = errResp("无权进行此操作（code: forbidden）")
			responses["404"] = errResp("记录不存在或无权访问（code: not_found）")
			responses["409"] = errResp("版本冲突或状态不允许（code: conflict）")
		} else {
			op["security"] = []any{}
		}
		op["responses"] = responses
		if paths[rt.Path] == nil {
			paths[rt.Path] = map[string]any{}
		}
		paths[rt.Path][strings.ToLower(rt.Method)] = op
	}
	return map[string]any{
		"openapi": "3.1.0",
		"info": map[string]any{"title": "jixiao API", "version": "1",
			"description": "jixiao（绩效）的 JSON 接口：与网页相同的资源和操作。错误以 {\"error\": {\"code\", \"message\"}} 返回。修改记录时须给出读取时的版本（version），版本已变化时返回 409。"},
		"servers":  []any{map[string]any{"url": Prefix}},
		"security": []any{map[string]any{"bearer": []any{}}, map[string]any{"session": []any{}}},
		"paths":    paths,
		"components": map[string]any{"schemas": schemas.Defs(), "securitySchemes": map[string]any{
			"bearer":  map[string]any{"type": "http", "scheme": "bearer", "description": "API 令牌（jx_ 开头），由 POST /tokens 生成"},
			"session": map[string]any{"type": "apiKey", "in": "cookie", "name": SessionCookie, "description": "浏览器会话，由 POST /login 建立"},
		}},
	}
}

// SessionCookie is the name of the session cookie.
const SessionCookie = "jixiao_session"

func (a *API) openapi(w http.ResponseWriter, r *http.Request) error { return ok(w, a.OpenAPI()) }

func tag(path string) string {
	p := strings.Split(strings.TrimPrefix(path, "/"), "/")[0]
	return strings.TrimSuffix(p, ".json")
}

func operationID(rt Route) string {
	var b strings.Builder
	b.WriteString(strings.ToLower(rt.Method))
	for _, seg := range strings.Split(rt.Path, "/") {
		seg = strings.Trim(seg, "{}")
		seg = strings.ReplaceAll(strings.ReplaceAll(seg, ".", "_"), "-", "_")
		if seg == "" {
			continue
		}
		b.WriteString(strings.ToUpper(seg[:1]) + seg[1:])
	}
	return b.String()
}

// Paths lists "METHOD /path" of every route, sorted, for tests.
func (a *API) Paths() []string {
	var out []string
	for _, rt := range a.Routes() {
		out = append(out, rt.Method+" "+rt.Path)
	}
	sort.Strings(out)
	return out
}
