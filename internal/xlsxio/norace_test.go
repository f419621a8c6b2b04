//go:build !race

package xlsxio_test

const raceEnabled = false
