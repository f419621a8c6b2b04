# Short and honest: each target is a line you can run by hand.

.PHONY: run test check bench fmt

run:            ## score the reference case
	go run ./cmd/jixiao eval examples/shijiazhuang-2024.yaml

test:           ## the whole test suite
	go test ./...

check:          ## what CI runs
	./.ci/run

bench:          ## scoring, checking and report benchmarks (100,000 generated projects × 10 indicators)
	go test ./internal/scoring ./internal/check ./internal/report/docx ./internal/xlsxio -run '^$$' -bench . -benchtime 3x -benchmem

fmt:
	gofmt -w .
