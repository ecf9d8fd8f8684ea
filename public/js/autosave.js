// Autosave of single values (a mark, an attendance code, a final mark) through the journal's JSON
// endpoints, shared by the journal grid (journal.js) and the lesson page on a phone (lesson.js).
// Each value is POSTed on its own with the x-csrf-token header. A save that fails for a transient
// reason (network, server, expired session, stale token) stays in the page and in localStorage and
// is retried with a growing delay (2 s, doubling up to 30 s), with a visible warning and a «Повторить
// сейчас» button; a refusal (bad value, no right, locked lesson) is not retried and the page says
// why. Nothing typed is silently lost: a closed tab's values are sent again on the next visit.
//
// window.Autosave(options) → { queue, retryAll, show, count, restore }; options:
//   storeKey      localStorage key of the pending values
//   status        the element for messages; statusClass its base class
//   reasonInput   the «причина исправления» input, if any; needsReason(target): does this value need it
//   saving(target), saved(target, data), retrying(target), refused(target, error), reasonMissing(target)
//                 what the page shows on the value's element
//   leaving()     true while the page's own form is being submitted (no «leave the page?» question)
(function () {
  "use strict";
  window.Autosave = function (o) {
    var meta = document.querySelector('meta[name="csrf-token"]');
    var token = meta ? meta.getAttribute("content") : "";
    var status = o.status;
    var reasonInput = o.reasonInput || null;
    var pending = {}; // key -> { url, body, target, extra }
    var inflight = {};
    var retryTimer = null,
      retryDelay = 2000,
      clearTimer = null;

    function needsReason(target) {
      return !!(o.needsReason && o.needsReason(target));
    }
    function reason() {
      return reasonInput ? reasonInput.value.trim() : "";
    }

    // A message; with `ms` it goes away by itself.
    function show(kind, text, withRetry, ms) {
      if (!status) return;
      clearTimeout(clearTimer);
      status.hidden = false;
      status.className = o.statusClass + " " + kind;
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
            status.className = o.statusClass;
          }
        }, ms);
    }

    function count() {
      return Object.keys(pending).length;
    }
    function persist() {
      var out = {};
      Object.keys(pending).forEach(function (k) {
        out[k] = { url: pending[k].url, body: pending[k].body, extra: pending[k].extra };
      });
      try {
        if (Object.keys(out).length) localStorage.setItem(o.storeKey, JSON.stringify(out));
        else localStorage.removeItem(o.storeKey);
      } catch {
        /* storage full or disabled: the page still holds them */
      }
    }

    // `delay`: send only after this many ms without a newer value for the same key.
    var timers = {};
    function queue(key, url, body, target, extra, delay) {
      pending[key] = { url: url, body: body, target: target, extra: extra };
      persist();
      clearTimeout(timers[key]);
      if (needsReason(target) && !reason()) {
        if (o.reasonMissing) o.reasonMissing(target);
        show("warn", "Это исправление: укажите причину в поле вверху страницы — изменение будет сохранено после этого.", false);
        if (reasonInput) reasonInput.focus();
        return;
      }
      if (o.saving) o.saving(target);
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
      if (needsReason(p.target)) p.body.reason = reason();
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
            if (!still) return send(key); // a newer value was typed meanwhile: send that one
            delete pending[key];
            persist();
            o.saved(p.target, res.data);
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
            if (o.reasonMissing) o.reasonMissing(p.target);
            show("warn", "Укажите причину исправления в поле вверху страницы — изменение будет сохранено после этого.", false);
            if (reasonInput) reasonInput.focus();
            return;
          }
          // A refusal (bad value, no right, locked lesson): retrying would not help.
          if (!still) return send(key);
          delete pending[key];
          persist();
          var why = res.data.error || "Не сохранено";
          var who = o.describe ? o.describe(p.target) : "";
          o.refused(p.target, why);
          show("bad", "Не сохранено — " + (who ? who + ": " : "") + why, false);
        })
        .catch(function () {
          inflight[key] = false;
          transient(key, "");
        });
    }

    function transient(key, text) {
      var p = pending[key];
      if (p && o.retrying) o.retrying(p.target);
      show(
        "warn",
        (text ? text + " " : "") +
          "Не сохранено: " +
          count() +
          ". Данные остаются на странице, повторная попытка через " +
          Math.round(retryDelay / 1000) +
          " с.",
        true,
      );
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
        if (needsReason(p.target) && !reason()) return;
        if (!inflight[k] && o.saving) o.saving(p.target);
        send(k);
      });
    }

    function afterChange() {
      if (!count()) {
        retryDelay = 2000;
        show("ok", o.savedText || "Сохранено", false, 4000);
      }
    }

    // Saves left over from an earlier visit (closed tab, expired session): `find(key, stored)`
    // returns the value's element (and shows the stored value in it), or null when it is gone.
    function restore(find) {
      var stored = null;
      try {
        stored = JSON.parse(localStorage.getItem(o.storeKey) || "null");
      } catch {
        stored = null;
      }
      if (!stored) return;
      Object.keys(stored).forEach(function (k) {
        var s = stored[k];
        if (!s || !s.body) return;
        var target = find(k, s);
        if (target) pending[k] = { url: s.url, body: s.body, target: target, extra: s.extra };
      });
      if (count()) {
        show("warn", "Найдены несохранённые изменения с прошлого раза: " + count() + ". Отправляем…", true);
        retryAll(true);
      }
    }

    if (reasonInput)
      reasonInput.addEventListener("change", function () {
        if (reason()) retryAll(true);
      });
    window.addEventListener("online", function () {
      retryAll(true);
    });
    window.addEventListener("beforeunload", function (e) {
      if (count() && !(o.leaving && o.leaving())) {
        e.preventDefault();
        e.returnValue = "";
      }
    });

    return { queue: queue, retryAll: retryAll, show: show, count: count, restore: restore };
  };
})();
