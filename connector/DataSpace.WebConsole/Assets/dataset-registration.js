// DataSpace console: the progress bar of a dataset registration (/datasets?registration={id}). The connector reads the
// file; the console follows it and sends its progress as server-sent events (/events/datasets/registrations/{id},
// Supplier/DatasetEvents.cs): "progress" {bytesRead, bytesTotal, percent}, then "done" {dataset} or "failed" {error},
// when this script reloads the page, which the console then renders with the outcome. The bar's width is set here (the
// content security policy allows no inline style). Nothing is fetched from elsewhere.
(function () {
  var bar = document.getElementById("registration-progress");
  if (!bar) {
    return;
  }

  var lang = document.documentElement.lang || undefined;
  var inner = bar.querySelector(".progress-bar");
  var status = document.getElementById("registration-status");
  var template = status ? status.getAttribute("data-text") : null;

  function show(percent) {
    bar.setAttribute("aria-valuenow", String(percent));
    inner.style.width = percent + "%";
    inner.textContent = percent + " %";
  }

  show(Number(bar.getAttribute("aria-valuenow")) || 0);
  var events = bar.getAttribute("data-events");
  if (!events || !window.EventSource) {
    return;
  }

  var source = new EventSource(events);
  source.addEventListener("progress", function (event) {
    var progress = JSON.parse(event.data);
    show(progress.percent);
    if (status && template) {
      status.textContent = template
        .replace("{read}", Number(progress.bytesRead).toLocaleString(lang))
        .replace("{total}", Number(progress.bytesTotal).toLocaleString(lang));
    }
  });

  function end() {
    source.close();
    bar.setAttribute("data-following", "ended");
    window.location.replace(window.location.href);
  }

  source.addEventListener("done", function () {
    show(100);
    end();
  });
  source.addEventListener("failed", end);
})();
