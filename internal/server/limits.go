package server

import (
	"context"
	"net/http"
	"net/netip"
	"strings"
	"time"

	"jixiao"
	"jixiao/internal/api"
)

// clientAddress sets a request's RemoteAddr to its client's address when
// it comes through one of the trusted reverse proxies: the last address in
// X-Forwarded-For that is not itself a trusted proxy. Requests from
// anywhere else keep their connection's address, whatever they claim, so
// that nobody can choose the address the sign-in throttle counts.
func clientAddress(trusted []netip.Prefix, next http.Handler) http.Handler {
	if len(trusted) == 0 {
		return next
	}
	isTrusted := func(a netip.Addr) bool {
		for _, p := range trusted {
			if p.Contains(a.Unmap()) {
				return true
			}
		}
		return false
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		peer, err := netip.ParseAddrPort(r.RemoteAddr)
		if err == nil && isTrusted(peer.Addr()) {
			hops := strings.Split(strings.Join(r.Header.Values("X-Forwarded-For"), ","), ",")
			for i := len(hops) - 1; i >= 0 && i >= len(hops)-32; i-- {
				a, err := netip.ParseAddr(strings.TrimSpace(hops[i]))
				if err != nil {
					break // a malformed hop: trust nothing further left
				}
				if !isTrusted(a) {
					r.RemoteAddr = netip.AddrPortFrom(a.Unmap(), 0).String()
					break
				}
			}
		}
		next.ServeHTTP(w, r)
	})
}

// ParseProxies reads trusted proxies given as addresses or CIDR ranges
// ("10.0.0.0/8", "127.0.0.1").
func ParseProxies(list []string) ([]netip.Prefix, error) {
	var out []netip.Prefix
	for _, s := range list {
		s = strings.TrimSpace(s)
		if s == "" {
			continue
		}
		if p, err := netip.ParsePrefix(s); err == nil {
			out = append(out, p.Masked())
			continue
		}
		a, err := netip.ParseAddr(s)
		if err != nil {
			return nil, jixiao.Errorf(jixiao.EINVALID, "可信代理“%s”应为 IP 地址或网段（如 10.0.0.5 或 10.0.0.0/8）", s)
		}
		out = append(out, netip.PrefixFrom(a.Unmap(), a.Unmap().BitLen()))
	}
	return out, nil
}

// Heavy requests: a request whose body may be large (a case, a workbook,
// a file) is parsed with memory proportional to its size. At most Slots
// of them are served at once; others wait up to Wait for a slot, then are
// answered 503 with Retry-After. Requests with small bodies never wait.
const (
	heavyBody = 256 << 10
	heavyWait = 30 * time.Second
)

func admitHeavy(slots int, wait time.Duration, next http.Handler) http.Handler {
	sem := make(chan struct{}, max(slots, 1))
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Body == nil || r.Body == http.NoBody || (r.ContentLength >= 0 && r.ContentLength <= heavyBody) {
			next.ServeHTTP(w, r)
			return
		}
		ctx, cancel := context.WithTimeout(r.Context(), wait)
		defer cancel()
		select {
		case sem <- struct{}{}:
		case <-ctx.Done():
			w.Header().Set("Retry-After", "10")
			if strings.HasPrefix(r.URL.Path, api.Prefix+"/") {
				writeError(w, http.StatusServiceUnavailable, jixiao.ETOOMANY, "服务器正在处理其他大文件，请稍后重试")
				return
			}
			http.Error(w, "服务器正在处理其他大文件，请稍后重试。", http.StatusServiceUnavailable)
			return
		}
		defer func() { <-sem }()
		next.ServeHTTP(w, r)
	})
}
