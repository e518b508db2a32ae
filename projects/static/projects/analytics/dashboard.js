// Draws the leader dashboard's charts from the JSON the page carries (#dashboard-data).
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("dashboard-data").textContent);
  var L = data.labels;
  var charts = [];
  var narrow = function () { return window.innerWidth < 576; };

  function draw(id, option) {
    var el = document.getElementById(id);
    if (!el || !window.echarts) { return; }
    var chart = window.echarts.init(el, null, { renderer: "svg" });
    chart.setOption(option);
    charts.push(chart);
  }

  var grid = { left: 8, right: 16, top: 40, bottom: 8, containLabel: true };

  draw("chart-funnel", {
    tooltip: { trigger: "axis", axisPointer: { type: "shadow" } },
    grid: grid,
    xAxis: { type: "value", minInterval: 1 },
    yAxis: { type: "category", inverse: true, data: data.funnel.stages.map(function (s) { return s.label; }) },
    series: [{ name: L.projects, type: "bar", data: data.funnel.stages.map(function (s) { return s.count; }),
               label: { show: true, position: "right" } }]
  });

  draw("chart-months", {
    tooltip: { trigger: "axis", valueFormatter: function (v) { return v == null ? "—" : v + "%"; } },
    legend: { type: "scroll", bottom: 0 },
    grid: { left: 8, right: 16, top: 16, bottom: 40, containLabel: true },
    xAxis: { type: "category", data: data.months.months, axisLabel: { rotate: narrow() ? 45 : 0 } },
    yAxis: { type: "value", axisLabel: { formatter: "{value}%" }, max: function (v) { return Math.max(100, v.max); } },
    series: data.months.series.map(function (s) {
      // A month where nothing fell due is a gap (null), never a line through it or a 0%.
      return { name: s.label, type: "line", connectNulls: false, showSymbol: true, data: s.percent };
    })
  });

  function byGroup(rows) {
    return {
      tooltip: { trigger: "axis", axisPointer: { type: "shadow" } },
      legend: { top: 0 },
      grid: grid,
      xAxis: [
        { type: "value", minInterval: 1, splitNumber: 3, axisLabel: { hideOverlap: true } },
        { type: "value", splitNumber: 3, axisLabel: { hideOverlap: true } }
      ],
      yAxis: { type: "category", inverse: true, data: rows.map(function (r) { return r.label; }) },
      series: [
        { name: L.projects, type: "bar", xAxisIndex: 0, data: rows.map(function (r) { return r.projects; }) },
        { name: L.investment, type: "bar", xAxisIndex: 1, data: rows.map(function (r) { return Math.round(r.investment_yi * 100) / 100; }) }
      ]
    };
  }
  draw("chart-platforms", byGroup(data.platforms));
  draw("chart-chains", byGroup(data.chains));

  window.addEventListener("resize", function () { charts.forEach(function (c) { c.resize(); }); });
})();
