// Progressive enhancement only: every page works without this file.
(function () {
  "use strict";
  var meta = function (name) {
    var el = document.querySelector('meta[name="' + name + '"]');
    return el ? el.getAttribute("content") : null;
  };

  // R-SEC-4: warn a minute before the idle timeout and offer to stay.
  var idle = Number(meta("idle-seconds") || 0);
  if (idle > 0) {
    var warnTimer,
      box = document.getElementById("idle-warning");
    var schedule = function (seconds) {
      clearTimeout(warnTimer);
      warnTimer = setTimeout(
        function () {
          if (box) box.hidden = false;
          var stay = document.getElementById("idle-stay");
          if (stay) stay.focus();
        },
        Math.max(5, seconds - 60) * 1000,
      );
    };
    schedule(idle);
    var stayBtn = document.getElementById("idle-stay");
    if (stayBtn)
      stayBtn.addEventListener("click", function () {
        fetch("/session/keepalive", {
          method: "POST",
          headers: { "x-csrf-token": meta("csrf-token") || "", accept: "application/json" },
          credentials: "same-origin",
        })
          .then(function (r) {
            return r.ok ? r.json() : Promise.reject(r);
          })
          .then(function (data) {
            box.hidden = true;
            schedule(data.idleSeconds || idle);
          })
          .catch(function () {
            window.location.href = "/login?expired=1";
          });
      });
  }

  // R-INT-2: typed values of a form are kept in the browser until it is submitted,
  // so nothing is lost if the page is closed or the session ends.
  var key = function (form) {
    return "draft:" + location.pathname + ":" + (form.getAttribute("action") || "");
  };
  document.querySelectorAll("form[data-draft]").forEach(function (form) {
    var saved = null;
    try {
      saved = JSON.parse(localStorage.getItem(key(form)) || "null");
    } catch {
      saved = null;
    }
    if (saved && !form.querySelector("[aria-invalid]")) {
      Object.keys(saved).forEach(function (name) {
        var el = form.elements.namedItem(name);
        if (el && "value" in el && el.type !== "hidden" && el.type !== "password" && !el.value) el.value = saved[name];
      });
    }
    form.addEventListener("input", function () {
      var data = {};
      Array.prototype.forEach.call(form.elements, function (el) {
        if (el.name && el.type !== "hidden" && el.type !== "password" && el.type !== "submit") data[el.name] = el.value;
      });
      try {
        localStorage.setItem(key(form), JSON.stringify(data));
      } catch {
        /* storage full or disabled */
      }
    });
    form.addEventListener("submit", function () {
      try {
        localStorage.removeItem(key(form));
      } catch {
        /* ignore */
      }
    });
  });

  // The main menu (views/shared/_nav.ejs) works without this: <details> groups open with a click,
  // Enter or Space. Here: one group open at a time, Escape and a click elsewhere close it, a panel
  // that would stick out of the window opens leftwards, and on a phone the menu folds behind «Меню».
  var nav = document.querySelector(".site-nav");
  if (nav) {
    var groups = nav.querySelectorAll("details[data-nav-group]");
    var toggle = nav.querySelector(".nav-toggle");
    var floating = function (details) {
      var panel = details.querySelector(".nav-panel");
      return panel && getComputedStyle(panel).position === "absolute";
    };
    var closeGroups = function (except) {
      groups.forEach(function (d) {
        if (d !== except) d.open = false;
      });
    };
    var setMenu = function (open) {
      nav.classList.toggle("nav-open", open);
      toggle.setAttribute("aria-expanded", open ? "true" : "false");
    };
    groups.forEach(function (d) {
      d.addEventListener("toggle", function () {
        var panel = d.querySelector(".nav-panel");
        if (!d.open || !panel) return;
        if (floating(d)) closeGroups(d);
        panel.classList.remove("nav-panel-end");
        if (floating(d) && panel.getBoundingClientRect().right > document.documentElement.clientWidth) panel.classList.add("nav-panel-end");
      });
      d.addEventListener("focusout", function (e) {
        if (d.open && floating(d) && e.relatedTarget && !d.contains(e.relatedTarget)) d.open = false;
      });
    });
    if (toggle) {
      nav.classList.add("nav-js");
      toggle.hidden = false;
      toggle.addEventListener("click", function () {
        var open = !nav.classList.contains("nav-open");
        setMenu(open);
        // The group of the current page opens with the menu, so its items are one tap away.
        if (open)
          nav.querySelectorAll("details[data-nav-group]").forEach(function (d) {
            if (d.querySelector("summary[aria-current]")) d.open = true;
          });
      });
    }
    nav.addEventListener("keydown", function (e) {
      if (e.key !== "Escape") return;
      var open = nav.querySelector("details[data-nav-group][open]");
      if (open && floating(open)) {
        open.open = false;
        open.querySelector("summary").focus();
      } else if (toggle && nav.classList.contains("nav-open")) {
        setMenu(false);
        toggle.focus();
      }
    });
    document.addEventListener("click", function (e) {
      if (!nav.contains(e.target))
        groups.forEach(function (d) {
          if (d.open && floating(d)) d.open = false;
        });
    });
  }

  // Confirmation for destructive buttons.
  document.addEventListener("submit", function (e) {
    var msg = e.target.getAttribute("data-confirm");
    if (msg && !window.confirm(msg)) e.preventDefault();
  });
})();
