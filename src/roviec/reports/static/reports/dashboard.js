/* Trend chart of the dashboard: stacked bars per month due, with the on-time share as a line. */
(function () {
  "use strict";
  function draw() {
    var canvas = document.getElementById("trend-chart");
    var dataNode = document.getElementById("trend-data");
    if (!canvas || !dataNode || typeof Chart === "undefined") { return; }
    var data = JSON.parse(dataNode.textContent);
    var names = JSON.parse(document.getElementById("trend-labels").textContent);
    var colours = { done_on_time: "#2e7d32", done_late: "#f9a825", overdue: "#c62828", within_deadline: "#90caf9" };
    var datasets = ["done_on_time", "done_late", "overdue", "within_deadline"].map(function (key) {
      return { type: "bar", label: names[key], data: data.series[key], backgroundColor: colours[key], stack: "n", yAxisID: "y" };
    });
    datasets.push({ type: "line", label: names.on_time_percent, data: data.series.on_time_percent,
                    borderColor: "#1565c0", backgroundColor: "#1565c0", yAxisID: "rate", spanGaps: true, tension: 0.2 });
    new Chart(canvas, {
      data: { labels: data.labels, datasets: datasets },
      options: {
        animation: false, maintainAspectRatio: false, responsive: true,
        scales: {
          y: { stacked: true, beginAtZero: true, ticks: { precision: 0 } },
          x: { stacked: true },
          rate: { position: "right", min: 0, max: 100, grid: { drawOnChartArea: false } }
        }
      }
    });
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", draw); } else { draw(); }
})();
