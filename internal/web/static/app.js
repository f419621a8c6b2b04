// jixiao web pages: small enhancements on top of server-rendered forms.
// Everything works without this file except the charts, pasting into
// tables and upload progress bars. No inline scripts: the page's
// Content-Security-Policy allows scripts from this site only.
(function () {
  "use strict";

  // htmx wires up swapped-in content (a saved scorecard row) only when it
  // settles, 20 ms after the swap by default; a key typed in that window
  // (a fast typist, a screen reader's user tabbing on) would not save.
  // Nothing here animates a settle, so it happens at once.
  if (window.htmx) window.htmx.config.defaultSettleDelay = 0;

  // Forms with data-confirm ask before they submit (deletions, submitting
  // for review).
  document.addEventListener("submit", function (e) {
    var f = e.target;
    if (f.dataset && f.dataset.confirm && !window.confirm(f.dataset.confirm)) {
      e.preventDefault();
      e.stopImmediatePropagation();
    }
  }, true);

  // Upload progress for htmx forms marked data-progress: the bar shows
  // the bytes sent; the status line says what is happening — 正在上传 N%,
  // then the form's data-progress text (or 已上传，正在检查文件) with the
  // seconds spent — until the answer comes; the submit button waits with
  // it, so that a slow check is not started twice.
  function uploadStatus(form) {
    var s = form.querySelector(".upload-status");
    if (!s) {
      s = document.createElement("p");
      s.className = "help upload-status";
      s.setAttribute("role", "status");
      s.hidden = true;
      var actions = form.querySelector(".actions");
      form.insertBefore(s, actions);
    }
    return s;
  }
  function uploadForm(e) {
    var f = e.target.closest && e.target.closest("form[data-progress]");
    return f && f === e.target ? f : null;
  }
  function showUpload(form) {
    var s = uploadStatus(form), sent = form.dataset.sentPercent, secs = Number(form.dataset.seconds || 0);
    if (sent !== "100") {
      s.textContent = "正在上传 " + (sent || "0") + "%……";
    } else {
      s.textContent = (form.dataset.progress || "已上传，正在检查文件") + "……" + (secs > 0 ? "（已用 " + secs + " 秒）" : "");
    }
  }
  document.addEventListener("htmx:beforeRequest", function (e) {
    var form = uploadForm(e);
    if (!form) return;
    form.dataset.sentPercent = "0";
    form.dataset.seconds = "0";
    var s = uploadStatus(form);
    s.hidden = false;
    showUpload(form);
    form.querySelectorAll("button[type=submit]").forEach(function (b) { b.disabled = true; });
    var started = Date.now();
    form._uploadTimer = window.setInterval(function () {
      form.dataset.seconds = String(Math.floor((Date.now() - started) / 1000));
      showUpload(form);
    }, 1000);
  });
  document.addEventListener("htmx:xhr:progress", function (e) {
    var form = uploadForm(e);
    if (!form || !e.detail.lengthComputable || !e.detail.total) return;
    var bar = form.querySelector("progress");
    var pct = Math.round(e.detail.loaded * 100 / e.detail.total);
    if (bar) {
      bar.hidden = false;
      bar.value = pct;
    }
    // Download progress (the answer) is not the upload's.
    if (form.dataset.sentPercent !== "100") {
      form.dataset.sentPercent = String(pct);
      showUpload(form);
    }
  });
  document.addEventListener("htmx:afterRequest", function (e) {
    var form = uploadForm(e);
    if (!form) return;
    window.clearInterval(form._uploadTimer);
    var s = uploadStatus(form);
    s.hidden = true;
    s.textContent = "";
    var bar = form.querySelector("progress");
    if (bar) bar.hidden = true;
    form.querySelectorAll("button[type=submit]").forEach(function (b) { b.disabled = false; });
  });

  // Out-of-band parts of an answer (scores shown elsewhere: other rows,
  // goals, projects) that this page does not have are dropped before htmx
  // swaps them in, so that a row saved on one page updates that page's
  // scores without an error for the others.
  document.addEventListener("htmx:beforeSwap", function (e) {
    var html = e.detail.serverResponse;
    if (typeof html !== "string" || html.indexOf("hx-swap-oob") < 0) return;
    var tpl = document.createElement("template");
    tpl.innerHTML = html;
    var dropped = false;
    tpl.content.querySelectorAll("[hx-swap-oob]").forEach(function (el) {
      if (el.id && !document.getElementById(el.id)) { el.remove(); dropped = true; }
    });
    if (dropped) e.detail.serverResponse = tpl.innerHTML;
  });

  // A scorecard row saves as its own request and comes back whole. What
  // the user typed into the row while it was saving (tabbing on and typing
  // at once, or on a slow line) is not in that answer: it is carried into
  // the row that comes back, and saved in turn.
  function rowValues(tr) {
    var v = {};
    tr.querySelectorAll("input[name]:not([type=hidden]), textarea[name]").forEach(function (el) { v[el.name] = el.value; });
    return v;
  }
  var typedAhead = {};
  document.addEventListener("htmx:beforeRequest", function (e) {
    var tr = e.target;
    if (tr.matches && tr.matches("tr.ind-row")) tr._sent = rowValues(tr);
  });
  document.addEventListener("htmx:beforeSwap", function (e) {
    var tr = e.detail.elt;
    if (!tr || !tr.matches || !tr.matches("tr.ind-row") || !tr._sent) return;
    var now = rowValues(tr), typed = {}, any = false;
    Object.keys(now).forEach(function (k) {
      if (now[k] !== tr._sent[k]) { typed[k] = now[k]; any = true; }
    });
    if (any) typedAhead[tr.id] = typed;
  });
  document.addEventListener("htmx:afterSettle", function (e) {
    var tr = e.target;
    if (!tr.matches || !tr.matches("tr.ind-row") || !typedAhead[tr.id]) return;
    var typed = typedAhead[tr.id], last = null;
    delete typedAhead[tr.id];
    Object.keys(typed).forEach(function (k) {
      var el = tr.querySelector("[name='" + k + "']");
      if (el) { el.value = typed[k]; last = el; }
    });
    // An input already left is saved now; the one the user is still in
    // when the user leaves it (a value set by script fires no change of
    // its own).
    if (!last) return;
    if (last !== document.activeElement) {
      last.dispatchEvent(new Event("change", { bubbles: true }));
      return;
    }
    var changed = false;
    last.addEventListener("change", function () { changed = true; }, { once: true });
    last.addEventListener("blur", function () {
      if (!changed) last.dispatchEvent(new Event("change", { bubbles: true }));
    }, { once: true });
  });

  // Move focus to error messages that htmx puts in the message area.
  document.addEventListener("htmx:afterSwap", function (e) {
    if (e.target.id === "messages") {
      var box = e.target.querySelector(".error-box");
      if (box) {
        box.setAttribute("tabindex", "-1");
        box.focus();
      }
    }
  });

  // Tables generated from lists (class "grid"): pasting several cells from
  // Excel or WPS fills the row and the rows below, adding rows as needed.
  function parseTSV(text) {
    var rows = [], row = [], cell = "", q = false;
    text = text.replace(/\r\n/g, "\n");
    for (var i = 0; i < text.length; i++) {
      var c = text[i];
      if (q) {
        if (c === '"' && text[i + 1] === '"') { cell += '"'; i++; }
        else if (c === '"') q = false;
        else cell += c;
      } else if (c === '"' && cell === "") q = true;
      else if (c === "\t") { row.push(cell); cell = ""; }
      else if (c === "\n") { row.push(cell); rows.push(row); row = []; cell = ""; }
      else cell += c;
    }
    if (cell !== "" || row.length) { row.push(cell); rows.push(row); }
    return rows;
  }

  // addRow copies the last row of a grid with the next index.
  function addRow(table) {
    var body = table.tBodies[0];
    var last = body.rows[body.rows.length - 1];
    var next = Number(last.dataset.index) + 1;
    var copy = last.cloneNode(true);
    copy.dataset.index = String(next);
    copy.classList.add("blank");
    copy.querySelectorAll("input, textarea, select").forEach(function (el) {
      ["name", "id", "list"].forEach(function (a) {
        var v = el.getAttribute(a);
        if (v) el.setAttribute(a, v.replace(/\[\d+\]/, "[" + next + "]").replace(/-(\d+)-/, "-" + next + "-"));
      });
      if (el.type === "checkbox") el.checked = false; else el.value = "";
      var label = el.getAttribute("aria-label");
      if (label) el.setAttribute("aria-label", label.replace(/第\d+行/, "第" + (next + 1) + "行"));
    });
    copy.querySelectorAll("datalist").forEach(function (d) {
      d.id = d.id.replace(/-(\d+)-/, "-" + next + "-");
    });
    copy.querySelectorAll(".cell-error, .note").forEach(function (n) { n.remove(); });
    body.appendChild(copy);
    return copy;
  }

  document.addEventListener("click", function (e) {
    var b = e.target.closest && e.target.closest("[data-add-row]");
    if (!b) return;
    var table = b.closest("fieldset").querySelector("table.grid");
    var row = addRow(table);
    var first = row.querySelector("input, textarea");
    if (first) first.focus();
  });

  document.addEventListener("paste", function (e) {
    var el = e.target;
    var table = el.closest && el.closest("table.grid");
    if (!table) return;
    var text = (e.clipboardData || window.clipboardData).getData("text");
    if (text.indexOf("\t") < 0 && text.indexOf("\n") < 0) return;
    var data = parseTSV(text);
    if (!data.length) return;
    e.preventDefault();
    var tr = el.closest("tr");
    var col = Array.prototype.indexOf.call(tr.cells, el.closest("td"));
    var body = table.tBodies[0];
    var r = Array.prototype.indexOf.call(body.rows, tr);
    data.forEach(function (cells, i) {
      while (body.rows.length <= r + i) addRow(table);
      var row = body.rows[r + i];
      row.classList.remove("blank");
      cells.forEach(function (v, j) {
        var td = row.cells[col + j];
        var input = td && td.querySelector("input:not([type=checkbox]), textarea");
        if (input) input.value = v.trim();
      });
    });
  });

  // gradeColor matches the grade badges of the pages (app.css): by the
  // grade's tier (bureau's charts.go: gradeTiers), 0 for no grade.
  function gradeColor(tier) {
    return ["#6b7380", "#1e7b34", "#2f6fad", "#9a6700", "#b42318"][tier] || "#b42318";
  }

  // Tooltips are drawn inside the chart's SVG as text (renderMode
  // "richText"), never as HTML: the names in the charts are what users
  // typed, and text cannot become markup. (HTML tooltips would also need
  // inline styles, which the pages' CSP forbids.)
  function text(v) {
    return String(v == null ? "" : v);
  }

  // itemTip is the tooltip of one bar or point: its name and value.
  function itemTip(p) {
    return text(p.name) + "：" + (Array.isArray(p.value) ? p.value.join("，") : text(p.value));
  }

  // Charts on the finance bureau's overview, drawn from the page's data
  // (data-charts) with the embedded ECharts.
  function charts() {
    var box = document.getElementById("charts");
    if (!box || !window.echarts) return;
    var d = JSON.parse(box.dataset.charts);
    var opts = { renderer: "svg" };
    var base = { animation: false, textStyle: { fontFamily: "inherit" }, tooltip: { renderMode: "richText", formatter: itemTip } };
    function make(id, option) {
      var el = document.getElementById(id);
      if (!el) return null;
      var c = window.echarts.init(el, null, opts);
      c.setOption(Object.assign({}, base, option));
      window.addEventListener("resize", function () { c.resize(); });
      el.dataset.ready = "1";
      return c;
    }
    make("chart-grades", {
      grid: { left: 40, right: 10, top: 20, bottom: 30 },
      xAxis: { type: "category", data: d.grades.map(function (g) { return g.label; }) },
      yAxis: { type: "value", minInterval: 1 },
      series: [{ type: "bar", name: "评价数", label: { show: true, position: "top" },
        data: d.grades.map(function (g) { return { value: g.count, itemStyle: { color: gradeColor(g.tier || 0) } }; }) }]
    });
    // Scores run from 0 to the full score (100), execution from 0 to 100%.
    var scatter = make("chart-scatter", {
      grid: { left: 50, right: 20, top: 30, bottom: 40 },
      tooltip: { renderMode: "richText", formatter: function (p) { return text(p.data.name) + "\n执行率 " + p.data.value[0] + "%，得分 " + p.data.value[1] + "（" + text(p.data.grade) + "）"; } },
      xAxis: { type: "value", name: "预算执行率%", nameLocation: "middle", nameGap: 25, min: 0, max: d.exec_max },
      yAxis: { type: "value", name: "得分", min: 0, max: d.score_max, interval: 20 },
      series: [{ type: "scatter", symbolSize: 10, data: d.scatter.map(function (p) { return { name: p.name, id: p.id, grade: p.grade, value: [p.x, p.y] }; }) }]
    });
    if (scatter) scatter.on("click", function (p) { if (p.data && p.data.id) window.location.href = "/evaluations/" + p.data.id; });
    make("chart-findings", {
      grid: { left: 200, right: 40, top: 10, bottom: 20 },
      xAxis: { type: "value", minInterval: 1 },
      yAxis: { type: "category", inverse: true, data: d.findings.map(function (f) { return f.label; }), axisLabel: { width: 190, overflow: "truncate" } },
      series: [{ type: "bar", name: "条数", label: { show: true, position: "right" }, data: d.findings.map(function (f) { return f.count; }) }]
    });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", charts); else charts();
})();
