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
    if (e.target.id === "messages" || e.target.id === "upload-result") {
      var box = e.target.querySelector(".error-box");
      if (box) {
        box.setAttribute("tabindex", "-1");
        box.focus();
      }
    }
  });

  // Saving. Every form of an evaluation's pages (marked data-autosave: the
  // section forms, goals, projects, indicators and each row of the live
  // scorecard) is saved by htmx when the user leaves a field; its state
  // says 已保存 or what is wrong. Forms that add things (data-guard) are
  // sent by their buttons. Whatever is typed and not yet saved marks its
  // form data-unsaved (an attribute, not a class: htmx carries the old
  // classes over while it settles a replaced row), and leaving the page then asks first: a tab or link
  // waits for saves under way, and asks only if something is still not
  // saved; closing or reloading the window gets the browser's question.
  var inflight = 0, leaving = false;

  function owner(el) {
    return el && el.closest ? el.closest("[data-autosave], form[data-guard]") : null;
  }

  function markEdited(e) {
    var o = owner(e.target);
    if (!o || !e.target.name) return;
    o.setAttribute("data-unsaved", "");
    o.dataset.edits = String(Number(o.dataset.edits || 0) + 1);
    // Typed while a save of this form is under way: kept when the answer
    // replaces the form's row (see htmx:beforeSwap).
    if (o.dataset.busy) {
      o._late = o._late || {};
      o._late[e.target.id] = true;
    }
  }
  // (Checkboxes and selects fire input events too; change events are
  // left to htmx, which saves on them.)
  document.addEventListener("input", markEdited);

  document.addEventListener("submit", function (e) {
    var f = e.target;
    if (f.matches && f.matches("form[data-guard]") && !e.defaultPrevented) f.removeAttribute("data-unsaved");
  });

  function stateOf(o) {
    // (getAttribute: a form's "id" property is its input named id, if any.)
    var id = o.getAttribute("id");
    return (id && document.getElementById(id + "-state")) || o.querySelector(".save-state");
  }

  function setState(o, text, cls) {
    var st = stateOf(o);
    if (!st) return;
    st.textContent = "";
    var span = document.createElement("span");
    span.className = cls;
    span.textContent = text;
    st.appendChild(span);
  }

  document.addEventListener("htmx:beforeRequest", function (e) {
    var o = e.detail.elt;
    if (!o.hasAttribute || !o.hasAttribute("data-autosave")) return;
    inflight++;
    o.dataset.busy = "1";
    o.dataset.sent = o.dataset.edits || "0";
    if (!o.querySelector("[data-conflict]")) setState(o, "正在保存……", "saving");
  });

  document.addEventListener("htmx:afterRequest", function (e) {
    // A row replaced by its answer is no longer in the page: htmx then
    // tells its parent, and the row is in the request's configuration.
    var o = e.detail.requestConfig ? e.detail.requestConfig.elt : e.detail.elt;
    if (!o.hasAttribute || !o.hasAttribute("data-autosave")) return;
    inflight = Math.max(0, inflight - 1);
    delete o.dataset.busy;
    var status = e.detail.xhr ? e.detail.xhr.status : 0;
    if (e.detail.successful && status < 300) {
      if ((o.dataset.edits || "0") === o.dataset.sent) o.removeAttribute("data-unsaved");
      // Rows marked for deletion are gone once saved.
      o.querySelectorAll("input[name$='._delete']:checked").forEach(function (c) {
        var tr = c.closest("tr");
        if (tr) tr.hidden = true;
      });
    } else if (status === 0 || status >= 500) {
      setState(o, "保存失败：无法连接服务器或服务器出错。您填写的内容仍在页面上，请稍后再改动一处以重新保存，或点“保存”。", "failed");
    }
  });

  // A row of the live scorecard is replaced by the answer to its save;
  // what the user typed into it meanwhile is put back and saved next.
  document.addEventListener("htmx:beforeSwap", function (e) {
    var o = e.detail.elt;
    if (!o._late || !o.id) return;
    var keep = {};
    Object.keys(o._late).forEach(function (id) {
      var el = document.getElementById(id);
      if (el && o.contains(el)) keep[id] = el.type === "checkbox" ? el.checked : el.value;
    });
    o._late = null;
    var id = o.id;
    document.addEventListener("htmx:afterSettle", function restore() {
      document.removeEventListener("htmx:afterSettle", restore);
      var row = document.getElementById(id);
      if (!row) return;
      var restored = false;
      Object.keys(keep).forEach(function (k) {
        var el = document.getElementById(k);
        if (!el) return;
        if (el.type === "checkbox") el.checked = keep[k]; else el.value = keep[k];
        row.setAttribute("data-unsaved", "");
        row.dataset.edits = "1";
        restored = true;
      });
      if (!restored) return;
      // Saved when the user leaves the field (at once if already left).
      var active = document.activeElement;
      if (active && row.contains(active) && keep[active.id] !== undefined) {
        active.addEventListener("blur", function () { window.htmx.trigger(row, "change"); }, { once: true });
      } else {
        window.htmx.trigger(row, "change");
      }
    });
  });

  function unsaved() {
    return inflight > 0 || !!document.querySelector("[data-unsaved]");
  }

  function unsavedText() {
    var n = document.querySelectorAll("[data-unsaved]").length;
    return "本页有 " + n + " 处修改尚未保存（见页面上的提示）。离开本页，这些修改将会丢失。确定要离开吗？";
  }

  // whenSaved calls done(clean) once no save is under way (at most 15 s).
  function whenSaved(done) {
    var waited = 0;
    (function poll() {
      if (inflight === 0 || waited > 15000) return done(!unsaved());
      waited += 50;
      setTimeout(poll, 50);
    })();
  }

  document.addEventListener("click", function (e) {
    var a = e.target.closest && e.target.closest("a[href]");
    if (!a || e.defaultPrevented || e.button !== 0 || e.ctrlKey || e.metaKey || e.shiftKey || a.target || a.hasAttribute("download")) return;
    var href = a.getAttribute("href");
    if (href.charAt(0) === "#" || !unsaved()) return;
    e.preventDefault();
    whenSaved(function (clean) {
      if (clean || window.confirm(unsavedText())) {
        leaving = true;
        window.location.href = a.href;
      }
    });
  });

  window.addEventListener("beforeunload", function (e) {
    if (leaving || !unsaved()) return;
    e.preventDefault();
    e.returnValue = "";
  });

  // A conflict lists each field whose value differs from the one someone
  // else saved: the user keeps theirs or takes the other; once every field
  // is chosen the form is saved over the stored version.
  document.addEventListener("click", function (e) {
    var b = e.target.closest && e.target.closest("[data-choose], [data-choose-all]");
    if (!b) return;
    var panel = b.closest("[data-conflict]");
    var o = panel && panel.closest("[data-autosave]");
    if (!o) return;
    var rows = b.hasAttribute("data-choose-all") ? panel.querySelectorAll("tr[data-field]") : [b.closest("tr")];
    var which = b.getAttribute("data-choose") || b.getAttribute("data-choose-all");
    Array.prototype.forEach.call(rows, function (tr) {
      var el = tr.dataset.field && document.getElementById(tr.dataset.field);
      if (which === "stored" && el) {
        if (tr.hasAttribute("data-check")) el.checked = tr.dataset.stored === "true"; else el.value = tr.dataset.stored;
      }
      tr.dataset.chosen = which;
      tr.querySelector("td.choose").textContent = which === "stored" ? "已采用他人的" : "已保留我的";
    });
    if (panel.querySelector("tr[data-field]:not([data-chosen])")) return;
    var version = o.querySelector("input[name=version]");
    if (version) version.value = panel.dataset.version;
    panel.remove();
    window.htmx.trigger(o, "change");
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
    // Ids carry the row's index as their last number (f-goals-0-deductions-1-amount):
    // that one is renumbered, and the name's last index (deductions[1].amount).
    function renumber(v) {
      return v.replace(/\[\d+\](?!.*\[\d+\])/, "[" + next + "]").replace(/-\d+-(?!.*-\d+-)/, "-" + next + "-");
    }
    copy.querySelectorAll("input, textarea, select").forEach(function (el) {
      ["name", "id", "list"].forEach(function (a) {
        var v = el.getAttribute(a);
        if (v) el.setAttribute(a, renumber(v));
      });
      if (el.type === "checkbox") el.checked = false; else el.value = "";
      var label = el.getAttribute("aria-label");
      if (label) el.setAttribute("aria-label", label.replace(/第\d+行/, "第" + (next + 1) + "行"));
    });
    copy.querySelectorAll("datalist, [id$='-errbox']").forEach(function (d) {
      d.id = renumber(d.id);
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
    // Saved as if typed.
    el.dispatchEvent(new Event("input", { bubbles: true }));
    el.dispatchEvent(new Event("change", { bubbles: true }));
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

  // The year-over-year page's chart (data-years): the total and the budget
  // execution rate by year, a gap where a year has none.
  function yearsChart() {
    var box = document.getElementById("years-charts");
    var el = document.getElementById("chart-years");
    if (!box || !el || !window.echarts) return;
    var d = JSON.parse(box.dataset.years);
    var c = window.echarts.init(el, null, { renderer: "svg" });
    c.setOption({
      animation: false, textStyle: { fontFamily: "inherit" },
      tooltip: { trigger: "axis", renderMode: "richText" },
      legend: { data: ["总分", "预算执行率%"], top: 0 },
      grid: { left: 50, right: 50, top: 40, bottom: 30 },
      xAxis: { type: "category", data: d.years.map(function (y) { return y + "年度"; }) },
      yAxis: [{ type: "value", name: "总分", min: 0, max: 100 }, { type: "value", name: "执行率%", min: 0, max: Math.max(100, Math.ceil(Math.max.apply(null, d.execution.filter(function (v) { return v != null; }).concat([0])) / 10) * 10) }],
      series: [
        { name: "总分", type: "line", data: d.totals, connectNulls: false, label: { show: true } },
        { name: "预算执行率%", type: "line", yAxisIndex: 1, data: d.execution, connectNulls: false, label: { show: true } }
      ]
    });
    window.addEventListener("resize", function () { c.resize(); });
    el.dataset.ready = "1";
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", yearsChart); else yearsChart();

  // The bureau's chart of years (data-years on #by-year-chart): the grade
  // tiers stacked by year, with the average total and execution rate.
  function bureauYears() {
    var box = document.getElementById("by-year-chart");
    var el = document.getElementById("chart-by-year");
    if (!box || !el || !window.echarts) return;
    var d = JSON.parse(box.dataset.years);
    var names = ["优（优秀）", "良（良好）", "中（一般）", "差（较差）"];
    var series = names.map(function (n, i) {
      return { name: n, type: "bar", stack: "grades", data: d.tiers[i], itemStyle: { color: gradeColor(i + 1) } };
    });
    series.push({ name: "未能评分", type: "bar", stack: "grades", data: d.unscored, itemStyle: { color: gradeColor(0) } });
    series.push({ name: "平均总分", type: "line", yAxisIndex: 1, data: d.average, label: { show: true } });
    series.push({ name: "平均执行率%", type: "line", yAxisIndex: 1, data: d.execution, label: { show: true } });
    var c = window.echarts.init(el, null, { renderer: "svg" });
    c.setOption({
      animation: false, textStyle: { fontFamily: "inherit" },
      tooltip: { trigger: "axis", renderMode: "richText" },
      legend: { top: 0 },
      grid: { left: 50, right: 50, top: 50, bottom: 30 },
      xAxis: { type: "category", data: d.years.map(function (y) { return y + "年度"; }) },
      yAxis: [{ type: "value", name: "评价数", minInterval: 1 }, { type: "value", name: "分 / %", min: 0 }],
      series: series
    });
    window.addEventListener("resize", function () { c.resize(); });
    el.dataset.ready = "1";
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", bureauYears); else bureauYears();
  // A monitoring round's chart (data-monitor on #monitor-charts): each
  // department's budget execution rate (a bar; none before it fills in)
  // against the time progress at the cut-off date (a line).
  function monitorChart() {
    var box = document.getElementById("monitor-charts");
    var el = document.getElementById("chart-monitor");
    if (!box || !el || !window.echarts) return;
    var d = JSON.parse(box.dataset.monitor);
    var top = Math.max(100, Math.ceil(Math.max.apply(null, d.rates.filter(function (v) { return v != null; }).concat([d.time])) / 10) * 10);
    var c = window.echarts.init(el, null, { renderer: "svg" });
    c.setOption({
      animation: false, textStyle: { fontFamily: "inherit" },
      tooltip: { trigger: "axis", renderMode: "richText" },
      legend: { data: ["预算执行率%", "时间进度%"], top: 0 },
      grid: { left: 50, right: 20, top: 40, bottom: 40 },
      xAxis: { type: "category", data: d.names, axisLabel: { interval: 0, width: 90, overflow: "truncate" } },
      yAxis: { type: "value", name: "%", min: 0, max: top },
      series: [
        { name: "预算执行率%", type: "bar", data: d.rates, label: { show: true, position: "top" },
          itemStyle: { color: function (p) { return p.value != null && p.value < d.time ? "#c0392b" : "#2e7d32"; } } },
        { name: "时间进度%", type: "line", data: d.names.map(function () { return d.time; }), symbol: "none", lineStyle: { type: "dashed" } }
      ]
    });
    window.addEventListener("resize", function () { c.resize(); });
    el.dataset.ready = "1";
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", monitorChart); else monitorChart();
})();
