// Timetable pages: a print button, and the change form shows only the fields of the chosen kind.
(function () {
  "use strict";
  document.querySelectorAll(".js-print").forEach(function (b) {
    b.hidden = false;
    b.addEventListener("click", function () {
      window.print();
    });
  });
  var kind = document.querySelector('select[name="kind"]');
  if (kind) {
    var sync = function () {
      document.querySelectorAll("fieldset[data-kind]").forEach(function (fs) {
        fs.hidden = fs.getAttribute("data-kind") !== kind.value;
      });
    };
    kind.addEventListener("change", sync);
    sync();
  }
})();
