package auth

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/binary"
	"sync"
	"time"
)

// Throttle slows down repeated failures of one key (a user name, a client
// address, a known device) with growing delays instead of locking it out:
// the first Free failures cost nothing; after that, each failure makes the
// key wait Base, then twice as long, up to Max, before its next attempt.
// An attempt made while a key must wait is refused without being tried,
// and does not lengthen the wait. A key's failures are forgotten after
// Forget without any, and at a success (Reset).
//
// Memory is bounded: at most MaxKeys keys are remembered; when that many
// are, the forgotten ones go first and then an arbitrary sixteenth.
type Throttle struct {
	Free    int
	Base    time.Duration
	Max     time.Duration
	Forget  time.Duration
	MaxKeys int
	Now     func() time.Time

	mu sync.Mutex
	m  map[string]*strikes
}

type strikes struct {
	n     int       // failures
	last  time.Time // of the last failure
	until time.Time // no attempt before
}

// NewThrottle returns a throttle with free failures, then delays from base
// doubling up to max, forgetting after an hour, remembering 100,000 keys.
func NewThrottle(free int, base, max time.Duration) *Throttle {
	return &Throttle{Free: free, Base: base, Max: max, Forget: time.Hour, MaxKeys: 100_000, Now: time.Now, m: map[string]*strikes{}}
}

// Wait returns how long key must wait before its next attempt (0: now).
func (t *Throttle) Wait(key string) time.Duration {
	t.mu.Lock()
	defer t.mu.Unlock()
	s, ok := t.m[key]
	if !ok {
		return 0
	}
	now := t.Now()
	if now.Sub(s.last) >= t.Forget && !now.Before(s.until) {
		delete(t.m, key)
		return 0
	}
	if now.Before(s.until) {
		return s.until.Sub(now)
	}
	return 0
}

// Fail records a failure of key and returns the wait it now imposes, and
// whether this failure is the one that started the waits.
func (t *Throttle) Fail(key string) (wait time.Duration, started bool) {
	t.mu.Lock()
	defer t.mu.Unlock()
	now := t.Now()
	s, ok := t.m[key]
	if ok && now.Sub(s.last) >= t.Forget && !now.Before(s.until) {
		ok = false
	}
	if !ok {
		if len(t.m) >= t.MaxKeys {
			t.evict(now)
		}
		s = &strikes{}
		t.m[key] = s
	}
	s.n++
	s.last = now
	if s.n <= t.Free {
		return 0, false
	}
	wait = t.Base << min(s.n-t.Free-1, 30)
	if wait > t.Max || wait <= 0 {
		wait = t.Max
	}
	s.until = now.Add(wait)
	return wait, s.n == t.Free+1
}

// Reset forgets key's failures.
func (t *Throttle) Reset(key string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	delete(t.m, key)
}

// Len is the number of keys remembered.
func (t *Throttle) Len() int {
	t.mu.Lock()
	defer t.mu.Unlock()
	return len(t.m)
}

func (t *Throttle) evict(now time.Time) {
	for k, s := range t.m {
		if now.Sub(s.last) >= t.Forget && !now.Before(s.until) {
			delete(t.m, k)
		}
	}
	for k := range t.m {
		if len(t.m) < t.MaxKeys-t.MaxKeys/16 {
			break
		}
		delete(t.m, k)
	}
}

// Devices recognises the browsers a user has signed in from: after a
// successful sign-in the browser keeps a device token (a cookie), signed
// with a key that lives as long as the process (as the throttles do). A
// sign-in from a known device is throttled by that device alone, so that
// someone guessing a user's password elsewhere cannot keep the user out.
type Devices struct{ key []byte }

// NewDevices returns a device signer with a fresh random key.
func NewDevices() *Devices {
	k := make([]byte, 32)
	if _, err := rand.Read(k); err != nil {
		panic(err) // crypto/rand does not fail on supported systems
	}
	return &Devices{key: k}
}

// Issue returns a new device token for user id.
func (d *Devices) Issue(userID int64) string {
	b := make([]byte, 8+16, 8+16+16)
	binary.BigEndian.PutUint64(b, uint64(userID))
	if _, err := rand.Read(b[8:]); err != nil {
		panic(err)
	}
	return base64.RawURLEncoding.EncodeToString(append(b, d.mac(b)...))
}

// User returns the user a device token was issued to, if it is genuine.
func (d *Devices) User(token string) (int64, bool) {
	if len(token) > 64 {
		return 0, false
	}
	b, err := base64.RawURLEncoding.DecodeString(token)
	if err != nil || len(b) != 40 {
		return 0, false
	}
	if !hmac.Equal(b[24:], d.mac(b[:24])) {
		return 0, false
	}
	return int64(binary.BigEndian.Uint64(b)), true
}

func (d *Devices) mac(b []byte) []byte {
	h := hmac.New(sha256.New, d.key)
	h.Write(b)
	return h.Sum(nil)[:16]
}
