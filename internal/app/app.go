// Package app is jixiao's application layer: it implements the root
// package's EvaluationService and UserService on top of the store, the
// scoring engine, the checker and the report builders, and it is the one
// place where permissions are decided (see policy.go).
package app

import (
	"context"
	"sync"
	"time"

	"jixiao"
	"jixiao/internal/auth"
	"jixiao/internal/report/pdf"
	"jixiao/internal/rulebook"
	"jixiao/internal/sqlstore"
)

// App implements jixiao.EvaluationService and jixiao.UserService.
type App struct {
	db *sqlstore.DB
	// Hash are the password-hash costs for new passwords.
	Hash auth.Params
	// Logins limit failed logins per user name; Addresses per client address.
	Logins, Addresses *auth.Limiter
	// MaxFileSize bounds an uploaded evidence file (default 20 MiB).
	MaxFileSize int64
	// Chromium is the browser that prints PDFs ("" finds one).
	Chromium string
	// Printer, when set, prints every PDF with one shared browser and a
	// bounded queue (a server sets it); otherwise each PDF starts a
	// browser of its own.
	Printer *pdf.Printer
	// Rulebook loads a rulebook by name (default rulebook.Load).
	Rulebook func(name string) (*jixiao.Rulebook, error)

	dummyOnce sync.Once
	dummy     string
	summaries summaryCache
}

var (
	_ jixiao.EvaluationService = (*App)(nil)
	_ jixiao.UserService       = (*App)(nil)
)

// New returns the application on db.
func New(db *sqlstore.DB) *App {
	return &App{
		db:          db,
		Hash:        auth.DefaultParams,
		Logins:      auth.NewLimiter(5, 15*time.Minute),
		Addresses:   auth.NewLimiter(50, 15*time.Minute),
		MaxFileSize: 20 << 20,
		Rulebook:    rulebook.Load,
	}
}

// Store returns the store, for maintenance commands (backup, demo data).
func (a *App) Store() *sqlstore.DB { return a.db }

// actor returns the user ctx acts for.
func actor(ctx context.Context) (*jixiao.User, error) {
	u := jixiao.UserFrom(ctx)
	if u == nil || u.Disabled {
		return nil, jixiao.Errorf(jixiao.EUNAUTHORIZED, "请先登录")
	}
	return u, nil
}
