# Short and honest: each target is a line you can run by hand.

.PHONY: run test check bench bench-peer bench-province fmt screenshots pictures report-pictures audit-eval release release-linux release-test

# Releases are built with the newest Go toolchain the environment approves
# (the go command fetches it from the module proxy on first use); override
# with `make release RELEASE_GO=local` to use the installed Go.
RELEASE_GO      ?= go1.27.3
VERSION         ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo dev)
RELEASE_TARGETS := linux/amd64 linux/arm64 linux/loong64 windows/amd64 darwin/arm64

run:            ## start the server on a temporary database with the reference case and demo users
	go run ./cmd/jixiao serve --demo

test:           ## the whole test suite
	go test ./...

check:          ## what CI runs
	./.ci/run

bench:          ## scoring, checking and report benchmarks (100,000 generated projects × 10 indicators); API latency (1,000 departments)
	go test ./internal/scoring ./internal/check ./internal/report/docx ./internal/xlsxio ./internal/yamlcodec -run '^$$' -bench . -benchtime 3x -benchmem
	go test ./cmd/jixiao -run '^$$' -bench NDJSON -benchtime 3x -benchmem
	go test ./internal/server -run '^$$' -bench API -benchtime 3000x
	go test ./internal/web -run '^$$' -bench BureauPage -benchtime 20x

PEER_SIZES ?= 10000 100000 1000000
bench-peer:     ## jixiao check/eval against the Python decimal peer (bench/peer.py) on the same generated NDJSON, interleaved: time, peak RSS, ratio, same totals (PEER_SIZES=…, PEER_RUNS=2)
	bench/peer.sh $(PEER_SIZES)

# The province of issue 16: units,projects,indicator rows a year,years; and
# the requests of each latency measurement.
PROVINCE          ?= 1500,18000,300000,3
PROVINCE_REQUESTS ?= 1000

bench-province: ## a generated province (1,500 units, 18,000 projects, 300,000 indicator rows a year, 3 years) on SQLite and on PostgreSQL (when JIXIAO_TEST_POSTGRES_DSN is set: eval "$$(.ci/postgres)"): load, 逐级汇总 first view, after a restart and later, scorecard and save at 8/32/64 clients, re-scoring everything, memory
	JIXIAO_BENCH_PROVINCE=$(PROVINCE) JIXIAO_BENCH_REQUESTS=$(PROVINCE_REQUESTS) go test ./internal/web -run '^$$' -bench Province -benchtime 1x -timeout 90m

audit-eval:     ## jixiao audit measured on restated real reports (internal/audit/testdata/real and the thirty-three held-out sets): precision, recall, mutation recall, per check
	go test ./internal/audit -run 'TestRealReports|TestHeldOut' -v -count=1

screenshots:    ## refresh the web pages' pictures in docs/img (needs chromium)
	JIXIAO_SCREENSHOTS=$(CURDIR)/docs/img go test ./internal/web -run TestReviewScenario -count=1

pictures:       ## redraw docs/img/excel: one real table of each layout jixiao reads (needs chromium)
	JIXIAO_PICTURES=$(CURDIR)/docs/img/excel go test ./cmd/jixiao -run TestLayoutPictures -count=1

report-pictures: ## redraw docs/img/reports: the first pages of every example's report, its DOCX as LibreOffice shows it and its PDF (needs LibreOffice, poppler)
	JIXIAO_REPORT_PICTURES=$(CURDIR)/docs/img/reports go test ./internal/report/pdf -run TestReportPictures -count=1 -v

fmt:
	gofmt -w .

release:        ## static binaries for linux/amd64, linux/arm64 (鲲鹏/飞腾), linux/loong64 (龙芯), windows/amd64, darwin/arm64 in dist/, with SHA256SUMS
	$(MAKE) build-dist TARGETS="$(RELEASE_TARGETS)"

release-linux:  ## only the three Linux binaries (what release-test needs)
	$(MAKE) build-dist TARGETS="linux/amd64 linux/arm64 linux/loong64"

release-test: release-linux  ## run the arm64 and loong64 binaries under qemu-user-static on the examples; their output must equal amd64's byte for byte
	.ci/crossarch dist

.PHONY: build-dist
build-dist:
	rm -rf dist && mkdir -p dist
	set -e; for t in $(TARGETS); do \
	  os=$${t%/*}; arch=$${t#*/}; ext=; [ $$os = windows ] && ext=.exe; \
	  echo "build $$os/$$arch"; \
	  GOTOOLCHAIN=$(RELEASE_GO) CGO_ENABLED=0 GOOS=$$os GOARCH=$$arch go build -trimpath \
	    -ldflags "-s -w -X main.version=$(VERSION)" -o dist/jixiao-$$os-$$arch$$ext ./cmd/jixiao; \
	done
	cd dist && sha256sum jixiao-* > SHA256SUMS && cat SHA256SUMS
