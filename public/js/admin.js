// Progressive enhancement for /admin pages; everything works without it.
(function () {
  "use strict";

  // The create form: propose a free login from the typed name until the login is edited by hand.
  var form = document.querySelector("form[data-login-suggest]");
  if (form) {
    var login = form.elements.namedItem("login");
    var edited = !!(login && login.value);
    if (login)
      login.addEventListener("input", function () {
        edited = login.value !== "";
      });
    var suggest = function () {
      if (!login || edited) return;
      var last = form.elements.namedItem("lastName").value.trim();
      var first = form.elements.namedItem("firstName").value.trim();
      var middle = form.elements.namedItem("middleName").value.trim();
      if (!last || !first) return;
      var qs = new URLSearchParams({ lastName: last, firstName: first, middleName: middle });
      fetch("/admin/users/login-suggestion?" + qs.toString(), { headers: { accept: "application/json" }, credentials: "same-origin" })
        .then(function (r) {
          return r.ok ? r.json() : null;
        })
        .then(function (data) {
          if (data && data.login && !edited) login.value = data.login;
        })
        .catch(function () {
          /* the server makes one on submit */
        });
    };
    ["lastName", "firstName", "middleName"].forEach(function (name) {
      var el = form.elements.namedItem(name);
      if (el) el.addEventListener("change", suggest);
    });
  }

  // The password slip: a print button.
  document.querySelectorAll(".print-button").forEach(function (btn) {
    btn.hidden = false;
    btn.addEventListener("click", function () {
      window.print();
    });
  });
})();
