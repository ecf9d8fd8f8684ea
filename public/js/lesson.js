// The lesson page on a phone or a touch tablet (views/journal/_lesson-phone.ejs; progressive
// enhancement: without this file the radio buttons go with the form, all or nothing).
// Each tap is saved on its own through the grid's JSON endpoints (POST …/marks and …/attendance)
// by public/js/autosave.js, the grid's saver: a save that fails for a transient reason stays in
// the page and in localStorage and is retried with a growing delay, with a visible warning; a
// refusal (bad value, no right, locked lesson) puts the saved value back and says why, next to
// the pupil.
(function () {
  "use strict";
  var PHONE = "(max-width: 600px), (max-width: 900px) and (pointer: coarse)";

  // The lesson's details: a plain section on a wide screen where CSS cannot force the disclosure open.
  var details = document.querySelector("details.lesson-details");
  var forced = window.CSS && CSS.supports && CSS.supports("selector(::details-content)");
  if (details && !details.open && !forced && !window.matchMedia(PHONE).matches) details.open = true;

  var root = document.querySelector(".lesson-phone");
  if (!root) return;
  var lessonId = root.getAttribute("data-lesson");

  // ---------------------------------------------------------------- the section switch
  // The last section chosen for this lesson comes back after a reload (not over a section the
  // server picked: one with an error, or ?view=).
  var VIEW_KEY = "lesson-view:" + lessonId;
  var tabs = Array.prototype.slice.call(root.querySelectorAll("input.lp-tab"));
  if (!root.hasAttribute("data-view-fixed")) {
    var kept = null;
    try {
      kept = sessionStorage.getItem(VIEW_KEY);
    } catch {
      kept = null;
    }
    tabs.forEach(function (t) {
      if (t.value === kept) t.checked = true;
    });
  }
  tabs.forEach(function (t) {
    t.addEventListener("change", function () {
      try {
        sessionStorage.setItem(VIEW_KEY, t.value);
      } catch {
        /* the choice holds for this page only */
      }
      // A list scrolled far down starts again at its first pupil, just under the (sticky) switch.
      var sw = root.querySelector(".lp-switch");
      var sec = root.querySelector(".lp-sec-" + tabs.indexOf(t));
      if (!sw || !sec) return;
      var gap = sec.getBoundingClientRect().top - sw.getBoundingClientRect().bottom;
      if (gap < 0) window.scrollBy(0, gap - 8);
    });
  });

  var form = root.querySelector("form.lp-form");
  if (!form) return;
  var baseUrl = form.getAttribute("data-url");
  var status = document.getElementById("lp-status");
  var reasonInput = document.getElementById("lp-reason");
  var taken = document.getElementById("lp-taken");
  var storeKey = "lesson-pending:" + location.pathname;
  var ATT_LABELS = { ABSENT: "Н", ILL: "Б", VALID: "УП", INVALID: "НП", LATE: "ОП" };

  Array.prototype.forEach.call(root.querySelectorAll(".lp-nojs"), function (el) {
    el.hidden = true;
  });
  Array.prototype.forEach.call(root.querySelectorAll(".lp-js"), function (el) {
    el.hidden = false;
  });

  var rows = Array.prototype.slice.call(form.querySelectorAll("fieldset.lp-row"));
  function rowOf(key) {
    return (
      rows.find(function (fs) {
        return fs.getAttribute("data-key") === key;
      }) || null
    );
  }
  function nameOf(fs) {
    var lg = fs.querySelector("legend");
    return lg ? lg.textContent.trim() : "";
  }
  function isMark(fs) {
    return fs.hasAttribute("data-t");
  }
  function checkedValue(fs) {
    var r = fs.querySelector(".lp-opts input:checked");
    return r ? r.value : null;
  }
  function check(fs, value) {
    Array.prototype.forEach.call(fs.querySelectorAll(".lp-opts input"), function (r) {
      r.checked = r.value === value;
    });
  }
  function commentInput(fs) {
    return fs.querySelector(".lp-cmt-input");
  }
  function needsReason(fs) {
    return form.hasAttribute(isMark(fs) ? "data-reason-m" : "data-reason-a");
  }

  // The state next to the pupil's name («сохраняется…», «сохранено», «не сохранено — повтор»;
  // short, so the row keeps its height) and, for a refusal, why — under the buttons.
  function state(fs, kind, text, why) {
    var el = fs.querySelector(".lp-state");
    var whyEl = fs.querySelector(".lp-why");
    fs.classList.toggle("lp-busy", kind === "saving");
    fs.classList.toggle("lp-bad", !!why);
    if (el) {
      el.className = "lp-state" + (kind ? " lp-" + kind : "");
      el.textContent = text;
    }
    if (whyEl) whyEl.textContent = why || "";
  }

  // ---------------------------------------------------------------- saving (public/js/autosave.js)
  var submitting = false;
  var saver = window.Autosave({
    storeKey: storeKey,
    status: status,
    statusClass: "lp-status",
    reasonInput: reasonInput,
    needsReason: needsReason,
    describe: nameOf,
    saving: function (fs) {
      state(fs, "saving", "сохраняется…");
    },
    saved: saved,
    retrying: function (fs) {
      state(fs, "failed", "не сохранено — повтор");
    },
    reasonMissing: function (fs) {
      state(fs, "failed", "не сохранено", "Укажите причину исправления вверху страницы.");
    },
    // A refusal: the saved value comes back, the reason is shown next to the pupil.
    refused: function (fs, why) {
      check(fs, fs.getAttribute("data-saved"));
      state(fs, "failed", "не сохранено", why);
    },
    leaving: function () {
      return submitting;
    },
  });
  var show = saver.show;

  function bodyOf(fs) {
    var v = checkedValue(fs);
    var s = Number(fs.getAttribute("data-s"));
    if (!isMark(fs)) return { url: baseUrl + "attendance", body: { studentId: s, code: v || "" } };
    var c = commentInput(fs);
    var comment = c && c.value.trim() ? c.value.trim() : null;
    return {
      url: baseUrl + "marks",
      body: { studentId: s, assignmentTypeId: Number(fs.getAttribute("data-t")), value: v ? v : null, comment: v ? comment : null },
    };
  }

  // `delay`: arrow keys walk through a row's buttons; only where they stop is sent.
  function queue(fs, delay) {
    var req = bodyOf(fs);
    saver.queue(fs.getAttribute("data-key"), req.url, req.body, fs, undefined, delay);
  }

  // The table of the wide layout shows the same values, so a turned tablet does not post old ones.
  function mirror(fs, value, comment) {
    var s = fs.getAttribute("data-s");
    if (!isMark(fs)) {
      var sel = document.getElementById("f-att_" + s);
      if (sel) sel.value = value;
      return;
    }
    var t = fs.getAttribute("data-t");
    var m = document.getElementById("f-mark_" + t + "_" + s);
    var c = document.getElementById("f-comment_" + t + "_" + s);
    if (m) m.value = value;
    if (c) c.value = comment;
  }

  function saved(fs, data) {
    var value,
      comment = "";
    if (isMark(fs)) {
      value = data.mark ? String(data.mark.value) : "";
      comment = data.mark && data.mark.comment ? data.mark.comment : "";
      fs.setAttribute("data-saved-comment", comment);
      var c = commentInput(fs);
      if (c && document.activeElement !== c) c.value = comment;
      var sum = fs.querySelector(".lp-cmt > summary");
      if (sum) {
        sum.textContent = "Комментарий";
        if (comment) {
          sum.appendChild(document.createTextNode(": "));
          var span = document.createElement("span");
          span.className = "lp-cmt-text";
          span.textContent = comment;
          sum.appendChild(span);
        }
      }
    } else {
      value = data.attendance ? data.attendance.code : "";
      if (taken) taken.textContent = "Посещаемость на уроке отмечена.";
    }
    fs.setAttribute("data-saved", value);
    mirror(fs, value, comment);
    var shown = isMark(fs) ? value || "без отметки" : value ? ATT_LABELS[value] : "присутствовал";
    state(fs, "saved", "сохранено");
    show("ok", "Сохранено: " + nameOf(fs) + " — " + shown, false, 4000);
  }

  // ---------------------------------------------------------------- taps
  form.addEventListener("change", function (e) {
    var el = e.target;
    var fs = el.closest && el.closest("fieldset.lp-row");
    if (!fs) return;
    if (el.type === "radio") return queue(fs, Date.now() - lastArrow < 200 ? 800 : 0);
    if (el.classList.contains("lp-cmt-input")) {
      if (!isMark(fs) || !checkedValue(fs)) {
        state(fs, "", "", "Комментарий добавляется к выставленной отметке.");
        return;
      }
      if (el.value.trim() === (fs.getAttribute("data-saved-comment") || "") && checkedValue(fs) === fs.getAttribute("data-saved")) return;
      queue(fs);
    }
  });
  // Enter in a comment saves that comment, not the whole form.
  var lastArrow = 0;
  form.addEventListener("keydown", function (e) {
    if (/^Arrow/.test(e.key)) lastArrow = Date.now();
    if (e.key === "Enter" && e.target.classList && e.target.classList.contains("lp-cmt-input")) {
      e.preventDefault();
      e.target.blur();
    }
  });
  // The form carries every value, so sending it loses nothing; anything still pending stays stored.
  form.addEventListener("submit", function () {
    submitting = true;
  });

  // Saves left over from an earlier visit are shown in their rows and sent again.
  saver.restore(function (k, stored) {
    var fs = rowOf(k);
    if (!fs) return null;
    if (isMark(fs)) {
      check(fs, stored.body.value === null || stored.body.value === undefined ? "" : String(stored.body.value));
      var c = commentInput(fs);
      if (c) c.value = stored.body.comment || "";
    } else check(fs, stored.body.code || "");
    state(fs, "saving", "сохраняется…");
    return fs;
  });
})();
