package testutil

import (
	"bytes"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// Proc is a running process, as /proc shows it.
type Proc struct {
	PID int
	// Browser is true for a Chromium browser process: the root of a
	// process tree (its parent is not in the list: not a subshell of a
	// launcher script) that is not a helper (--type=renderer, zygote, … ,
	// which are roots for a moment when their browser exits).
	Browser bool
	PPID    int
	helper  bool
	// RSS is the resident set size in bytes; PSS the proportional set
	// size (shared pages divided among the processes that share them).
	RSS, PSS int64
}

// Procs lists the processes whose command line contains s (Linux /proc).
func Procs(s string) []Proc {
	ents, _ := os.ReadDir("/proc")
	var out []Proc
	for _, e := range ents {
		pid, err := strconv.Atoi(e.Name())
		if err != nil {
			continue
		}
		cmd, err := os.ReadFile(filepath.Join("/proc", e.Name(), "cmdline"))
		if err != nil || !bytes.Contains(cmd, []byte(s)) {
			continue
		}
		p := Proc{PID: pid, helper: bytes.Contains(cmd, []byte("--type="))}
		status := filepath.Join("/proc", e.Name(), "status")
		p.PPID = int(field(status, "PPid:"))
		p.RSS = field(status, "VmRSS:") << 10
		p.PSS = field(filepath.Join("/proc", e.Name(), "smaps_rollup"), "Pss:") << 10
		out = append(out, p)
	}
	in := map[int]bool{}
	for _, p := range out {
		in[p.PID] = true
	}
	for i := range out {
		out[i].Browser = !in[out[i].PPID] && !out[i].helper
	}
	return out
}

// field reads the number of a field of a /proc file ("VmRSS:  1234 kB").
func field(file, name string) int64 {
	data, _ := os.ReadFile(file)
	for line := range strings.Lines(string(data)) {
		if v, ok := strings.CutPrefix(line, name); ok {
			n, _ := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(v), " kB"), 10, 64)
			return n
		}
	}
	return 0
}

// NeedProc skips the test where there is no Linux /proc, or fails it
// under JIXIAO_REQUIRE_TOOLS=1.
func NeedProc(t testing.TB) {
	t.Helper()
	if _, err := os.Stat("/proc/self/cmdline"); err == nil {
		return
	}
	if os.Getenv(EnvRequireTools) == "1" {
		t.Fatalf("/proc is missing, and %s=1 requires it", EnvRequireTools)
	}
	t.Skip("/proc is missing: cannot count processes")
}

// ProcSampler samples, every few milliseconds until Stop, the processes
// whose command line contains a string.
type ProcSampler struct {
	stop chan struct{}
	wg   sync.WaitGroup
	mu   sync.Mutex
	// Browsers are the PIDs of every browser process seen.
	Browsers map[int]bool
	// MaxProcs is the most processes seen at once; PeakRSS and PeakPSS
	// the most resident memory they had together.
	MaxProcs         int
	PeakRSS, PeakPSS int64
	// MaxBrowsers is the most browser processes seen at once.
	MaxBrowsers int
	// Samples counts the samples taken.
	Samples int
}

// SampleProcs starts sampling the processes whose command line has s.
func SampleProcs(s string, every time.Duration) *ProcSampler {
	ps := &ProcSampler{stop: make(chan struct{}), Browsers: map[int]bool{}}
	ps.wg.Add(1)
	go func() {
		defer ps.wg.Done()
		t := time.NewTicker(every)
		defer t.Stop()
		for {
			ps.sample(s)
			select {
			case <-ps.stop:
				return
			case <-t.C:
			}
		}
	}()
	return ps
}

func (ps *ProcSampler) sample(s string) {
	procs := Procs(s)
	ps.mu.Lock()
	defer ps.mu.Unlock()
	var rss, pss int64
	browsers := 0
	for _, p := range procs {
		rss += p.RSS
		pss += p.PSS
		if p.Browser {
			browsers++
			ps.Browsers[p.PID] = true
		}
	}
	ps.Samples++
	ps.MaxProcs = max(ps.MaxProcs, len(procs))
	ps.MaxBrowsers = max(ps.MaxBrowsers, browsers)
	ps.PeakRSS = max(ps.PeakRSS, rss)
	ps.PeakPSS = max(ps.PeakPSS, pss)
}

// Stop ends the sampling (after one last sample).
func (ps *ProcSampler) Stop() {
	close(ps.stop)
	ps.wg.Wait()
}

// ProcDirs counts the directories named prefix… (a path prefix, up to the
// next slash) that the command lines of running processes name: for
// programs that run in a directory of their own per job, the jobs running.
func ProcDirs(prefix string) int { return procDirs(prefix, procDirsRE(prefix)) }

// procDirsRE matches the directories named prefix… in a command line.
func procDirsRE(prefix string) *regexp.Regexp {
	return regexp.MustCompile(regexp.QuoteMeta(prefix) + "[^/\x00]*")
}

// procDirs is ProcDirs with its expression compiled. Only the command
// lines that contain prefix are searched (the samplers call it many times
// a second while other programs run).
func procDirs(prefix string, re *regexp.Regexp) int {
	seen := map[string]bool{}
	ents, _ := os.ReadDir("/proc")
	for _, e := range ents {
		if _, err := strconv.Atoi(e.Name()); err != nil {
			continue
		}
		b, _ := os.ReadFile(filepath.Join("/proc", e.Name(), "cmdline"))
		if !bytes.Contains(b, []byte(prefix)) {
			continue
		}
		for _, m := range re.FindAll(b, -1) {
			seen[string(m)] = true
		}
	}
	return len(seen)
}

// MaxProcDirs samples ProcDirs(prefix) every interval until the returned
// func is called, which returns the most seen at once.
func MaxProcDirs(prefix string, every time.Duration) func() int {
	stop := make(chan struct{})
	most := make(chan int)
	re := procDirsRE(prefix)
	go func() {
		m := 0
		for {
			m = max(m, procDirs(prefix, re))
			select {
			case <-stop:
				most <- m
				return
			case <-time.After(every):
			}
		}
	}()
	return func() int { close(stop); return <-most }
}
