package main

import (
	"log/slog"
	"net/http"

	"github.com/alexedwards/scs/v2"

	"jixiao"
	"jixiao/internal/app"
	"jixiao/internal/rulebook"
	"jixiao/internal/web"
)

// pages returns the web application to mount on the server, and a func
// that stops its download jobs and removes their files.
func pages(a *app.App, logger *slog.Logger, spoolDir string) (func(*scs.SessionManager) (http.Handler, error), func()) {
	var w *web.Web
	mount := func(sessions *scs.SessionManager) (http.Handler, error) {
		var rbs []*jixiao.Rulebook
		for _, name := range rulebook.Builtin() {
			rb, err := rulebook.Load(name)
			if err != nil {
				return nil, err
			}
			rbs = append(rbs, rb)
		}
		var err error
		w, err = web.New(web.Config{Evaluations: a, Users: a, Jobs: a, Sessions: sessions, Logger: logger, Rulebooks: rbs, SpoolDir: spoolDir})
		return w, err
	}
	stop := func() {
		if w != nil {
			w.Close()
		}
	}
	return mount, stop
}
