package web

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"time"

	"jixiao"
)

// The spool is where the files of download jobs wait on disk: a directory
// of this server's own (run-…, mode 0700, files 0600) inside a base
// directory that several servers may share. A running server touches its
// directory every minute; a directory untouched for spoolStale belongs to
// a server that is gone, and is removed at start-up and by the janitor.
const (
	spoolBeat  = time.Minute
	spoolStale = 5 * time.Minute
)

// DefaultSpoolDir is the base directory of the spool when the configuration
// names none.
func DefaultSpoolDir() string { return filepath.Join(os.TempDir(), "jixiao-spool") }

// openSpool makes this server's spool directory in base, after removing
// the directories of servers that are gone.
func openSpool(base string) (string, error) {
	if err := os.MkdirAll(base, 0o700); err != nil {
		return "", fmt.Errorf("web: spool: %w", err)
	}
	fi, err := os.Stat(base)
	if err != nil {
		return "", fmt.Errorf("web: spool: %w", err)
	}
	// Others must not be able to rename or replace this server's files.
	if !fi.IsDir() || (runtime.GOOS != "windows" && fi.Mode().Perm()&0o022 != 0) {
		return "", jixiao.Errorf(jixiao.EINVALID, "暂存目录 %s 应是只有本用户可以写入的目录（如权限 0700），实际为 %v", base, fi.Mode())
	}
	removeStaleSpools(base, time.Now())
	dir, err := os.MkdirTemp(base, "run-")
	if err != nil {
		return "", fmt.Errorf("web: spool: %w", err)
	}
	return dir, nil
}

// removeStaleSpools removes the run directories in base that no server has
// touched for spoolStale.
func removeStaleSpools(base string, now time.Time) {
	ents, _ := os.ReadDir(base)
	for _, e := range ents {
		if !e.IsDir() || !strings.HasPrefix(e.Name(), "run-") {
			continue
		}
		if fi, err := e.Info(); err == nil && now.Sub(fi.ModTime()) > spoolStale {
			os.RemoveAll(filepath.Join(base, e.Name()))
		}
	}
}

// janitor expires old jobs and keeps the spool directory marked as alive,
// until stop is closed.
func (js *jobs) janitor(stop <-chan struct{}) {
	t := time.NewTicker(spoolBeat)
	defer t.Stop()
	for {
		select {
		case <-stop:
			return
		case <-t.C:
		}
		now := time.Now()
		os.Chtimes(js.dir, now, now)
		removeStaleSpools(filepath.Dir(js.dir), now)
		js.mu.Lock()
		js.expire()
		js.mu.Unlock()
	}
}
