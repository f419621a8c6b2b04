package jixiao

import (
	"context"
	"sync"
)

// Reads carries, through one request, what a store with a read replica
// needs to route the request's reads: whether they may be served by the
// replica, and the position in the primary database's log that this
// user's reads must have reached (read-your-writes). The position is the
// store's opaque text; a write moves it on.
type Reads struct {
	// Replica is set for a request that only reads (a scorecard, the
	// bureau overview, a report, an export): the store may serve it from
	// the replica once the replica has replayed After.
	Replica bool
	// OnWrite, when set, is told the new position after each write, so
	// that the caller can keep it for the user's next requests.
	OnWrite func(after string)

	mu      sync.Mutex
	after   string
	primary bool
}

// NewReads returns the reads of a request whose user's reads must have
// reached after ("" for any position).
func NewReads(replica bool, after string) *Reads {
	return &Reads{Replica: replica, after: after}
}

// After is the position the reads must have reached.
func (r *Reads) After() string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.after
}

// Wrote records the position after a write (the store keeps it later than
// the one before).
func (r *Reads) Wrote(after string) {
	r.mu.Lock()
	r.after = after
	fn := r.OnWrite
	r.mu.Unlock()
	if fn != nil {
		fn(after)
	}
}

// UsePrimary records that the store found the replica unfit for these
// reads (behind the user's last write, lagging or down): the request's
// other reads go to the primary too, so that one request sees one
// database.
func (r *Reads) UsePrimary() {
	r.mu.Lock()
	r.primary = true
	r.mu.Unlock()
}

// Primary reports whether UsePrimary was called.
func (r *Reads) Primary() bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.primary
}

const readsKey ctxKey = 1

// WithReads returns ctx carrying r.
func WithReads(ctx context.Context, r *Reads) context.Context {
	return context.WithValue(ctx, readsKey, r)
}

// ReadsFrom returns the reads ctx carries, or nil.
func ReadsFrom(ctx context.Context) *Reads {
	r, _ := ctx.Value(readsKey).(*Reads)
	return r
}
