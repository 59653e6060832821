// The dashboard: every figure is fetched from the JSON API (the apps' summary endpoints and
// the 督办 board), as a dashboard hosted elsewhere would read it, and every number links to
// the list of records behind it (the API's drill-down links). Served as a static file: the
// Content-Security-Policy allows no inline script.
(function () {
  "use strict";

  var config = JSON.parse(document.getElementById("dashboard-config").textContent);
  var text = config.text;
  var charts = {};
  var locale = config.language === "en" ? "en" : "zh-CN";
  var palette = { onTime: "#3fa36b", dueSoon: "#e0a526", overdue: "#d9534f" };

  // --- reading the API ---------------------------------------------------------------------

  // One request at a time: a wall screen left running must not load the office's server
  // (two cores) with a burst of twenty, and each answer is small.
  var queue = Promise.resolve();

  function getJSON(url, params) {
    var answer = queue.then(function () { return fetchJSON(url, params); });
    queue = answer.catch(function () {});
    return answer;
  }

  function fetchJSON(url, params) {
    var query = new URLSearchParams(params || {}).toString();
    return fetch(url + (query ? "?" + query : ""), {
      credentials: "same-origin",
      headers: { "Accept": "application/json", "Accept-Language": config.language },
    }).then(function (response) {
      if (!response.ok) {
        var error = new Error("HTTP " + response.status);
        error.status = response.status;
        throw error;
      }
      return response.json();
    });
  }

  // One answer per app, {app: answer}, from the endpoints ``urls`` ({app: url}).
  function perApp(urls, year) {
    var names = Object.keys(urls);
    return Promise.all(names.map(function (name) {
      return getJSON(urls[name], { year: year });
    })).then(function (answers) {
      var byName = {};
      names.forEach(function (name, i) { byName[name] = answers[i]; });
      return byName;
    });
  }

  function summaries(year) { return perApp(config.summaries, year); }

  // The year's figures: the summaries, and the indicators the tiles show (``indicators``).
  function figures(year) {
    return summaries(year).then(function (answers) {
      return indicators(year).then(function (byCode) {
        answers.indicators = byCode;
        return answers;
      });
    });
  }

  // Last year's figures give the 同比; a year the API refuses (before its first) gives none.
  function previousSummaries(year) {
    return summaries(year - 1).catch(function () { return {}; });
  }

  // The board's open items by line and timeliness, in one request; each count with the
  // link of the very list it counts. A line the user may not view is left out.
  function health() {
    return getJSON(config.counts, { is_open: "true" }).then(function (answer) {
      var byArea = {};
      answer.forEach(function (row) { byArea[row.area.value] = row; });
      return config.areas.filter(function (area) { return byArea[area.value]; })
        .map(function (area) {
          var row = byArea[area.value];
          return { area: area, open: row.total, on_time: row.on_time,
                   due_soon: row.due_soon, overdue: row.overdue };
        });
    });
  }

  // "a.b[field=value].c" in an answer; an item of a list is picked by a field's value (or
  // by the value of a labelled choice, {"value": …, "label": …}).
  function find(answer, path) {
    var node = answer;
    path.split(".").forEach(function (step) {
      if (node === undefined || node === null) { return; }
      var match = /^([^[]+)(?:\[([^=]+)=([^\]]+)\])?$/.exec(step);
      node = node[match[1]];
      if (match[2] && Array.isArray(node)) {
        node = node.find(function (item) {
          var value = item[match[2]];
          return String(value && typeof value === "object" ? value.value : value) === match[3];
        });
      }
    });
    return node;
  }

  // --- numbers -----------------------------------------------------------------------------

  // At most ``decimals`` places, trailing zeros dropped (87, 2.72, 390.2), as the report
  // writes the same figure.
  function formatNumber(value, decimals) {
    return new Intl.NumberFormat(locale, {
      minimumFractionDigits: 0, maximumFractionDigits: decimals,
    }).format(value);
  }

  function formatGrowth(percent) {
    var sign = percent > 0 ? "+" : (percent < 0 ? "−" : "±");
    return sign + new Intl.NumberFormat(locale, {
      minimumFractionDigits: 1, maximumFractionDigits: 1,
    }).format(Math.abs(percent)) + "%";
  }

  // The 同比 of a tile's figure: an indicator's own (the core computes it); for a figure
  // of a summary, against last year's answer; none for a stock counted to date.
  function growth(tile, figure, previous, measure) {
    if (tile.hasAttribute("data-indicator")) {
      return figure.yoy_growth === null || figure.yoy_growth === undefined
        ? null : Number(figure.yoy_growth);
    }
    if (!tile.hasAttribute("data-compare")) { return undefined; }
    if (!previous) { return undefined; }  // last year's not loaded (yet), or refused
    var before = Number(previous[measure]);
    if (!before) { return null; }
    return (Number(figure[measure]) - before) * 100 / before;
  }

  // An indicator's latest value in the year (its highest month), as the report reads it.
  function indicators(year) {
    var tiles = Array.prototype.slice.call(document.querySelectorAll(".tile[data-indicator]"));
    return Promise.all(tiles.map(function (tile) {
      var code = tile.getAttribute("data-indicator");
      return getJSON(config.indicatorValues, {
        indicator: code, year: year, ordering: "-month", limit: 1,
      }).then(function (page) {
        var value = page.results[0];
        return value ? [code, Object.assign({ link: tile.getAttribute("data-link") }, value)]
          : [code, null];
      });
    })).then(function (pairs) {
      var byCode = {};
      pairs.forEach(function (pair) { byCode[pair[0]] = pair[1]; });
      return byCode;
    });
  }

  function tileFigure(tile, current) {
    var code = tile.getAttribute("data-indicator");
    if (code) { return { figure: (current.indicators || {})[code], measure: "value" }; }
    return {
      figure: find(current[tile.getAttribute("data-source")], tile.getAttribute("data-path")),
      measure: tile.getAttribute("data-measure"),
    };
  }

  function showHeadlines(current, previous) {
    document.querySelectorAll(".tile").forEach(function (tile) {
      var found = tileFigure(tile, current);
      var figure = found.figure;
      var measure = found.measure;
      var number = tile.querySelector(".number");
      var yoy = tile.querySelector(".yoy");
      if (!figure || figure[measure] === null || figure[measure] === undefined) {
        number.textContent = "–";
        tile.removeAttribute("href");
        yoy.textContent = "";
        return;
      }
      var value = Number(figure[measure]) / Number(tile.getAttribute("data-divide-by"));
      number.textContent = formatNumber(value, Number(tile.getAttribute("data-decimals")));
      tile.href = figure.link;
      tile.title = figure.caption || figure.name || "";
      var before = tile.hasAttribute("data-source")
        ? find(previous[tile.getAttribute("data-source")], tile.getAttribute("data-path"))
        : undefined;
      var change = growth(tile, figure, before, measure);
      yoy.classList.remove("up", "down");
      if (change === undefined) {
        yoy.textContent = "";
      } else if (change === null) {
        yoy.textContent = text.yoy + " —";
        yoy.title = text.noComparison;
      } else {
        yoy.textContent = text.yoy + " " + formatGrowth(change);
        yoy.title = "";
        yoy.classList.add(change > 0 ? "up" : (change < 0 ? "down" : "flat"));
      }
    });
  }

  // --- charts ------------------------------------------------------------------------------

  function chart(id) {
    if (!charts[id]) {
      charts[id] = echarts.init(document.getElementById(id), config.wall ? "dark" : null);
      // Every bar, point and slice that carries a link opens the records behind it.
      charts[id].on("click", function (params) {
        if (params.data && params.data.link) { window.location.href = params.data.link; }
      });
    }
    return charts[id];
  }

  var size = config.wall ? 15 : 12;

  function axis(options) {
    return Object.assign({ axisLabel: { fontSize: size } }, options);
  }

  // A category axis of a few names (statuses, communities): every name shown, wrapped.
  function names(data, count) {
    return axis({ type: "category", data: data, axisLabel: {
      fontSize: size, interval: 0, overflow: "break", width: Math.max(48, 560 / (count || 1)),
    } });
  }

  function barLabel(extra) {
    return Object.assign({
      show: true, fontSize: size,
      formatter: function (p) { return p.value ? formatNumber(p.value, 0) : ""; },
    }, extra);
  }

  function base(extra) {
    return Object.assign({
      backgroundColor: "transparent",
      animationDuration: 500,
      textStyle: { fontSize: size },
      tooltip: { trigger: "item" },
      grid: { left: 8, right: 16, top: 36, bottom: 8, containLabel: true },
      legend: { top: 0, textStyle: { fontSize: size } },
    }, extra);
  }

  function linked(figure, name) {
    return { value: Number(figure.count), link: figure.link, name: name || figure.caption };
  }

  // A monthly series of figures (twelve, January first) as chart data with links.
  function monthly(series, measure) {
    return (series || []).map(function (figure) {
      return { value: Number(figure[measure || "count"]), link: figure.link };
    });
  }

  // "2024-03" as the page's language names the month: 3月, Mar.
  var monthName = new Intl.DateTimeFormat(locale, { month: "short", timeZone: "UTC" });

  function monthLabels(series) {
    return (series || []).map(function (figure) {
      var month = /^(\d{4})-(\d{2})$/.exec(figure.month);
      return month ? monthName.format(Date.UTC(Number(month[1]), Number(month[2]) - 1, 1))
        : String(figure.month);
    });
  }

  function trend(id, lines, kind) {
    var first = lines[0].series;
    chart(id).setOption(base({
      tooltip: { trigger: "axis" },
      xAxis: axis({ type: "category", data: monthLabels(first) }),
      yAxis: axis({ type: "value", minInterval: 1 }),
      series: lines.map(function (line) {
        return { name: line.name, type: kind || "bar", data: monthly(line.series, line.measure),
                 smooth: true, cursor: "pointer" };
      }),
    }), true);
  }

  // The apps' monthly series (one figure per month, each with its link).
  function showTrends(series) {
    trend("chart-investment", [{ name: text.investment, measure: "amount",
                                 series: series.projects.investment_completed }]);
    trend("chart-handovers", [{ name: text.unitsHandedOver,
                                series: series.resettlement.handovers }]);
    trend("chart-hazards", [
      { name: text.hazardsFound, series: series.safety.hazards_found },
      { name: text.hazardsRectified, series: series.safety.hazards_rectified },
    ], "line");
    trend("chart-training", [{ name: text.personTimes, measure: "person_times",
                               series: series.partybuilding.training }]);
  }

  function showHealth(rows) {
    var labels = rows.map(function (row) { return row.area.label; });
    function series(name, color, value) {
      return {
        name: name, type: "bar", stack: "items", color: color, cursor: "pointer",
        label: barLabel(),
        data: rows.map(value),
      };
    }
    chart("chart-health").setOption(base({
      tooltip: { trigger: "axis", axisPointer: { type: "shadow" } },
      xAxis: axis({ type: "value", minInterval: 1 }),
      yAxis: axis({ type: "category", data: labels, inverse: true }),
      series: [
        series(text.onTime, palette.onTime, function (row) {
          return { value: row.on_time.count, link: row.on_time.link };
        }),
        series(text.dueSoon, palette.dueSoon, function (row) {
          return { value: row.due_soon.count, link: row.due_soon.link };
        }),
        series(text.overdue, palette.overdue, function (row) {
          return { value: row.overdue.count, link: row.overdue.link };
        }),
      ],
    }), true);
    rows.forEach(function (row) {
      var tr = document.querySelector('#health-table tr[data-area="' + row.area.value + '"]');
      if (!tr) { return; }
      ["open", "due_soon", "overdue"].forEach(function (key) {
        var cell = tr.querySelector('[data-count="' + key + '"]');
        var link = document.createElement("a");
        link.href = row[key].link;
        link.textContent = formatNumber(row[key].count, 0);
        cell.replaceChildren(link);
      });
    });
  }

  function showCommunities(current) {
    var rows = current.resettlement.handovers_by_community || [];
    chart("chart-communities").setOption(base({
      tooltip: { trigger: "axis", axisPointer: { type: "shadow" } },
      xAxis: names(rows.map(function (row) { return row.in_year.caption; }), rows.length),
      yAxis: axis({ type: "value", minInterval: 1 }),
      series: [
        { name: text.inYear, type: "bar", cursor: "pointer", label: barLabel({ position: "top" }),
          data: rows.map(function (row) { return linked(row.in_year); }) },
        { name: text.cumulative, type: "bar", cursor: "pointer",
          data: rows.map(function (row) { return linked(row.cumulative); }) },
      ],
    }), true);
  }

  function showProjects(current) {
    var stages = current.projects.projects_by_stage || [];
    var statuses = current.projects.projects_by_status || [];
    chart("chart-stages").setOption(base({
      legend: { show: false },
      series: [{
        type: "pie", radius: ["35%", "68%"], cursor: "pointer",
        label: { formatter: "{b}\n{c}", fontSize: config.wall ? 15 : 12 },
        data: stages.map(function (row) { return linked(row); }),
      }],
    }), true);
    chart("chart-statuses").setOption(base({
      legend: { show: false },
      tooltip: { trigger: "axis", axisPointer: { type: "shadow" } },
      xAxis: names(statuses.map(function (row) { return row.caption; }), statuses.length),
      yAxis: axis({ type: "value", minInterval: 1 }),
      series: [{ type: "bar", cursor: "pointer", colorBy: "data",
                 label: barLabel({ position: "top" }),
                 data: statuses.map(function (row) { return linked(row); }) }],
    }), true);
  }

  // --- the page ----------------------------------------------------------------------------

  function showStatus(message) {
    var status = document.getElementById("status");
    status.textContent = message || "";
    status.hidden = !message;
  }

  var lastYear = {};

  // A session that has expired (a wall screen runs for days) is refused: load the page
  // again, which sends the browser to the login page and back. At most once in five
  // minutes, so that a real refusal shows its message instead of reloading for ever.
  function reloadToLogIn() {
    var key = "cuizhai-dashboard-reloaded-at";
    var last = Number(window.sessionStorage.getItem(key) || 0);
    if (Date.now() - last < 5 * 60 * 1000) { return false; }
    window.sessionStorage.setItem(key, String(Date.now()));
    window.location.reload();
    return true;
  }

  function load() {
    document.body.setAttribute("data-state", "loading");
    // What the year's summaries give is drawn as soon as they arrive; the board's counts
    // next; last year's figures (for 同比) last.
    return figures(config.year)
      .then(function (current) {
        showStatus("");
        showHeadlines(current, lastYear);  // a refresh keeps the 同比 it had meanwhile
        showCommunities(current);
        showProjects(current);
        return perApp(config.series, config.year).then(function (series) {
          showTrends(series);
          return health();
        }).then(function (rows) {
          showHealth(rows);
          return previousSummaries(config.year);
        }).then(function (previous) {
          lastYear = previous;
          showHeadlines(current, previous);
        });
      })
      .then(function () {
        document.getElementById("updated").textContent = text.updated.replace(
          "{time}", new Date().toLocaleTimeString(locale, { hour: "2-digit", minute: "2-digit" }));
        document.body.setAttribute("data-state", "ready");
      })
      .catch(function (error) {
        if ((error.status === 401 || error.status === 403) && reloadToLogIn()) { return; }
        showStatus(text.failed.replace("{status}", error.status || error.message));
        document.body.setAttribute("data-state", "failed");
      });
  }

  document.addEventListener("DOMContentLoaded", function () {
    var year = document.getElementById("year");
    year.addEventListener("change", function () { year.form.submit(); });
    var fullscreen = document.getElementById("fullscreen");
    if (fullscreen) {
      fullscreen.addEventListener("click", function () {
        document.documentElement.requestFullscreen();
      });
    }
    window.addEventListener("resize", function () {
      Object.keys(charts).forEach(function (id) { charts[id].resize(); });
    });
    // The wall screen loads again a while after each load has finished (never two at once).
    (function next() {
      load().then(function () {
        if (config.refreshSeconds) { window.setTimeout(next, config.refreshSeconds * 1000); }
      });
    })();
  });
})();
