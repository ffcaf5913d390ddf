// DataSpace console: draws the auditor's charts (/audit/timeline, /audit/activity) that the server rendered as
// <canvas data-audit-chart="{type, labels, datasets, stacked}"> with Chart.js (vendored, served by the console): the
// log's size over time as a line, accesses per day as stacked bars. The data come from the page; nothing is fetched
// from elsewhere. Loaded with "defer", so it runs after Chart.js.
document.querySelectorAll("canvas[data-audit-chart]").forEach(function (canvas) {
  var spec = JSON.parse(canvas.getAttribute("data-audit-chart"));
  var stacked = !!spec.stacked;
  new Chart(canvas, {
    type: spec.type,
    data: { labels: spec.labels, datasets: spec.datasets },
    options: {
      animation: false,
      responsive: true,
      scales: { x: { stacked: stacked }, y: { stacked: stacked, beginAtZero: true, ticks: { precision: 0 } } },
      plugins: { legend: { display: spec.datasets.length > 1 } }
    }
  });
});
