//go:build race

package audit_test

// raceDetector is whether the tests run under the race detector, which
// slows the corpus's measures several times over.
const raceDetector = true
