package server

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"
)

// TestAdmitHeavy: with one slot, a second large request waits for it and
// is answered 503 when it does not come free in time; small requests
// never wait; a freed slot is taken by the next.
func TestAdmitHeavy(t *testing.T) {
	release := make(chan struct{})
	entered := make(chan struct{}, 4)
	h := admitHeavy(1, 200*time.Millisecond, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/hold" {
			entered <- struct{}{}
			<-release
		}
		w.WriteHeader(204)
	}))
	big := func(path string) *http.Request {
		r := httptest.NewRequest("POST", path, strings.NewReader(strings.Repeat("x", heavyBody+1)))
		return r
	}
	var wg sync.WaitGroup
	wg.Add(1)
	go func() { defer wg.Done(); h.ServeHTTP(httptest.NewRecorder(), big("/hold")) }()
	<-entered
	w := httptest.NewRecorder()
	h.ServeHTTP(w, big("/api/v1/evaluations"))
	if w.Code != 503 || w.Header().Get("Retry-After") == "" || !strings.Contains(w.Body.String(), "请稍后重试") {
		t.Errorf("second large request: %d %q %s", w.Code, w.Header().Get("Retry-After"), w.Body)
	}
	small := httptest.NewRecorder()
	h.ServeHTTP(small, httptest.NewRequest("POST", "/x", strings.NewReader("{}")))
	if small.Code != 204 {
		t.Errorf("small request waited: %d", small.Code)
	}
	close(release)
	wg.Wait()
	w = httptest.NewRecorder()
	h.ServeHTTP(w, big("/x"))
	if w.Code != 204 {
		t.Errorf("after the slot is free: %d", w.Code)
	}
}
