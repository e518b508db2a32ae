// Draws each chain's links as an ECharts tree coloured by state (#chain-map-data); phones get the list.
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("chain-map-data").textContent);
  var L = data.labels;
  var colours = { strong: "#198754", weak: "#cc8a00", missing: "#dc3545", "": "#0d6efd" };

  function decorate(node) {
    var colour = colours[node.state || ""];
    node.itemStyle = { color: colour, borderColor: colour };
    if (node.state) {
      node.name = node.name + "（" + node.firms + "/" + node.projects + "）";
    }
    (node.children || []).forEach(decorate);
    return node;
  }

  data.chains.forEach(function (chain) {
    var el = document.getElementById("chain-tree-" + chain.id);
    if (!el || !window.echarts || el.offsetParent === null) { return; }
    var chart = window.echarts.init(el, null, { renderer: "svg" });
    chart.setOption({
      tooltip: {
        formatter: function (p) {
          var d = p.data;
          if (!d.state) { return d.name; }
          return d.name + "<br>" + L.states[d.state] + "<br>" + L.firms + "：" + d.firms +
            "<br>" + L.projects + "：" + d.projects + "<br>" + L.targets + "：" + d.targets;
        }
      },
      series: [{
        type: "tree", data: [decorate(chain.tree)], top: 16, left: 90, bottom: 16, right: 200,
        symbolSize: 12, initialTreeDepth: 4, expandAndCollapse: true,
        label: { position: "left", verticalAlign: "middle", align: "right" },
        leaves: { label: { position: "right", align: "left" } }
      }]
    });
    window.addEventListener("resize", function () { chart.resize(); });
  });
})();
