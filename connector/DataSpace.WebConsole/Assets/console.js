// DataSpace console: draws the charts the server rendered as <canvas data-chart="{...}"> with Chart.js (vendored,
// served by the console). The chart's data come from the page; nothing is fetched from elsewhere.
document.querySelectorAll("canvas[data-chart]").forEach(function (canvas) {
  var spec = JSON.parse(canvas.getAttribute("data-chart"));
  new Chart(canvas, {
    type: spec.type,
    data: { labels: spec.labels, datasets: spec.datasets },
    options: { animation: false, responsive: true, plugins: { legend: { display: spec.datasets.length > 1 } } }
  });
});
