package auth

import (
	"context"
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
// The throttle decides; its Store remembers. With the database as the
// store, every server on it counts the same failures.
type Throttle struct {
	Free   int
	Base   time.Duration
	Max    time.Duration
	Forget time.Duration
	Store  StrikeStore
	Now    func() time.Time
}

// Strikes are the failures remembered of one key.
type Strikes struct {
	N     int       // failures
	Last  time.Time // of the last failure
	Until time.Time // no attempt before
}

// StrikeStore remembers strikes by key until they expire.
type StrikeStore interface {
	// Strikes returns key's strikes not expired at now (zero when none).
	Strikes(ctx context.Context, key string, now time.Time) (Strikes, error)
	// Strike replaces key's strikes by what fn makes of them (given those
	// not expired at now) and keeps them until the time fn returns; calls
	// for one key are applied one after the other.
	Strike(ctx context.Context, key string, now time.Time, fn func(Strikes) (Strikes, time.Time)) error
	// ForgetStrikes forgets key's strikes.
	ForgetStrikes(ctx context.Context, key string) error
}

// NewThrottle returns a throttle on store with free failures, then delays
// from base doubling up to max, forgetting after an hour.
func NewThrottle(store StrikeStore, free int, base, max time.Duration) *Throttle {
	return &Throttle{Free: free, Base: base, Max: max, Forget: time.Hour, Store: store, Now: time.Now}
}

// Wait returns how long key must wait before its next attempt (0: now).
func (t *Throttle) Wait(ctx context.Context, key string) (time.Duration, error) {
	now := t.Now()
	s, err := t.Store.Strikes(ctx, key, now)
	if err != nil || !now.Before(s.Until) {
		return 0, err
	}
	return s.Until.Sub(now), nil
}

// Fail records a failure of key and returns the wait it now imposes, and
// whether this failure is the one that started the waits.
func (t *Throttle) Fail(ctx context.Context, key string) (wait time.Duration, started bool, err error) {
	now := t.Now()
	err = t.Store.Strike(ctx, key, now, func(s Strikes) (Strikes, time.Time) {
		s.N++
		s.Last = now
		wait, started = 0, false
		if s.N > t.Free {
			wait = t.Base << min(s.N-t.Free-1, 30)
			if wait > t.Max || wait <= 0 {
				wait = t.Max
			}
			s.Until = now.Add(wait)
			started = s.N == t.Free+1
		}
		expires := s.Last.Add(t.Forget)
		if s.Until.After(expires) {
			expires = s.Until
		}
		return s, expires
	})
	if err != nil {
		return 0, false, err
	}
	return wait, started, nil
}

// Reset forgets key's failures.
func (t *Throttle) Reset(ctx context.Context, key string) error {
	return t.Store.ForgetStrikes(ctx, key)
}

// MemoryStrikes keeps strikes in memory, for one process (a test, a
// command): at most MaxKeys keys; when that many are, the expired ones
// go first and then an arbitrary sixteenth.
type MemoryStrikes struct {
	MaxKeys int

	mu sync.Mutex
	m  map[string]memoryStrikes
}

type memoryStrikes struct {
	s       Strikes
	expires time.Time
}

// Strikes implements StrikeStore.
func (m *MemoryStrikes) Strikes(_ context.Context, key string, now time.Time) (Strikes, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	e, ok := m.m[key]
	if !ok || !now.Before(e.expires) {
		return Strikes{}, nil
	}
	return e.s, nil
}

// Strike implements StrikeStore.
func (m *MemoryStrikes) Strike(_ context.Context, key string, now time.Time, fn func(Strikes) (Strikes, time.Time)) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.m == nil {
		m.m = map[string]memoryStrikes{}
	}
	e, ok := m.m[key]
	if !ok && m.MaxKeys > 0 && len(m.m) >= m.MaxKeys {
		m.evict(now)
	}
	if ok && !now.Before(e.expires) {
		e = memoryStrikes{}
	}
	s, expires := fn(e.s)
	m.m[key] = memoryStrikes{s: s, expires: expires}
	return nil
}

// ForgetStrikes implements StrikeStore.
func (m *MemoryStrikes) ForgetStrikes(_ context.Context, key string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	delete(m.m, key)
	return nil
}

// Len is the number of keys remembered.
func (m *MemoryStrikes) Len() int {
	m.mu.Lock()
	defer m.mu.Unlock()
	return len(m.m)
}

func (m *MemoryStrikes) evict(now time.Time) {
	for k, e := range m.m {
		if !now.Before(e.expires) {
			delete(m.m, k)
		}
	}
	for k := range m.m {
		if len(m.m) < m.MaxKeys-m.MaxKeys/16 {
			break
		}
		delete(m.m, k)
	}
}

// Devices recognises the browsers a user has signed in from: after a
// successful sign-in the browser keeps a device token (a cookie), signed
// with a key that every server shares (kept in the database). A
// sign-in from a known device is throttled by that device alone, so that
// someone guessing a user's password elsewhere cannot keep the user out.
type Devices struct{ key []byte }

// DeviceKeySize is the size of a device signer's key.
const DeviceKeySize = 32

// NewDevices returns a device signer with a fresh random key.
func NewDevices() *Devices {
	k := make([]byte, DeviceKeySize)
	if _, err := rand.Read(k); err != nil {
		panic(err) // crypto/rand does not fail on supported systems
	}
	return &Devices{key: k}
}

// DevicesWithKey returns a device signer with key (the one the servers
// share).
func DevicesWithKey(key []byte) *Devices { return &Devices{key: key} }

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
