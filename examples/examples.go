// Package examples embeds the example cases, for the demo server and tests.
package examples

import "embed"

// FS holds every example case file (*.yaml) and the example declarations
// (declarations/*.yaml).
//
//go:embed *.yaml declarations/*.yaml
var FS embed.FS
