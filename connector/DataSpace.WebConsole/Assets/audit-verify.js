// DataSpace console: the progress bar of a verification of the signed log (/audit?verification={id}). The console
// verifies in the background (Auditor/Verifications.cs) and sends the verifier's progress as server-sent events
// (/events/audit/verifications/{id}, Auditor/VerificationEvents.cs): "progress" {phase, checked, total, percent}, then
// "done", when this script reloads the page, which the console then renders with the result. The bar's width is set
// here (the content security policy allows no inline style). Nothing is fetched from elsewhere.
(function () {
  var bar = document.getElementById("verify-progress");
  if (!bar) {
    return;
  }

  var lang = document.documentElement.lang || undefined;
  var inner = bar.querySelector(".progress-bar");
  var status = document.getElementById("verify-status");

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
    status.textContent = progress.phase === "Downloading"
      ? status.getAttribute("data-text-downloading")
      : status.getAttribute("data-text-verifying")
        .replace("{checked}", Number(progress.checked).toLocaleString(lang))
        .replace("{total}", Number(progress.total).toLocaleString(lang));
  });

  source.addEventListener("done", function () {
    source.close();
    window.location.replace(window.location.href);
  });
})();
