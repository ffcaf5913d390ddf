// DataSpace console: follows a job's state on its page (/jobs/{id}) with the server-sent events of the console
// (/events/jobs/{id}, Operator/JobEvents.cs). The console polls the connector for the open stream and ends the stream
// when the job ends (or the connector refuses); once the last event has come, this script closes the source as the
// stream ends, so the browser does not reconnect. Nothing is fetched from elsewhere.
(function () {
  var live = document.querySelector("[data-job-events]");
  if (!live || !window.EventSource) {
    return;
  }

  var lang = document.documentElement.lang || undefined;
  var final = (live.getAttribute("data-final-states") || "").split(" ");
  var source = new EventSource(live.getAttribute("data-job-events"));
  var last = false;

  function show(id, text) {
    var element = document.getElementById(id);
    if (element) {
      element.textContent = text === null || text === undefined ? "" : String(text);
    }
  }

  source.addEventListener("state", function (event) {
    var job = JSON.parse(event.data);
    show("job-state", job.state);
    document.getElementById("job-state").setAttribute("data-state", job.state);
    show("job-reason", job.reason);
    show("job-rows", job.rowsProcessed === null ? "" : Number(job.rowsProcessed).toLocaleString(lang));
    show("job-finished", job.finishedAt
      ? new Date(job.finishedAt).toLocaleString(lang, { year: "numeric", month: "numeric", day: "numeric", hour: "numeric", minute: "2-digit" })
      : "");
    last = final.indexOf(job.state) >= 0;
  });

  source.addEventListener("problem", function (event) {
    last = true;
    show("job-problem", JSON.parse(event.data).detail);
    document.getElementById("job-problem").classList.remove("d-none");
  });

  // The server ended the stream: after the last event, stay closed; otherwise (a broken stream) the browser reconnects.
  source.addEventListener("error", function () {
    if (last) {
      source.close();
      live.setAttribute("data-following", "ended");
    }
  });
})();
