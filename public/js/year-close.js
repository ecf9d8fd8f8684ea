// Progress of closing the year: polls the run's status and updates the bar; reloads when finished.
// Without JavaScript the page refreshes itself through the HTTP Refresh header.
(function () {
  var box = document.querySelector("[data-run-status]");
  if (!box || box.getAttribute("data-status") !== "RUNNING") return;
  var url = box.getAttribute("data-run-status");
  var bar = box.querySelector("progress");
  var step = box.querySelector("[data-step]");
  var pct = box.querySelector("[data-percent]");
  function poll() {
    fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then(function (r) {
        return r.json();
      })
      .then(function (s) {
        if (bar) bar.value = s.progress;
        if (pct) pct.textContent = s.progress + "%";
        if (step) step.textContent = s.stepName || "";
        if (s.status !== "RUNNING") window.location.reload();
        else setTimeout(poll, 1000);
      })
      .catch(function () {
        setTimeout(poll, 3000);
      });
  }
  setTimeout(poll, 1000);
})();
