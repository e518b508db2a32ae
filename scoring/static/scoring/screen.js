// The regular meeting's big screen: one bar chart per group, then each unit's rank by month.
(function () {
  const data = JSON.parse(document.getElementById("screen-data").textContent);
  const charts = [];
  data.groups.forEach(function (group, i) {
    const el = document.getElementById("chart-group-" + i);
    if (!el) return;
    const chart = echarts.init(el);
    chart.setOption({
      title: { text: group.label, left: "center" },
      tooltip: { trigger: "axis" },
      grid: { left: 70, right: 20, top: 40, bottom: 20 },
      xAxis: { type: "value" },
      yAxis: { type: "category", inverse: true, data: group.units },
      series: [{ type: "bar", data: group.scores, label: { show: true, position: "right" } }],
    });
    charts.push(chart);
  });
  const trendEl = document.getElementById("chart-trend");
  if (trendEl) {
    const months = data.trend.months;
    const chart = echarts.init(trendEl);
    chart.setOption({
      tooltip: { trigger: "axis" },
      legend: { type: "scroll", bottom: 0 },
      grid: { left: 40, right: 20, top: 20, bottom: 60 },
      xAxis: { type: "category", data: months },
      yAxis: { type: "value", inverse: true, minInterval: 1 },
      series: data.trend.units.map(function (unit) {
        return { name: unit.name, type: "line", data: months.map(function (m) { return unit.ranks[m] ?? null; }) };
      }),
    });
    charts.push(chart);
  }
  window.addEventListener("resize", function () { charts.forEach(function (c) { c.resize(); }); });
})();
