// jixiao web pages: small enhancements on top of server-rendered forms.
// Everything works without this file except the charts, pasting into
// tables and upload progress bars. No inline scripts: the page's
// Content-Security-Policy allows scripts from this site only.
(function () {
  "use strict";

  // Forms with data-confirm ask before they submit (deletions, submitting
  // for review).
  document.addEventListener("submit", function (e) {
    var f = e.target;
    if (f.dataset && f.dataset.confirm && !window.confirm(f.dataset.confirm)) {
      e.preventDefault();
      e.stopImmediatePropagation();
    }
  }, true);

  // Upload progress for htmx forms marked data-progress.
  document.addEventListener("htmx:xhr:progress", function (e) {
    var form = e.target.closest && e.target.closest("form[data-progress]");
    if (!form || !e.detail.lengthComputable) return;
    var bar = form.querySelector("progress");
    if (bar) {
      bar.hidden = false;
      bar.value = Math.round(e.detail.loaded * 100 / e.detail.total);
    }
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

  // gradeColor matches the grade badges of the pages (app.css).
  function gradeColor(g) {
    if (/^优/.test(g)) return "#1e7b34";
    if (/^良/.test(g)) return "#2f6fad";
    if (/^(中|一般|合格)/.test(g)) return "#9a6700";
    if (g === "未能评分") return "#8a94a3";
    return "#b42318";
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

  // axisTip is the tooltip of a category on a line chart: each series'
  // name and value.
  function axisTip(ps) {
    var lines = [text(ps.length ? ps[0].axisValueLabel : "")];
    ps.forEach(function (p) {
      if (p.value != null) lines.push(text(p.seriesName) + "：" + text(p.value));
    });
    return lines.join("\n");
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
        data: d.grades.map(function (g) { return { value: g.count, itemStyle: { color: gradeColor(g.label) } }; }) }]
    });
    var scatter = make("chart-scatter", {
      grid: { left: 50, right: 20, top: 20, bottom: 40 },
      tooltip: { renderMode: "richText", formatter: function (p) { return text(p.data.name) + "\n执行率 " + p.data.value[0] + "%，得分 " + p.data.value[1] + "（" + text(p.data.grade) + "）"; } },
      xAxis: { type: "value", name: "预算执行率%", nameLocation: "middle", nameGap: 25, scale: true },
      yAxis: { type: "value", name: "得分", scale: true },
      series: [{ type: "scatter", symbolSize: 10, data: d.scatter.map(function (p) { return { name: p.name, id: p.id, grade: p.grade, value: [p.x, p.y] }; }) }]
    });
    if (scatter) scatter.on("click", function (p) { if (p.data && p.data.id) window.location.href = "/evaluations/" + p.data.id; });
    make("chart-findings", {
      grid: { left: 200, right: 30, top: 10, bottom: 20 },
      xAxis: { type: "value", minInterval: 1 },
      yAxis: { type: "category", inverse: true, data: d.findings.map(function (f) { return f.label; }), axisLabel: { width: 190, overflow: "truncate" } },
      series: [{ type: "bar", name: "条数", data: d.findings.map(function (f) { return f.count; }) }]
    });
    make("chart-years", {
      grid: { left: 40, right: 20, top: 40, bottom: 30 },
      legend: { type: "scroll", top: 0 },
      tooltip: { renderMode: "richText", trigger: "axis", formatter: axisTip },
      xAxis: { type: "category", data: d.years.map(String) },
      yAxis: { type: "value", scale: true },
      series: d.series.map(function (s, i) { return { type: "line", name: s.name, data: s.values, connectNulls: false, lineStyle: i === 0 ? { width: 3, type: "dashed" } : {} }; })
    });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", charts); else charts();
})();
