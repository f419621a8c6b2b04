package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"jixiao"
)

// A read replica: a PostgreSQL hot standby streaming the primary's
// write-ahead log. Reads of a request marked jixiao.Reads.Replica go to it
// when
//
//   - it answers (a background check every Interval; a failed query marks
//     it down until the next check succeeds),
//   - it is not lagging: it has replayed what the primary had written
//     MaxLag ago, and
//   - it has replayed the position of the user's last write
//     (read-your-writes: after each write the store notes the primary's
//     pg_current_wal_lsn() in the request's jixiao.Reads, which the server
//     keeps in the user's session).
//
// Otherwise they go to the primary; a change of the replica's state is
// logged. Writes, and every read of a request not so marked, always go to
// the primary.

// ReplicaOptions configure AttachReplica.
type ReplicaOptions struct {
	// MaxLag is the most the replica may fall behind the primary and
	// still serve reads (default 30 s).
	MaxLag time.Duration
	// Interval is the time between checks of the replica (default 1 s).
	Interval time.Duration
	// Logger receives the replica's changes of state (default slog.Default).
	Logger *slog.Logger
}

type replica struct {
	db       *sql.DB
	primary  *sql.DB
	maxLag   time.Duration
	interval time.Duration
	logger   *slog.Logger
	stop     context.CancelFunc
	done     chan struct{}

	mu       sync.Mutex
	up       bool
	lagging  bool
	replayed uint64
	samples  []lsnSample // the primary's positions over the last MaxLag
	reported string      // the state last logged
}

type lsnSample struct {
	at  time.Time
	lsn uint64
}

// AttachReplica makes dsn, a hot standby of the store's PostgreSQL
// database, serve the reads of requests marked for it. A SQLite store has
// no replica; a dsn that is a primary (not in recovery) is refused; a
// replica that does not answer now is used once it does.
func (s *DB) AttachReplica(ctx context.Context, dsn string, o ReplicaOptions) error {
	if s.dialect != Postgres {
		return jixiao.Errorf(jixiao.EINVALID, "只读副本只能配合 PostgreSQL 主库使用：SQLite 数据库是单个文件，没有只读副本。请去掉只读副本的设置，或改用 PostgreSQL")
	}
	if !IsPostgres(dsn) {
		return jixiao.Errorf(jixiao.EINVALID, "只读副本的地址应为 postgres://…（PostgreSQL 备库）")
	}
	if s.replica != nil {
		return errors.New("sqlstore: replica already attached")
	}
	db, err := sql.Open("pgx", dsn)
	if err != nil {
		return jixiao.Errorf(jixiao.EINVALID, "只读副本的地址无法识别，请检查：%s", redactDSN(dsn))
	}
	db.SetMaxOpenConns(20)
	db.SetMaxIdleConns(10)
	db.SetConnMaxIdleTime(5 * time.Minute)
	var standby bool
	if err := db.QueryRowContext(ctx, "SELECT pg_is_in_recovery()").Scan(&standby); err == nil && !standby {
		db.Close()
		return jixiao.Errorf(jixiao.EINVALID, "只读副本的地址指向的是一个可写的主库，不是备库（只读副本）。请填写以 pg_basebackup 建立的备库的地址")
	}
	r := &replica{db: db, primary: s.db, maxLag: o.MaxLag, interval: o.Interval, logger: o.Logger, done: make(chan struct{})}
	if r.maxLag <= 0 {
		r.maxLag = 30 * time.Second
	}
	if r.interval <= 0 {
		r.interval = time.Second
	}
	if r.logger == nil {
		r.logger = slog.Default()
	}
	r.check(ctx)
	bg, stop := context.WithCancel(context.Background())
	r.stop = stop
	go r.watch(bg)
	s.replica = r
	return nil
}

// redactDSN drops the password from a DSN for a message.
func redactDSN(dsn string) string {
	if at := strings.LastIndex(dsn, "@"); at > 0 {
		if i := strings.Index(dsn, "://"); i >= 0 && i+3 < at {
			user, _, _ := strings.Cut(dsn[i+3:at], ":")
			return dsn[:i+3] + user + "@" + dsn[at+1:]
		}
	}
	return dsn
}

func (r *replica) close() {
	r.stop()
	<-r.done
	r.db.Close()
}

func (r *replica) watch(ctx context.Context) {
	defer close(r.done)
	t := time.NewTicker(r.interval)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			r.check(ctx)
		}
	}
}

// check reads the primary's and the replica's positions and updates the
// replica's state.
func (r *replica) check(ctx context.Context) {
	ctx, cancel := context.WithTimeout(ctx, max(r.interval, time.Second))
	defer cancel()
	now := time.Now()
	var p string
	perr := r.primary.QueryRowContext(ctx, "SELECT pg_current_wal_lsn()::text").Scan(&p)
	replayed, rerr := r.replayLSN(ctx)
	r.mu.Lock()
	defer r.mu.Unlock()
	if rerr != nil {
		r.up = false
		r.report("down", rerr)
		return
	}
	r.up, r.replayed = true, replayed
	if perr == nil {
		if lsn, err := parseLSN(p); err == nil {
			r.samples = append(r.samples, lsnSample{now, lsn})
		}
	}
	// The primary's position MaxLag ago: the newest sample at least that
	// old (older ones are no longer needed).
	cut := now.Add(-r.maxLag)
	i := 0
	for i+1 < len(r.samples) && !r.samples[i+1].at.After(cut) {
		i++
	}
	r.samples = r.samples[i:]
	r.lagging = len(r.samples) > 0 && !r.samples[0].at.After(cut) && r.replayed < r.samples[0].lsn
	if r.lagging {
		r.report("lagging", nil)
	} else {
		r.report("serving", nil)
	}
}

// report logs a change of the replica's state; r.mu is held.
func (r *replica) report(state string, err error) {
	if state == r.reported {
		return
	}
	first := r.reported == ""
	r.reported = state
	switch {
	case state == "down":
		r.logger.Warn("read replica unavailable; reads go to the primary", "err", err)
	case state == "lagging":
		r.logger.Warn("read replica lagging beyond the bound; reads go to the primary", "max_lag", r.maxLag)
	case !first:
		r.logger.Info("read replica serving reads again")
	}
}

// replayLSN is the position the replica has replayed.
func (r *replica) replayLSN(ctx context.Context) (uint64, error) {
	var lsn sql.NullString
	if err := r.db.QueryRowContext(ctx, "SELECT pg_last_wal_replay_lsn()::text").Scan(&lsn); err != nil {
		return 0, err
	}
	if !lsn.Valid {
		return 0, errors.New("not a standby (pg_last_wal_replay_lsn is null)")
	}
	return parseLSN(lsn.String)
}

// serves reports whether the replica may serve a read that must see the
// primary's position after.
func (r *replica) serves(ctx context.Context, after uint64) bool {
	r.mu.Lock()
	up, lagging, replayed := r.up, r.lagging, r.replayed
	r.mu.Unlock()
	if !up || lagging {
		return false
	}
	if after <= replayed {
		return true
	}
	lsn, err := r.replayLSN(ctx)
	r.mu.Lock()
	defer r.mu.Unlock()
	if err != nil {
		if ctx.Err() == nil {
			r.up = false
			r.report("down", err)
		}
		return false
	}
	r.replayed = lsn
	return after <= r.replayed
}

// parseLSN reads PostgreSQL's text form of a log position, "16/B374D848".
func parseLSN(s string) (uint64, error) {
	hi, lo, ok := strings.Cut(s, "/")
	h, err1 := strconv.ParseUint(hi, 16, 32)
	l, err2 := strconv.ParseUint(lo, 16, 32)
	if !ok || err1 != nil || err2 != nil {
		return 0, fmt.Errorf("log position %q", s)
	}
	return h<<32 | l, nil
}

func formatLSN(v uint64) string { return fmt.Sprintf("%X/%X", v>>32, v&0xFFFFFFFF) }

// read returns where the reads of ctx go: the replica when the request is
// marked for it and the replica may serve it, else the primary.
func (s *DB) read(ctx context.Context) querier {
	var q querier = s.db
	if r := s.replica; r != nil {
		if rd := jixiao.ReadsFrom(ctx); rd != nil && rd.Replica && !rd.Primary() {
			after, _ := parseLSN(rd.After()) // none (""): 0
			if r.serves(ctx, after) {
				q = r.db
			} else {
				rd.UsePrimary()
			}
		}
	}
	if n := s.reads.Load(); n != nil {
		return counting{q, n}
	}
	return q
}

// wrote notes, after a write of ctx's request was committed, the
// primary's position in the request's reads, so that the user's next reads
// wait for the replica to replay it. Nothing without a replica.
func (s *DB) wrote(ctx context.Context) {
	rd := jixiao.ReadsFrom(ctx)
	if s.replica == nil || rd == nil {
		return
	}
	var p string
	if err := s.db.QueryRowContext(ctx, "SELECT pg_current_wal_lsn()::text").Scan(&p); err != nil {
		return // the primary failed just after the commit: nothing to route
	}
	lsn, err := parseLSN(p)
	if err != nil {
		return
	}
	if old, err := parseLSN(rd.After()); err == nil && old > lsn {
		return
	}
	rd.Wrote(formatLSN(lsn))
}

// OnReplica reports whether the reads of ctx would go to the replica now.
func (s *DB) OnReplica(ctx context.Context) bool {
	r := s.replica
	if r == nil {
		return false
	}
	rd := jixiao.ReadsFrom(ctx)
	if rd == nil || !rd.Replica || rd.Primary() {
		return false
	}
	after, _ := parseLSN(rd.After())
	return r.serves(ctx, after)
}

// counting counts the statements sent through a querier (CountReads).
type counting struct {
	q querier
	n *atomic.Int64
}

func (c counting) QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	c.n.Add(1)
	return c.q.QueryContext(ctx, query, args...)
}

func (c counting) QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row {
	c.n.Add(1)
	return c.q.QueryRowContext(ctx, query, args...)
}

func (c counting) ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error) {
	c.n.Add(1)
	return c.q.ExecContext(ctx, query, args...)
}

// CountReads makes the store count the statements its reads send to the
// database (a round trip each) in n, from now on; nil stops counting. For
// tests and benchmarks.
func (s *DB) CountReads(n *atomic.Int64) { s.reads.Store(n) }
