// Package examples embeds the example cases, for the demo server and tests.
package examples

import "embed"

// FS holds every example case file (*.yaml).
//
//go:embed *.yaml
var FS embed.FS
