// Package api is jixiao's JSON API under /api/v1: the same resources and
// actions the web pages use. Routes are declared once, in the table Routes
// returns; the mux and the OpenAPI description (/api/v1/openapi.json) are
// both made from it.
//
// Errors are JSON: {"error": {"code": "conflict", "message": "…"}}, with the
// HTTP status of the code. Request bodies are read strictly (unknown fields
// are errors) by the same decoder as case files, so their errors name the
// field in Chinese.
package api

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/alexedwards/scs/v2"

	"jixiao"
	"jixiao/internal/yamlcodec"
)

// Prefix is where the API lives.
const Prefix = "/api/v1"

// Request body limits. Every route reads at most its MaxBody (DefaultBody
// when it names none); the server caps requests without a signed-in user
// far lower still (see internal/server).
const (
	// DefaultBody bounds the body of a route that takes a record.
	DefaultBody = 1 << 20
	// RecordsBody bounds a project or goal with its indicators, or a batch
	// of indicators.
	RecordsBody = 4 << 20
	// CaseBody bounds a whole case (YAML, JSON or a workbook).
	CaseBody = 16 << 20
	// FileBody bounds an uploaded evidence file's request.
	FileBody = 24 << 20
)

// API serves the JSON API.
type API struct {
	Evaluations jixiao.EvaluationService
	Users       jixiao.UserService
	Jobs        jixiao.JobService
	// Declarations serves the performance-goal declarations.
	Declarations jixiao.DeclarationService
	Tasks        jixiao.TaskService
	// Rechecks serves re-checks, rectification and results application.
	Rechecks jixiao.RecheckService
	// Monitoring serves the monitoring rounds (绩效运行监控).
	Monitoring jixiao.MonitorService
	// Library serves the indicator library (指标库).
	Library jixiao.LibraryService
	// RuleFiles serves the uploaded warning rules, results rules and
	// calendars.
	RuleFiles jixiao.RuleFileService
	Sessions  *scs.SessionManager
	Logger    *slog.Logger

	scorecards encodedScorecards
}

// Session keys: the signed-in user's id, and the user's session epoch at
// sign-in (a session of an earlier epoch has ended).
const (
	SessionUserKey  = "user_id"
	SessionEpochKey = "epoch"
)

// Route is one operation of the API.
type Route struct {
	Method  string
	Path    string // under Prefix, with {name} parameters
	Summary string // Chinese, for the OpenAPI description
	Public  bool   // no sign-in needed
	Query   []Param
	// Body and Response are example values of the request and response
	// types, for the OpenAPI description (nil: none; Body []byte: a file).
	Body     any
	Response any
	// MaxBody bounds the request body in bytes (0: DefaultBody).
	MaxBody int64
	// Status is the status of success when it is not 200 (202 for a job
	// started).
	Status int
	Handle func(w http.ResponseWriter, r *http.Request) error
}

// maxBody is the route's body limit.
func (rt Route) maxBody() int64 {
	if rt.MaxBody > 0 {
		return rt.MaxBody
	}
	return DefaultBody
}

// Param is a query parameter.
type Param struct {
	Name, Type, Description string
}

// Handler returns the API's routes on a new mux.
func (a *API) Handler() http.Handler {
	mux := http.NewServeMux()
	for _, rt := range a.Routes() {
		mux.Handle(rt.Method+" "+Prefix+rt.Path, a.wrap(rt))
	}
	mux.HandleFunc(Prefix+"/", func(w http.ResponseWriter, r *http.Request) {
		a.fail(w, r, jixiao.Errorf(jixiao.ENOTFOUND, "没有这个接口：%s %s", r.Method, r.URL.Path))
	})
	return mux
}

func (a *API) wrap(rt Route) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !rt.Public && jixiao.UserFrom(r.Context()) == nil {
			a.fail(w, r, jixiao.Errorf(jixiao.EUNAUTHORIZED, "请先登录，或在请求头 Authorization: Bearer <令牌> 中给出 API 令牌"))
			return
		}
		r.Body = http.MaxBytesReader(w, r.Body, rt.maxBody())
		if err := rt.Handle(w, r); err != nil {
			a.fail(w, r, err)
		}
	})
}

// ErrorBody is the JSON of an error.
type ErrorBody struct {
	Error struct {
		Code    string   `json:"code"`
		Message string   `json:"message"`
		Details []string `json:"details,omitempty"`
	} `json:"error"`
}

// Status maps an error code to its HTTP status.
func Status(code string) int {
	switch code {
	case jixiao.EINVALID:
		return http.StatusBadRequest
	case jixiao.EUNAUTHORIZED:
		return http.StatusUnauthorized
	case jixiao.EFORBIDDEN:
		return http.StatusForbidden
	case jixiao.ENOTFOUND:
		return http.StatusNotFound
	case jixiao.ECONFLICT:
		return http.StatusConflict
	case jixiao.ETOOMANY:
		return http.StatusTooManyRequests
	}
	return http.StatusInternalServerError
}

// fail writes err as a JSON error. Internal errors are logged and shown as
// a plain message, never with their details.
func (a *API) fail(w http.ResponseWriter, r *http.Request, err error) {
	var body ErrorBody
	var es yamlcodec.Errors
	var ps jixiao.Problems
	var blanks *jixiao.BlanksError
	switch {
	case errors.As(err, &blanks):
		// The blanks that refuse a submission, one a line.
		body.Error.Code, body.Error.Message = jixiao.EINVALID, blanks.Error()
		for _, b := range blanks.Blanks {
			body.Error.Details = append(body.Error.Details, b.Text())
		}
	case errors.As(err, &es):
		body.Error.Code, body.Error.Message = jixiao.EINVALID, fmt.Sprintf("请求内容有%d处错误", len(es))
		for _, e := range es {
			body.Error.Details = append(body.Error.Details, e.Error())
		}
	case errors.As(err, &ps):
		body.Error.Code, body.Error.Message = jixiao.EINVALID, fmt.Sprintf("数据有%d处问题", len(ps))
		for _, p := range ps {
			body.Error.Details = append(body.Error.Details, strings.TrimPrefix(p.Path+"：", "：")+p.Message)
		}
	default:
		body.Error.Code = jixiao.ErrorCode(err)
		body.Error.Message = jixiao.ErrorMessage(err)
		if body.Error.Code == jixiao.EINTERNAL {
			a.logger().Error("api", "method", r.Method, "path", r.URL.Path, "err", err)
			body.Error.Message = "服务器内部错误，请稍后重试；如果问题持续，请联系管理员"
		}
	}
	writeJSON(w, Status(body.Error.Code), body)
}

func (a *API) logger() *slog.Logger {
	if a.Logger == nil {
		return slog.Default()
	}
	return a.Logger
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(true)
	_ = enc.Encode(v)
}

// ok writes v with 200.
func ok(w http.ResponseWriter, v any) error {
	writeJSON(w, http.StatusOK, v)
	return nil
}

// List is a list response; Total, Page and PerPage are set for paged lists.
type List[T any] struct {
	Items   []T `json:"items"`
	Total   int `json:"total"`
	Page    int `json:"page,omitempty"`
	PerPage int `json:"per_page,omitempty"`
}

func list[T any](w http.ResponseWriter, items []T) error {
	return pageOf(w, items, len(items), 0, 0)
}

// pageOf answers with one page of a longer list (an empty list, never null).
func pageOf[T any](w http.ResponseWriter, items []T, total, pg, per int) error {
	if items == nil {
		items = []T{}
	}
	return ok(w, List[T]{Items: items, Total: total, Page: pg, PerPage: per})
}

// decode reads a request body strictly into v (YAML or JSON), under the
// request limits of the case decoder.
func decode(r *http.Request, v any) error {
	data, err := readBody(r)
	if err != nil {
		return err
	}
	if len(strings.TrimSpace(string(data))) == 0 {
		return jixiao.Errorf(jixiao.EINVALID, "请求内容为空")
	}
	_, err = yamlcodec.DecodeLimits("请求内容", data, v, yamlcodec.RequestLimits)
	return err
}

// readBody reads the whole body, which the route has bounded; a body over
// the bound is refused with the bound in the message.
func readBody(r *http.Request) ([]byte, error) {
	data, err := io.ReadAll(r.Body)
	if err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			return nil, jixiao.Errorf(jixiao.EINVALID, "请求内容过大，此接口的上限为 %s", jixiao.SizeText(tooBig.Limit))
		}
		return nil, jixiao.Errorf(jixiao.EINVALID, "读取请求内容失败，请重试")
	}
	return data, nil
}

// id reads a path parameter as a positive integer.
func id(r *http.Request, name string) (int64, error) {
	v, err := strconv.ParseInt(r.PathValue(name), 10, 64)
	if err != nil || v <= 0 {
		return 0, jixiao.Errorf(jixiao.EINVALID, "路径参数 %s 应为正整数，实际为“%s”", name, r.PathValue(name))
	}
	return v, nil
}

// intQuery reads an optional integer query parameter.
func intQuery(r *http.Request, name string, def int) (int, error) {
	s := r.URL.Query().Get(name)
	if s == "" {
		return def, nil
	}
	v, err := strconv.Atoi(s)
	if err != nil || v < 0 {
		return 0, jixiao.Errorf(jixiao.EINVALID, "查询参数 %s 应为非负整数，实际为“%s”", name, s)
	}
	return v, nil
}

// page reads page and per_page (default 1 and 50, at most 500).
func page(r *http.Request) (offset, limit, pg, per int, err error) {
	if pg, err = intQuery(r, "page", 1); err != nil {
		return
	}
	if per, err = intQuery(r, "per_page", 50); err != nil {
		return
	}
	pg, per = max(pg, 1), min(max(per, 1), 500)
	return (pg - 1) * per, per, pg, per, nil
}

var pageParams = []Param{{"page", "integer", "页码，从1开始（默认1）"}, {"per_page", "integer", "每页条数（默认50，最多500）"}}

// attachment sets Content-Disposition for a download with a Chinese name.
func attachment(w http.ResponseWriter, name string) {
	ascii := strings.Map(func(r rune) rune {
		if r < 0x20 || r > 0x7e || r == '"' || r == '\\' {
			return '_'
		}
		return r
	}, name)
	w.Header().Set("Content-Disposition", fmt.Sprintf(`attachment; filename="%s"; filename*=UTF-8''%s`, ascii, url.PathEscape(name)))
}
