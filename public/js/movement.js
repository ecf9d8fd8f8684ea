// Movement order form, progressive enhancement only: without this file every field is shown.
(function () {
  "use strict";
  var form = document.querySelector("form.movement-form");
  if (!form) return;
  var kind = form.elements.namedItem("kind");
  var sync = function () {
    form.querySelectorAll("[class*='kind-']").forEach(function (el) {
      el.hidden = !el.classList.contains("kind-" + kind.value);
    });
  };
  kind.addEventListener("change", sync);
  sync();
})();
