// DataSpace console: draws the usage page's gauges, <canvas data-gauge='{"value": 1, "max": 4, "labels": [...]}'>, as
// Chart.js half doughnuts (vendored, served by the console): the part used, and the part left. The numbers themselves
// are in the page as text, in the reader's language; nothing is fetched from elsewhere. Loaded with defer, so Chart.js
// (at the end of the body) is there when it runs.
(function () {
  if (!window.Chart) {
    return;
  }

  document.querySelectorAll("canvas[data-gauge]").forEach(function (canvas) {
    var gauge = JSON.parse(canvas.getAttribute("data-gauge"));
    var used = Math.max(Math.min(gauge.value, gauge.max), 0);
    var full = gauge.max > 0 && gauge.value >= gauge.max;
    new Chart(canvas, {
      type: "doughnut",
      data: {
        labels: gauge.labels,
        datasets: [{ data: [used, Math.max(gauge.max - used, 0)], backgroundColor: [full ? "#dc3545" : "#0d6efd", "#e9ecef"], borderWidth: 0 }]
      },
      options: { animation: false, responsive: false, rotation: -90, circumference: 180, cutout: "70%", plugins: { legend: { display: false } } }
    });
  });
})();
