// Package server runs jixiao's HTTP server: the middleware every request
// passes (recovery, logging, security headers, cross-origin protection,
// sessions, authentication), the health endpoint, and graceful shutdown.
// The API and the web pages are handlers mounted on it.
package server

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/netip"
	"runtime"
	"runtime/debug"
	"strings"
	"time"

	"github.com/alexedwards/scs/v2"

	"jixiao"
	"jixiao/internal/api"
)

// Config is what the server is made of.
type Config struct {
	Evaluations jixiao.EvaluationService
	Users       jixiao.UserService
	// Jobs, when set, serves the API's background jobs.
	Jobs jixiao.JobService
	// Tasks serves the API's tasks and inbox.
	Tasks jixiao.TaskService
	// SessionStore keeps sessions server-side (the database).
	SessionStore scs.Store
	// Health reports whether the server can serve (the database answers).
	Health func(context.Context) error
	Logger *slog.Logger
	// SecureCookies marks cookies Secure, for deployments behind TLS.
	SecureCookies bool
	// Pages, when set, serves everything outside /api/ (the web pages).
	Pages func(sessions *scs.SessionManager) (http.Handler, error)
	// TrustedProxies are the reverse proxies whose X-Forwarded-For names
	// the client (see clientAddress); none by default.
	TrustedProxies []netip.Prefix
	// HeavySlots bounds the requests with large bodies served at once
	// (default: the number of CPUs).
	HeavySlots int
}

// Handler builds the server's handler.
func Handler(cfg Config) (http.Handler, error) {
	logger := cfg.Logger
	if logger == nil {
		logger = slog.Default()
	}
	sessions := scs.New()
	sessions.Store = cfg.SessionStore
	sessions.Lifetime = 12 * time.Hour
	sessions.IdleTimeout = 2 * time.Hour
	sessions.Cookie.Name = api.SessionCookie
	sessions.Cookie.HttpOnly = true
	sessions.Cookie.SameSite = http.SameSiteLaxMode
	sessions.Cookie.Secure = cfg.SecureCookies
	sessions.ErrorFunc = func(w http.ResponseWriter, r *http.Request, err error) {
		logger.Error("session", "err", err)
		http.Error(w, "会话存储出错，请稍后重试", http.StatusInternalServerError)
	}

	decls, _ := cfg.Evaluations.(jixiao.DeclarationService) // internal/app serves both
	rechecks, _ := cfg.Evaluations.(jixiao.RecheckService)  // likewise
	mon, _ := cfg.Evaluations.(jixiao.MonitorService)       // and monitoring
	lib, _ := cfg.Evaluations.(jixiao.LibraryService)       // and the indicator library
	rf, _ := cfg.Evaluations.(jixiao.RuleFileService)       // and the uploaded rules and calendars
	a := &api.API{RuleFiles: rf, Evaluations: cfg.Evaluations, Users: cfg.Users, Jobs: cfg.Jobs, Declarations: decls, Tasks: cfg.Tasks, Rechecks: rechecks, Monitoring: mon, Library: lib, Sessions: sessions, Logger: logger}
	mux := http.NewServeMux()
	mux.Handle(api.Prefix+"/", a.Handler())
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, r *http.Request) {
		status, code := "ok", http.StatusOK
		if cfg.Health != nil {
			if err := cfg.Health(r.Context()); err != nil {
				logger.Error("health", "err", err)
				status, code = "数据库不可用", http.StatusServiceUnavailable
			}
		}
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(code)
		json.NewEncoder(w).Encode(map[string]string{"status": status})
	})
	if cfg.Pages != nil {
		pages, err := cfg.Pages(sessions)
		if err != nil {
			return nil, err
		}
		mux.Handle("/", pages)
	} else {
		mux.HandleFunc("GET /{$}", func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "text/plain; charset=utf-8")
			fmt.Fprintf(w, "jixiao（绩效）服务器运行中。JSON 接口：%s（说明：%s/openapi.json）\n", api.Prefix, api.Prefix)
		})
	}

	slots := cfg.HeavySlots
	if slots <= 0 {
		slots = runtime.NumCPU()
	}
	var h http.Handler = mux
	h = routeReads(sessions, h)
	h = authenticate(cfg.Users, sessions, logger, h)
	h = sessions.LoadAndSave(h)
	h = admitHeavy(slots, heavyWait, h)
	h = crossOrigin(h)
	h = securityHeaders(h)
	h = logRequests(logger, h)
	h = clientAddress(cfg.TrustedProxies, h)
	h = recoverPanics(logger, h)
	return h, nil
}

// AnonymousBody bounds the body of a request without a signed-in user
// (a sign-in form or its JSON).
const AnonymousBody = 8 << 10

// authenticate puts the request's user in its context: from an API token
// (Authorization: Bearer jx_…) or from the session.
func authenticate(users jixiao.UserService, sessions *scs.SessionManager, logger *slog.Logger, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx := r.Context()
		if h := r.Header.Get("Authorization"); h != "" {
			token, ok := strings.CutPrefix(h, "Bearer ")
			if !ok {
				writeError(w, http.StatusUnauthorized, jixiao.EUNAUTHORIZED, "请求头 Authorization 应为“Bearer <令牌>”")
				return
			}
			u, err := users.TokenUser(ctx, strings.TrimSpace(token))
			if err != nil {
				writeError(w, http.StatusUnauthorized, jixiao.EUNAUTHORIZED, jixiao.ErrorMessage(err))
				return
			}
			noteUser(ctx, u)
			next.ServeHTTP(w, r.WithContext(jixiao.WithUser(ctx, u)))
			return
		}
		if id := sessions.GetInt64(ctx, api.SessionUserKey); id != 0 {
			u, err := users.SessionUser(ctx, id)
			switch {
			case err == nil && !u.Disabled && u.SessionEpoch == sessions.GetInt64(ctx, api.SessionEpochKey):
				noteUser(ctx, u)
				ctx = jixiao.WithUser(ctx, u)
			case err != nil && jixiao.ErrorCode(err) != jixiao.ENOTFOUND:
				logger.Error("session user", "err", err)
			default:
				// The user was deleted or disabled, or the user's sessions
				// were ended (a password change): the session ends.
				sessions.Remove(ctx, api.SessionUserKey)
				sessions.Remove(ctx, api.SessionEpochKey)
			}
		}
		if jixiao.UserFrom(ctx) == nil {
			// Nobody signed in: a sign-in form is all such a request may
			// send.
			r.Body = http.MaxBytesReader(w, r.Body, AnonymousBody)
		}
		next.ServeHTTP(w, r.WithContext(ctx))
	})
}

func writeError(w http.ResponseWriter, status int, code, msg string) {
	var body api.ErrorBody
	body.Error.Code, body.Error.Message = code, msg
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(body)
}

// crossOriginMessage is the answer to a change sent from another site.
const crossOriginMessage = "请求被拒绝：修改数据的请求只能从本系统的页面发出，不能来自其他网站。请回到本系统的页面重新操作。"

// crossOrigin refuses changes sent from other sites (CSRF) with a Chinese
// answer: a JSON error for the API, a short page for the browser.
func crossOrigin(next http.Handler) http.Handler {
	cop := http.NewCrossOriginProtection()
	cop.SetDenyHandler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasPrefix(r.URL.Path, api.Prefix+"/") {
			writeError(w, http.StatusForbidden, jixiao.EFORBIDDEN, crossOriginMessage)
			return
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.WriteHeader(http.StatusForbidden)
		fmt.Fprintf(w, "<!doctype html><html lang=\"zh-CN\"><meta charset=\"utf-8\"><title>请求被拒绝</title><p>%s</p><p><a href=\"/\">返回首页</a></p></html>\n", crossOriginMessage)
	}))
	return cop.Handler(next)
}

// securityHeaders forbids framing and MIME sniffing, and allows the page
// to load only its own resources, without inline scripts.
func securityHeaders(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("X-Frame-Options", "DENY")
		h.Set("Referrer-Policy", "same-origin")
		if h.Get("Content-Security-Policy") == "" {
			h.Set("Content-Security-Policy", "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; frame-ancestors 'none'; base-uri 'none'; form-action 'self'")
		}
		next.ServeHTTP(w, r)
	})
}

type statusWriter struct {
	http.ResponseWriter
	status int
	bytes  int
}

func (s *statusWriter) WriteHeader(code int) {
	s.status = code
	s.ResponseWriter.WriteHeader(code)
}

func (s *statusWriter) Write(b []byte) (int, error) {
	if s.status == 0 {
		s.status = http.StatusOK
	}
	n, err := s.ResponseWriter.Write(b)
	s.bytes += n
	return n, err
}

func (s *statusWriter) Unwrap() http.ResponseWriter { return s.ResponseWriter }

// logKey holds, in a request's context, the name of the user that
// authenticate found, for the request log written after the handler.
type logKey struct{}

func noteUser(ctx context.Context, u *jixiao.User) {
	if p, ok := ctx.Value(logKey{}).(*string); ok {
		*p = u.Username
	}
}

func logRequests(logger *slog.Logger, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		sw := &statusWriter{ResponseWriter: w}
		var user string
		next.ServeHTTP(sw, r.WithContext(context.WithValue(r.Context(), logKey{}, &user)))
		logger.Info("request", "method", r.Method, "path", r.URL.Path, "status", sw.status, "bytes", sw.bytes,
			"ms", time.Since(start).Milliseconds(), "user", user)
	})
}

// recoverPanics turns a panic into a 500 with a plain message, logged with
// its stack; users never see a stack trace.
func recoverPanics(logger *slog.Logger, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer func() {
			if v := recover(); v != nil {
				if v == http.ErrAbortHandler {
					panic(v)
				}
				logger.Error("panic", "method", r.Method, "path", r.URL.Path, "panic", fmt.Sprint(v), "stack", string(debug.Stack()))
				writeError(w, http.StatusInternalServerError, jixiao.EINTERNAL, "服务器内部错误，请稍后重试")
			}
		}()
		next.ServeHTTP(w, r)
	})
}

// Run serves h on addr until ctx ends, then shuts down gracefully, letting
// requests in flight finish (up to 20 s). ready, if set, is called with the
// listening address once the server accepts connections.
func Run(ctx context.Context, addr string, h http.Handler, logger *slog.Logger, ready func(addr string)) error {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return jixiao.Errorf(jixiao.EINVALID, "无法监听 %s：%v", addr, err)
	}
	srv := &http.Server{Handler: h, ReadHeaderTimeout: 10 * time.Second, IdleTimeout: 2 * time.Minute,
		// A request, its body included, is read within ReadTimeout (an
		// upload of 32 MiB over a slow line fits) and answered within
		// WriteTimeout; headers are at most 64 KiB.
		ReadTimeout: 10 * time.Minute, WriteTimeout: 10 * time.Minute, MaxHeaderBytes: 64 << 10,
		ErrorLog: slog.NewLogLogger(logger.Handler(), slog.LevelWarn)}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	if ready != nil {
		ready(ln.Addr().String())
	}
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	logger.Info("shutting down")
	sctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	if err := srv.Shutdown(sctx); err != nil {
		return err
	}
	if err := <-errc; err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}
