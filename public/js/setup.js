// Setup pages, progressive enhancement only: every form works without this file.
(function () {
  "use strict";

  // The year selector shows the chosen year at once.
  document.querySelectorAll("form[data-autosubmit] select").forEach(function (select) {
    select.addEventListener("change", function () {
      select.form.submit();
    });
  });

  // Load form: offer only the subgroups of the chosen class and subject.
  var subgroup = document.querySelector("select[data-subgroups]");
  if (subgroup) {
    var form = subgroup.form;
    var cls = form.elements.namedItem("classId");
    var subj = form.elements.namedItem("subjectId");
    var filter = function () {
      var c = cls ? cls.value : "";
      var s = subj ? subj.value : "";
      Array.prototype.forEach.call(subgroup.options, function (o) {
        if (!o.value) return;
        var fits = (!c || o.getAttribute("data-class") === c) && (!s || o.getAttribute("data-subject") === s);
        o.hidden = !fits;
        o.disabled = !fits;
        if (!fits && o.selected) subgroup.value = "";
      });
    };
    if (cls) cls.addEventListener("change", filter);
    if (subj) subj.addEventListener("change", filter);
    filter();
  }

  // Subgroup members: tick every student who is not in another subgroup of the subject.
  var all = document.querySelector("[data-check-all]");
  if (all)
    all.addEventListener("click", function () {
      all
        .closest("form")
        .querySelectorAll('input[type="checkbox"][name="studentIds"]')
        .forEach(function (box) {
          if (!box.hasAttribute("data-elsewhere")) box.checked = true;
        });
    });
})();
