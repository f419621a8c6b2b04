package main

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime/debug"
	"strings"

	"jixiao"
	"jixiao/internal/caseio"
	"jixiao/internal/rulebook"
	"jixiao/internal/yamlcodec"
)

// stdin is where "-" reads cases from (tests replace it).
var stdin io.Reader = os.Stdin

// isBatch reports whether arg names many cases: "-" (NDJSON on standard
// input), an .ndjson or .jsonl file (one JSON case per line) or a
// directory of case files.
func isBatch(arg string) bool {
	if arg == "-" || isNDJSON(arg) {
		return true
	}
	st, err := os.Stat(arg)
	return err == nil && st.IsDir()
}

func isNDJSON(name string) bool {
	ext := strings.ToLower(filepath.Ext(name))
	return ext == ".ndjson" || ext == ".jsonl"
}

// caseExts are the files of a directory that are cases.
var caseExts = map[string]bool{".yaml": true, ".yml": true, ".json": true, ".xlsx": true}

// batchLine is one line of the NDJSON a batch writes: the case (its file,
// or "文件:行" for a line of a stream) and its result or its error.
type batchLine struct {
	Case  string // "case"
	Error string // "error", left out when empty
	// Scorecard and Check are the case's result as JSON ("scorecard" of
	// eval, "check" of check), left out when nil; appendTo writes them as
	// they are.
	Scorecard, Check []byte
}

// appendTo appends the line as JSON with its newline, as an
// encoding/json Encoder without HTML escaping would write it from
// {case, error,omitempty, scorecard,omitempty, check,omitempty} with the
// results as json.RawMessage, but without scanning the results again.
func (l *batchLine) appendTo(b []byte) []byte {
	b = append(b, `{"case":`...)
	b = jixiao.AppendJSONString(b, l.Case)
	if l.Error != "" {
		b = append(b, `,"error":`...)
		b = jixiao.AppendJSONString(b, l.Error)
	}
	if l.Scorecard != nil {
		b = append(b, `,"scorecard":`...)
		b = append(b, l.Scorecard...)
	}
	if l.Check != nil {
		b = append(b, `,"check":`...)
		b = append(b, l.Check...)
	}
	return append(b, "}\n"...)
}

// batch runs fn on every case of arg, one at a time, writing one NDJSON
// line per case to w as it goes: memory does not grow with the number of
// cases. A case that cannot be read gets a line with its error and the
// batch goes on; the returned error counts such cases. ref is the
// rulebook asked for on the command line ("": each case's own); each
// rulebook is loaded once per run.
func batch(w io.Writer, arg, ref string, fn func(f *caseio.File, rb *jixiao.Rulebook, line *batchLine) error) error {
	// What a batch keeps is one case at a time, a few MiB: collecting
	// when the heap has tripled rather than doubled costs a few MiB more
	// and saves about a tenth of the CPU (measured on 100,000
	// indicators). GOGC, when set, has the last word.
	if os.Getenv("GOGC") == "" {
		defer debug.SetGCPercent(debug.SetGCPercent(200))
	}
	out := bufio.NewWriterSize(w, 64<<10)
	var text []byte // a line's JSON, reused
	books := map[string]*jixiao.Rulebook{}
	failed, total := 0, 0
	one := func(name string, f *caseio.File, err error) error {
		total++
		line := batchLine{Case: name}
		if err == nil {
			var rb *jixiao.Rulebook
			if rb, err = batchRulebook(books, f, ref); err == nil {
				err = fn(f, rb, &line)
			}
		}
		if err != nil {
			failed++
			line.Error = batchMessage(err)
		}
		text = line.appendTo(text[:0])
		_, err = out.Write(text)
		return err
	}
	var err error
	switch {
	case arg == "-":
		err = eachLine("标准输入", stdin, one)
	case isNDJSON(arg):
		var fh *os.File
		if fh, err = os.Open(arg); err != nil {
			return fileError(arg, err)
		}
		defer fh.Close()
		err = eachLine(arg, fh, one)
	default:
		err = eachFile(arg, one)
	}
	if ferr := out.Flush(); err == nil {
		err = ferr
	}
	if err != nil {
		return err
	}
	if failed > 0 {
		return jixiao.Errorf(jixiao.EINVALID, "%d 个案例中有 %d 个未能读取或评分，原因见输出中各行的 error", total, failed)
	}
	return nil
}

// batchMessage is an error as one line of text for people.
func batchMessage(err error) string {
	var es yamlcodec.Errors
	var ps jixiao.Problems
	switch {
	case errors.As(err, &es):
		return strings.ReplaceAll(es.Error(), "\n", "；")
	case errors.As(err, &ps):
		return strings.ReplaceAll(ps.Error(), "\n", "；")
	}
	return jixiao.ErrorMessage(err)
}

// eachLine reads NDJSON: one JSON case per line, each at most
// caseio.MaxSize; blank lines are skipped. A line too long ends the batch
// (where the next line starts is unknown).
func eachLine(source string, r io.Reader, one func(string, *caseio.File, error) error) error {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 64<<10), caseio.MaxSize+1)
	n := 0
	for sc.Scan() {
		n++
		data := bytes.TrimSpace(sc.Bytes())
		if len(data) == 0 {
			continue
		}
		name := fmt.Sprintf("%s:%d", source, n)
		f, err := caseio.Parse(name, data)
		if err := one(name, f, err); err != nil {
			return err
		}
	}
	if errors.Is(sc.Err(), bufio.ErrTooLong) {
		return jixiao.Errorf(jixiao.EINVALID, "%s 第%d行过长：每行一个案例，不能超过 %d MiB", source, n+1, caseio.MaxSize>>20)
	}
	if err := sc.Err(); err != nil {
		return jixiao.Errorf(jixiao.EINVALID, "无法读取%s：%v", source, err)
	}
	return nil
}

// eachFile reads the case files of a directory (.yaml, .yml, .json,
// .xlsx; not its subdirectories), in name order.
func eachFile(dir string, one func(string, *caseio.File, error) error) error {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return fileError(dir, err)
	}
	for _, e := range entries {
		if e.IsDir() || !caseExts[strings.ToLower(filepath.Ext(e.Name()))] {
			continue
		}
		path := filepath.Join(dir, e.Name())
		f, err := readCaseFile(path)
		if err := one(path, f, err); err != nil {
			return err
		}
	}
	return nil
}

func fileError(path string, err error) error {
	if os.IsNotExist(err) {
		return jixiao.Errorf(jixiao.ENOTFOUND, "找不到 %s", path)
	}
	return jixiao.Errorf(jixiao.EINVALID, "无法读取 %s：%v", path, err)
}

// batchRulebook returns the rulebook for a case of a batch, as loadCase
// chooses it, loading each rulebook once.
func batchRulebook(books map[string]*jixiao.Rulebook, f *caseio.File, ref string) (*jixiao.Rulebook, error) {
	ev := f.Evaluation
	if ref == "" {
		ref = ev.Rulebook
		if ref != "" && !isBuiltin(ref) && !filepath.IsAbs(ref) {
			if p := filepath.Join(filepath.Dir(f.Name), ref); fileExists(p) {
				ref = p
			}
		}
	}
	if ref == "" {
		if err := rulebook.ChooseInto(ev); err != nil {
			return nil, err
		}
		ref = ev.Rulebook
	}
	if rb, ok := books[ref]; ok {
		return rb, nil
	}
	rb, err := rulebook.Load(ref)
	if err != nil {
		return nil, err
	}
	books[ref] = rb
	return rb, nil
}
