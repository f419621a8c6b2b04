package main

import (
	"log/slog"
	"net/http"

	"github.com/alexedwards/scs/v2"

	"jixiao"
	"jixiao/internal/app"
	"jixiao/internal/library"
	"jixiao/internal/rulebook"
	"jixiao/internal/web"
)

// pages returns the web application to mount on the server.
func pages(a *app.App, logger *slog.Logger) func(*scs.SessionManager) (http.Handler, error) {
	return func(sessions *scs.SessionManager) (http.Handler, error) {
		var rbs []*jixiao.Rulebook
		for _, name := range rulebook.Builtin() {
			rb, err := rulebook.Load(name)
			if err != nil {
				return nil, err
			}
			rbs = append(rbs, rb)
		}
		rubric, err := rulebook.LoadRubric(rulebook.DefaultRubric)
		if err != nil {
			return nil, err
		}
		lib, err := library.Starter()
		if err != nil {
			return nil, err
		}
		cfg := web.Config{Evaluations: a, Users: a, Jobs: a, Sessions: sessions, Logger: logger, Rulebooks: rbs,
			Declarations: a, Rubric: rubric, Library: lib, LibraryService: a, Tasks: a, Account: a, Rechecks: a}
		// The server's own monitoring rules and calendar, by title.
		if m := a.MonitorRules; m != nil {
			cfg.MonitorRules = titleOr(m.Title, m.Name)
		}
		if c := a.Calendar; c != nil {
			cfg.Calendar = titleOr(c.Title, c.Name)
		}
		return web.New(cfg)
	}
}

// titleOr is title, or name when it is empty.
func titleOr(title, name string) string {
	if title != "" {
		return title
	}
	return name
}
