// Package app is jixiao's application layer: it implements the root
// package's EvaluationService and UserService on top of the store, the
// scoring engine, the checker and the report builders, and it is the one
// place where permissions are decided (see policy.go).
package app

import (
	"context"
	"log/slog"
	"net/http"
	"sync"
	"sync/atomic"
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
	// Accounts throttle failed sign-ins per user name, Addresses per client
	// address, DeviceThrottle per known device (see Login); their strikes
	// are in the database, counted across servers.
	Accounts, Addresses, DeviceThrottle *auth.Throttle
	// Devices signs the device tokens of browsers that signed in; nil: one
	// with the key kept in the database, which every server shares.
	Devices   *auth.Devices
	devicesMu sync.Mutex
	// Logger receives what users are not shown (audit writes that failed).
	Logger *slog.Logger
	// MaxFileSize bounds an uploaded evidence file (default 20 MiB).
	MaxFileSize int64
	// Printer, when set, converts every PDF in one bounded queue (a server
	// sets it); otherwise each PDF is converted at once.
	Printer *pdf.Printer
	// Jobs, when set, keeps the background jobs (a server sets it; see
	// JobHandlers for what they do).
	Jobs jixiao.JobQueue
	// ReadCase reads an uploaded case for an import job (the API's reader;
	// import jobs are refused without it).
	ReadCase func(data []byte, workbook bool) (*jixiao.Evaluation, error)
	// MaxZip bounds the ZIP file of a bulk download (default, and at most,
	// jixiao.MaxJobSpool: a job's result is kept in the database).
	MaxZip int64
	// MaxBulkPDF bounds the evaluations of a bulk download of PDFs
	// (default 500).
	MaxBulkPDF int
	// Rulebook loads a built-in rulebook by name (default
	// rulebook.LoadBuiltin: never a file of the server).
	Rulebook func(name string) (*jixiao.Rulebook, error)
	// HookURL, when set, receives every task reminder as a JSON POST
	// (reminders.go), through HookClient (default: one with HookTimeout).
	HookURL    string
	HookClient *http.Client
	// Mailer, when set, sends every task reminder by e-mail to the users
	// of its organisation who have an address (mail.go).
	Mailer Mailer
	// PublicURL is the site's address as users open it (CleanPublicURL):
	// reminder e-mails link to the page to act on; "" and they say in
	// words where to find it.
	PublicURL string
	// Calendar, when set, is the working-day calendar of monitoring (a
	// server's calendar file: disposition deadlines and their reminders
	// count its working days); nil: the built-in national holidays.
	Calendar *jixiao.Calendar
	// MonitorRules, when set, are the server's warning rules: a round that
	// names none takes them, and a round naming them is checked by them;
	// the built-in rules stay available by name.
	MonitorRules *jixiao.MonitorRules

	// Starter returns the library stored on first use when the server has
	// none (default library.Starter, the built-in common indicators).
	Starter func() (*jixiao.Library, error)

	librarySeeded atomic.Bool
	dummyOnce     sync.Once
	dummy         string
	summaries     summaryCache
	scorecards    scorecardCache
	refusals      refusals
	// ruleFiles caches the parsed uploaded rule files by kind and id (rulefile.go;
	// a stored version never changes).
	ruleFiles sync.Map
}

var (
	_ jixiao.EvaluationService = (*App)(nil)
	_ jixiao.UserService       = (*App)(nil)
	_ jixiao.JobService        = (*App)(nil)
	_ jixiao.TaskService       = (*App)(nil)
	_ jixiao.AccountService    = (*App)(nil)
)

// New returns the application on db.
func New(db *sqlstore.DB) *App {
	return &App{
		db:             db,
		Hash:           auth.DefaultParams,
		Accounts:       auth.NewThrottle(dbStrikes{db}, 5, 2*time.Second, 2*time.Minute),
		Addresses:      auth.NewThrottle(dbStrikes{db}, 20, time.Second, time.Minute),
		DeviceThrottle: auth.NewThrottle(dbStrikes{db}, 5, 2*time.Second, 2*time.Minute),
		Logger:         slog.Default(),
		MaxFileSize:    20 << 20,
		Rulebook:       rulebook.LoadBuiltin,
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
