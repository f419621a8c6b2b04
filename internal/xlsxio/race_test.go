//go:build race

package xlsxio_test

// raceEnabled: the race detector makes code several times slower; the
// largest accepted files are read at a tenth of their size under it.
const raceEnabled = true
