package main

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"jixiao/internal/synth"
	"jixiao/internal/testutil"
)

// TestPythonPeerAgrees is the smoke run of the peer benchmark
// (bench/peer.sh, make bench-peer): 1,000 generated indicators scored and
// checked by jixiao eval and check and by the Python decimal peer
// (bench/peer.py) must give the same exact totals, grades and findings,
// case by case (bench/compare.py).
func TestPythonPeerAgrees(t *testing.T) {
	python := testutil.Tool(t, "python3")
	dir := t.TempDir()
	in := filepath.Join(dir, "cases.ndjson")
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	g := synth.New(2024, 10)
	for i := range 100 {
		if err := enc.Encode(g.ProjectEvaluation(i, 2024)); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.WriteFile(in, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	outputs := map[string]string{}
	for _, cmd := range []string{"eval", "check"} {
		out, errs, status := runCLI(t, cmd, in)
		if status != 0 && status != exitFindings {
			t.Fatalf("%s: status %d: %s", cmd, status, errs)
		}
		outputs[cmd] = filepath.Join(dir, cmd+".ndjson")
		if err := os.WriteFile(outputs[cmd], []byte(out), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	peer, err := exec.Command(python, "../../bench/peer.py", in).Output()
	if err != nil {
		t.Fatalf("peer.py: %v", err)
	}
	peerOut := filepath.Join(dir, "peer.ndjson")
	if err := os.WriteFile(peerOut, peer, 0o644); err != nil {
		t.Fatal(err)
	}
	res, err := exec.Command(python, "../../bench/compare.py", outputs["eval"], outputs["check"], peerOut).CombinedOutput()
	if err != nil || !strings.Contains(string(res), "一致：100 个案例、1000 个指标") {
		t.Fatalf("compare.py: %v\n%s", err, res)
	}
}
