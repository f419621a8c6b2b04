package api

import (
	"io"
	"net/http"
	"strconv"
	"strings"

	"jixiao"
)

// jobs returns the job service, or an error when the server runs none.
func (a *API) jobs() (jixiao.JobService, error) {
	if a.Jobs == nil {
		return nil, jixiao.Errorf(jixiao.EINTERNAL, "后台任务不可用")
	}
	return a.Jobs, nil
}

// started answers a job queued: 202, with the job and where to follow it.
func started(w http.ResponseWriter, j *jixiao.Job) error {
	w.Header().Set("Location", Prefix+"/jobs/"+strconv.FormatInt(j.ID, 10))
	writeJSON(w, http.StatusAccepted, j)
	return nil
}

// startReport queues the report (or, with check=true, the 核查报告) of the
// evaluation in the path, in the format the query names (pdf by default).
func (a *API) startReport(w http.ResponseWriter, r *http.Request) error {
	js, err := a.jobs()
	if err != nil {
		return err
	}
	eid, err := id(r, "id")
	if err != nil {
		return err
	}
	format := r.URL.Query().Get("format")
	if format == "" {
		format = "pdf"
	}
	j, err := js.StartReport(r.Context(), eid, format, r.URL.Query().Get("check") == "true")
	if err != nil {
		return err
	}
	return started(w, j)
}

// startMonitorReport queues the PDF of the monitoring report of the
// submitted monitoring entry in the path.
func (a *API) startMonitorReport(w http.ResponseWriter, r *http.Request) error {
	js, err := a.jobs()
	if err != nil {
		return err
	}
	eid, err := id(r, "id")
	if err != nil {
		return err
	}
	j, err := js.StartMonitorReport(r.Context(), eid)
	if err != nil {
		return err
	}
	return started(w, j)
}

// startRescore queues the scoring again of the evaluations under the
// rulebook the query names (all when none).
func (a *API) startRescore(w http.ResponseWriter, r *http.Request) error {
	js, err := a.jobs()
	if err != nil {
		return err
	}
	j, err := js.StartRescore(r.Context(), r.URL.Query().Get("rulebook"))
	if err != nil {
		return err
	}
	return started(w, j)
}

func (a *API) job(w http.ResponseWriter, r *http.Request) error {
	js, err := a.jobs()
	if err != nil {
		return err
	}
	jid, err := id(r, "id")
	if err != nil {
		return err
	}
	j, err := js.Job(r.Context(), jid)
	if err != nil {
		return err
	}
	return ok(w, j)
}

func (a *API) jobResult(w http.ResponseWriter, r *http.Request) error {
	js, err := a.jobs()
	if err != nil {
		return err
	}
	jid, err := id(r, "id")
	if err != nil {
		return err
	}
	out, err := js.JobOutput(r.Context(), jid)
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", out.ContentType)
	if strings.HasPrefix(out.ContentType, "text/html") {
		// As GET /evaluations/{id}/report?format=html: a page that runs nothing.
		w.Header().Set("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; img-src data:; sandbox allow-modals")
	}
	attachment(w, out.Name)
	if out.Body != nil {
		// A large file, read from the database part by part.
		w.Header().Set("Content-Length", strconv.FormatInt(out.Size, 10))
		if _, err := io.Copy(w, out.Body); err != nil {
			a.logger().Warn("api: job result", "job", jid, "err", err) // the headers are sent
		}
		return nil
	}
	w.Header().Set("Content-Length", strconv.Itoa(len(out.Data)))
	_, err = w.Write(out.Data)
	return err
}

func (a *API) cancelJob(w http.ResponseWriter, r *http.Request) error {
	js, err := a.jobs()
	if err != nil {
		return err
	}
	jid, err := id(r, "id")
	if err != nil {
		return err
	}
	j, err := js.CancelJob(r.Context(), jid)
	if err != nil {
		return err
	}
	return ok(w, j)
}

// startImport queues the import of the case in the body (a workbook, YAML
// or JSON) into the organisation the query names (the user's own by
// default).
func (a *API) startImport(w http.ResponseWriter, r *http.Request) error {
	js, err := a.jobs()
	if err != nil {
		return err
	}
	org, err := intQuery(r, "org", 0)
	if err != nil {
		return err
	}
	data, err := readBody(r)
	if err != nil {
		return err
	}
	j, err := js.StartImport(r.Context(), int64(org), data, r.URL.Query().Get("replace") == "true")
	if err != nil {
		return err
	}
	return started(w, j)
}

// startBulk queues the reports (or tables) of the evaluations the body's
// filter chooses, into one ZIP file.
func (a *API) startBulk(w http.ResponseWriter, r *http.Request) error {
	js, err := a.jobs()
	if err != nil {
		return err
	}
	var b jixiao.BulkReports
	if err := decode(r, &b); err != nil {
		return err
	}
	j, err := js.StartBulk(r.Context(), &b)
	if err != nil {
		return err
	}
	return started(w, j)
}
