// Command gen writes generated project cases (internal/synth) as NDJSON,
// one JSON case per line, for the peer benchmark: go run ./bench/gen -n
// 100000 > cases.ndjson writes 100,000 indicators (10 per project).
package main

import (
	"bufio"
	"encoding/json"
	"flag"
	"fmt"
	"os"

	"jixiao/internal/synth"
)

func main() {
	n := flag.Int("n", 10000, "number of indicators (rounded up to whole projects)")
	per := flag.Int("per", 10, "indicators per project")
	seed := flag.Uint64("seed", 2024, "generator seed")
	flag.Parse()
	g := synth.New(*seed, *per)
	w := bufio.NewWriterSize(os.Stdout, 1<<20)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	projects := (*n + *per - 1) / *per
	for i := range projects {
		if err := enc.Encode(g.ProjectEvaluation(i, 2024)); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
	}
	if err := w.Flush(); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}
