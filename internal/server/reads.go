package server

import (
	"net/http"
	"sync"

	"github.com/alexedwards/scs/v2"

	"jixiao"
	"jixiao/internal/api"
)

// readOnlyRoutes are the requests that only read and may be served by a
// read replica (sqlstore.AttachReplica): scorecards, findings, the case
// and its summaries, the bureau overview, reports and exports.
var readOnlyRoutes = []string{
	"GET " + api.Prefix + "/summaries",
	"GET " + api.Prefix + "/evaluations",
	"GET " + api.Prefix + "/evaluations/{id}",
	"GET " + api.Prefix + "/evaluations/{id}/case",
	"GET " + api.Prefix + "/evaluations/{id}/budget",
	"GET " + api.Prefix + "/evaluations/{id}/scorecard",
	"GET " + api.Prefix + "/evaluations/{id}/findings",
	"GET " + api.Prefix + "/evaluations/{id}/years",
	"GET " + api.Prefix + "/evaluations/{id}/report",
	"GET " + api.Prefix + "/evaluations/{id}/check-report",
	"GET /bureau",
	"GET /evaluations/{id}",
	"GET /evaluations/{id}/findings",
	"GET /evaluations/{id}/years",
}

// readAfterKey is the session's record of the position in the primary
// database's log that the user's reads must have reached: the position
// after the user's last write.
const readAfterKey = "read_after"

// routeReads marks, in each signed-in request's context, whether the
// request only reads (jixiao.Reads) and since which write of this user its
// reads must be served: the position kept in the session (any server of
// the deployment reads it), or, for a client with an API token and no
// session, in this process. A store without a replica ignores both.
func routeReads(sessions *scs.SessionManager, next http.Handler) http.Handler {
	reads := http.NewServeMux()
	for _, p := range readOnlyRoutes {
		reads.Handle(p, http.NotFoundHandler())
	}
	var mu sync.Mutex
	byUser := map[int64]string{} // clients without a session, by user
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx := r.Context()
		u := jixiao.UserFrom(ctx)
		if u == nil {
			next.ServeHTTP(w, r)
			return
		}
		_, pattern := reads.Handler(r)
		inSession := r.Header.Get("Authorization") == "" && sessions.GetInt64(ctx, api.SessionUserKey) == u.ID
		var after string
		if inSession {
			after = sessions.GetString(ctx, readAfterKey)
		} else {
			mu.Lock()
			after = byUser[u.ID]
			mu.Unlock()
		}
		rd := jixiao.NewReads(pattern != "", after)
		rd.OnWrite = func(pos string) {
			if inSession {
				sessions.Put(ctx, readAfterKey, pos)
				return
			}
			mu.Lock()
			byUser[u.ID] = pos
			mu.Unlock()
		}
		next.ServeHTTP(w, r.WithContext(jixiao.WithReads(ctx, rd)))
	})
}
