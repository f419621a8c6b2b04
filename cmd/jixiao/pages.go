package main

import (
	"net/http"

	"github.com/alexedwards/scs/v2"

	"jixiao/internal/app"
)

// pages returns the web pages to mount on the server; nil until the web
// application exists, when the server answers / with a short notice.
func pages(_ *app.App) func(*scs.SessionManager) http.Handler { return nil }
