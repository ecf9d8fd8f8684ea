// The lesson page on a phone or a touch tablet (views/journal/_lesson-phone.ejs; progressive
// enhancement: without this file the radio buttons go with the form, all or nothing).
// Each tap is saved on its own through the grid's JSON endpoints (POST …/marks and …/attendance
// with the x-csrf-token header), with the grid's rules (public/js/journal.js): a save that fails
// for a transient reason (network, server, expired session, stale token) stays in the page and in
// localStorage and is retried with a growing delay, with a visible warning; a refusal (bad value,
// no right, locked lesson) puts the saved value back and says why, next to the pupil.
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
  var meta = document.querySelector('meta[name="csrf-token"]');
  var token = meta ? meta.getAttribute("content") : "";
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

  // ---------------------------------------------------------------- messages
  var clearTimer = null;
  function show(kind, text, withRetry, ms) {
    if (!status) return;
    clearTimeout(clearTimer);
    status.className = "lp-status " + kind;
    status.textContent = text;
    if (withRetry) {
      var b = document.createElement("button");
      b.type = "button";
      b.textContent = "Повторить сейчас";
      b.addEventListener("click", function () {
        retryAll(true);
      });
      status.appendChild(b);
    }
    if (ms)
      clearTimer = setTimeout(function () {
        if (status.textContent === text) {
          status.textContent = "";
          status.className = "lp-status";
        }
      }, ms);
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

  // ---------------------------------------------------------------- saving
  var pending = {}; // key -> { url, body, fs }
  var inflight = {};
  var retryTimer = null,
    retryDelay = 2000,
    submitting = false;

  function persist() {
    var out = {};
    Object.keys(pending).forEach(function (k) {
      out[k] = { url: pending[k].url, body: pending[k].body };
    });
    try {
      if (Object.keys(out).length) localStorage.setItem(storeKey, JSON.stringify(out));
      else localStorage.removeItem(storeKey);
    } catch {
      /* storage full or disabled: the page still holds them */
    }
  }
  function pendingCount() {
    return Object.keys(pending).length;
  }

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
  var timers = {};
  function queue(fs, delay) {
    var key = fs.getAttribute("data-key");
    var req = bodyOf(fs);
    pending[key] = { url: req.url, body: req.body, fs: fs };
    persist();
    clearTimeout(timers[key]);
    if (needsReason(fs) && !(reasonInput && reasonInput.value.trim())) {
      state(fs, "failed", "не сохранено", "Укажите причину исправления вверху страницы.");
      show("warn", "Это исправление: укажите причину в поле вверху — отметки будут сохранены после этого.", false);
      if (reasonInput) reasonInput.focus();
      return;
    }
    state(fs, "saving", "сохраняется…");
    if (delay) timers[key] = setTimeout(send, delay, key);
    else send(key);
  }

  function refreshToken() {
    return fetch(location.href, { credentials: "same-origin", headers: { accept: "text/html" } })
      .then(function (r) {
        return r.text();
      })
      .then(function (html) {
        var m = /name="csrf-token" content="([^"]+)"/.exec(html);
        if (m) token = m[1];
        return !!m;
      });
  }

  function send(key) {
    var p = pending[key];
    if (!p || inflight[key]) return;
    if (needsReason(p.fs)) p.body.reason = reasonInput ? reasonInput.value.trim() : "";
    inflight[key] = true;
    var sent = JSON.stringify(p.body);
    fetch(p.url, {
      method: "POST",
      credentials: "same-origin",
      headers: { "content-type": "application/json", accept: "application/json", "x-csrf-token": token },
      body: sent,
    })
      .then(function (r) {
        return r
          .json()
          .catch(function () {
            return {};
          })
          .then(function (data) {
            return { status: r.status, data: data };
          });
      })
      .then(function (res) {
        inflight[key] = false;
        var current = pending[key];
        var still = current && JSON.stringify(current.body) === sent;
        if (res.status === 200 && res.data.ok) {
          if (!still) return send(key); // a newer tap meanwhile: send that one
          delete pending[key];
          persist();
          saved(p.fs, res.data);
          return afterChange();
        }
        if (res.status === 401 || res.status >= 500 || res.status === 0)
          return transient(key, res.status === 401 ? "Сеанс истёк: войдите снова (например, в другой вкладке) — несохранённое будет отправлено." : "");
        if (res.status === 403 && /устарела/i.test(res.data.error || "")) {
          return refreshToken().then(
            function () {
              transient(key, "");
            },
            function () {
              transient(key, "");
            },
          );
        }
        if (res.status === 422 && res.data.field === "reason") {
          state(p.fs, "failed", "не сохранено", "Укажите причину исправления вверху страницы.");
          show("warn", "Укажите причину исправления в поле вверху — отметки будут сохранены после этого.", false);
          if (reasonInput) reasonInput.focus();
          return;
        }
        // A refusal: retrying would not help. The saved value comes back, the reason is shown.
        if (!still) return send(key);
        delete pending[key];
        persist();
        check(p.fs, p.fs.getAttribute("data-saved"));
        var why = res.data.error || "Не сохранено";
        state(p.fs, "failed", "не сохранено", why);
        show("bad", "Не сохранено — " + nameOf(p.fs) + ": " + why, false);
      })
      .catch(function () {
        inflight[key] = false;
        transient(key, "");
      });
  }

  function transient(key, text) {
    var p = pending[key];
    var secs = Math.round(retryDelay / 1000);
    if (p) state(p.fs, "failed", "не сохранено — повтор");
    show("warn", (text ? text + " " : "") + "Не сохранено: " + pendingCount() + ". Данные остаются на странице, повторная попытка через " + secs + " с.", true);
    clearTimeout(retryTimer);
    retryTimer = setTimeout(function () {
      retryAll(false);
    }, retryDelay);
    retryDelay = Math.min(retryDelay * 2, 30000);
  }

  function retryAll(now) {
    if (now) retryDelay = 2000;
    Object.keys(pending).forEach(function (k) {
      var p = pending[k];
      if (needsReason(p.fs) && !(reasonInput && reasonInput.value.trim())) return;
      if (!inflight[k]) state(p.fs, "saving", "сохраняется…");
      send(k);
    });
  }

  function afterChange() {
    if (!pendingCount()) {
      retryDelay = 2000;
      show("ok", "Сохранено", false, 4000);
    }
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
  if (reasonInput)
    reasonInput.addEventListener("change", function () {
      if (reasonInput.value.trim()) retryAll(true);
    });
  window.addEventListener("online", function () {
    retryAll(true);
  });
  // The form carries every value, so sending it loses nothing; anything still pending stays stored.
  form.addEventListener("submit", function () {
    submitting = true;
  });
  window.addEventListener("beforeunload", function (e) {
    if (pendingCount() && !submitting) {
      e.preventDefault();
      e.returnValue = "";
    }
  });

  // Saves left over from an earlier visit (closed tab, expired session) are shown and sent again.
  var stored = null;
  try {
    stored = JSON.parse(localStorage.getItem(storeKey) || "null");
  } catch {
    stored = null;
  }
  if (stored) {
    Object.keys(stored).forEach(function (k) {
      var fs = rowOf(k);
      var s = stored[k];
      if (!fs || !s || !s.body) return;
      pending[k] = { url: s.url, body: s.body, fs: fs };
      if (isMark(fs)) {
        check(fs, s.body.value === null || s.body.value === undefined ? "" : String(s.body.value));
        var c = commentInput(fs);
        if (c) c.value = s.body.comment || "";
      } else check(fs, s.body.code || "");
      state(fs, "saving", "сохраняется…");
    });
    if (pendingCount()) {
      show("warn", "Найдены несохранённые изменения с прошлого раза: " + pendingCount() + ". Отправляем…", true);
      retryAll(true);
    }
  }
})();
