// The journal grid: keyboard entry with autosave (progressive enhancement; the lesson page
// and the final-marks forms work without this file).
// Each change is saved on its own by public/js/autosave.js (POST JSON with the x-csrf-token
// header): a save that fails for a transient reason stays in the page and in localStorage and is
// retried, with a visible warning; nothing is silently lost.
(function () {
  "use strict";
  var table = document.getElementById("jgrid");
  if (!table) return;

  var status = document.getElementById("save-status");
  var reasonInput = document.getElementById("override-reason");
  var lessonUrl = table.getAttribute("data-lesson-url") || "/journal/lessons/";
  var finalUrl = table.getAttribute("data-final-url") || "";
  var finalValues = (table.getAttribute("data-final-values") || "").split("|").filter(Boolean);
  var canHistory = table.getAttribute("data-history") === "1";
  var thresholds = (table.getAttribute("data-thresholds") || "4.5|3.5|2.5").split("|").map(Number);
  var storeKey = "journal-pending:" + location.pathname + location.search;
  // The lesson the period grid opens at: today's, else the last past one (issue 23).
  var anchorLesson = table.getAttribute("data-today") || "";
  function text(name, fallback) {
    return table.getAttribute("data-msg-" + name) || fallback;
  }

  var ATT_LABELS = { ABSENT: "Н", ILL: "Б", VALID: "УП", INVALID: "НП", LATE: "ОП" };
  // Physical keys, so both the Russian and the Latin layout work.
  var ATT_KEYS = { KeyY: "ABSENT", Comma: "ILL", KeyE: "VALID", KeyG: "INVALID", KeyJ: "LATE" };

  // ---------------------------------------------------------------- folded future lessons
  var area = table.closest(".grid-area");
  var wrap = table.closest(".grid-wrap");
  var showFuture = document.getElementById("show-future");
  var FUTURE_KEY = "journal-show-future";
  function folded() {
    return !!(area && area.classList.contains("fold") && !(showFuture && showFuture.checked));
  }
  function shown(el) {
    return !(folded() && el.classList.contains("fu"));
  }

  // ---------------------------------------------------------------- the cell matrix
  var rows = Array.prototype.slice.call(table.tBodies[0] ? table.tBodies[0].rows : []);
  var matrix = rows.map(function (tr) {
    var line = [],
      col = 0;
    Array.prototype.forEach.call(tr.cells, function (td) {
      if (td.classList.contains("c")) {
        td._col = col;
        td._row = line;
        line.push(td);
      }
      col += td.colSpan || 1;
    });
    return line;
  });
  var all = [].concat.apply([], matrix);
  if (!all.length) return;
  all.forEach(function (td) {
    td.tabIndex = -1;
  });
  // The lessons' date links in the header: reached with the arrow keys, not 50 Tab stops.
  var heads = Array.prototype.slice.call(table.querySelectorAll("thead th.lh a"));
  heads.forEach(function (a) {
    a.tabIndex = -1;
    a._lesson = a.getAttribute("href").split("/").pop();
  });
  function headOf(lessonId) {
    return (
      heads.find(function (a) {
        return a._lesson === lessonId;
      }) || null
    );
  }
  function firstCellOf(lessonId) {
    return (
      all.find(function (td) {
        return td.classList.contains("a") && td.getAttribute("data-l") === lessonId;
      }) || null
    );
  }
  // The grid's one Tab stop (roving tabindex): a cell of today's lesson to begin with.
  var current =
    (anchorLesson && firstCellOf(anchorLesson)) ||
    all.find(function (td) {
      return !td.classList.contains("ro") && shown(td);
    }) ||
    all.find(shown) ||
    all[0];
  current.tabIndex = 0;

  // Keeps an element of the grid out from under the sticky names, header and totals.
  function edges() {
    var w = wrap.getBoundingClientRect();
    var e = {
      left: w.left + wrap.clientLeft,
      right: w.left + wrap.clientLeft + wrap.clientWidth,
      top: w.top + wrap.clientTop,
      bottom: w.top + wrap.clientTop + wrap.clientHeight,
    };
    var stu = table.querySelector("thead th.stu");
    if (stu) e.left = Math.max(e.left, stu.getBoundingClientRect().right);
    var head = table.tHead;
    if (head) e.top = Math.max(e.top, head.getBoundingClientRect().bottom);
    var avg = table.querySelector("thead th.stat");
    if (avg && getComputedStyle(avg).right !== "auto") e.right = Math.min(e.right, avg.getBoundingClientRect().left);
    return e;
  }
  function stuck(el) {
    return el.classList.contains("f") || el.classList.contains("stu");
  }
  function reveal(el, align) {
    if (!wrap || !el) return;
    var r = el.getBoundingClientRect(),
      e = edges();
    if (!stuck(el)) {
      if (align === "start" || r.left < e.left) wrap.scrollLeft -= e.left - r.left;
      else if (align === "end" || r.right > e.right) wrap.scrollLeft += r.right - e.right;
    }
    if (el.tagName === "TD") {
      if (r.top < e.top) wrap.scrollTop -= e.top - r.top;
      else if (r.bottom > e.bottom) wrap.scrollTop += r.bottom - e.bottom;
    }
  }

  function focus(el) {
    if (!el) return;
    current.tabIndex = -1;
    current = el;
    el.tabIndex = 0;
    el.focus({ preventScroll: true });
    el.scrollIntoView({ block: "nearest", inline: "nearest" });
    reveal(el);
  }
  function rowIndex(td) {
    return matrix.indexOf(td._row);
  }
  function vertical(td, step) {
    for (var r = rowIndex(td) + step; r >= 0 && r < matrix.length; r += step) {
      var hit = matrix[r].find(function (c) {
        return c._col === td._col;
      });
      if (hit) return hit;
    }
    return null;
  }
  function horizontal(td, step, wrapAround) {
    var line = td._row;
    for (var i = line.indexOf(td) + step; i >= 0 && i < line.length; i += step) if (shown(line[i])) return line[i];
    if (!wrapAround) return null;
    for (var r = rowIndex(td) + step; r >= 0 && r < matrix.length; r += step) {
      var cells = matrix[r].filter(shown);
      if (cells.length) return step > 0 ? cells[0] : cells[cells.length - 1];
    }
    return null;
  }
  function edgeOf(line, last) {
    var cells = line.filter(shown);
    return cells.length ? cells[last ? cells.length - 1 : 0] : null;
  }
  function nextHead(a, step) {
    for (var i = heads.indexOf(a) + step; i >= 0 && i < heads.length; i += step) if (shown(heads[i].parentNode)) return heads[i];
    return null;
  }
  function shownHeads() {
    return heads.filter(function (h) {
      return shown(h.parentNode);
    });
  }

  // The grid opens at today's lesson: the reversed box starts at its end; with future lessons
  // shown, today's column is brought to the left edge so the next lessons follow it.
  var anchorHead = anchorLesson ? document.getElementById("today") : null;
  function showAnchor() {
    if (anchorHead) reveal(anchorHead, folded() ? null : "start");
  }
  if (showFuture) {
    try {
      if (localStorage.getItem(FUTURE_KEY) === "1") showFuture.checked = true;
    } catch {
      /* storage disabled: folded as sent */
    }
    showFuture.addEventListener("change", function () {
      try {
        if (showFuture.checked) localStorage.setItem(FUTURE_KEY, "1");
        else localStorage.removeItem(FUTURE_KEY);
      } catch {
        /* the choice holds for this page only */
      }
      if (!shown(current)) {
        current.tabIndex = -1;
        current = firstCellOf(anchorLesson) || all.find(shown) || all[0];
        current.tabIndex = 0;
      }
      showAnchor();
    });
  }
  showAnchor();

  // «К отметкам»: straight into the grid, at the cell the teacher was last in (today's at first).
  Array.prototype.forEach.call(document.querySelectorAll("a.grid-skip"), function (a) {
    a.addEventListener("click", function (e) {
      e.preventDefault();
      focus(shown(current) ? current : firstCellOf(anchorLesson) || all.find(shown));
    });
  });

  table.addEventListener("click", function (e) {
    var td = e.target.closest && e.target.closest("td.c");
    if (td && !e.target.closest("a")) focus(td);
  });
  table.addEventListener("focusin", function (e) {
    // A header link focused by a click or a script becomes the grid's Tab stop too.
    var a = e.target.closest && e.target.closest("thead th.lh a");
    if (a && a !== current) {
      current.tabIndex = -1;
      current = a;
      a.tabIndex = 0;
    }
  });

  // ---------------------------------------------------------------- saving (public/js/autosave.js)
  function describe(td) {
    var tr = td.closest("tr"),
      th = tr && tr.querySelector("th");
    return th ? th.textContent.trim() : "";
  }

  function cellKey(td) {
    var s = td.closest("tr").getAttribute("data-s");
    if (td.classList.contains("f")) return "f:" + s + ":" + td.getAttribute("data-p");
    if (td.classList.contains("a")) return "a:" + td.getAttribute("data-l") + ":" + s;
    return "m:" + td.getAttribute("data-l") + ":" + s + ":" + td.getAttribute("data-t");
  }
  function findCell(key) {
    return (
      all.find(function (td) {
        return cellKey(td) === key;
      }) || null
    );
  }
  var saver = window.Autosave({
    storeKey: storeKey,
    status: status,
    statusClass: "save-status",
    reasonInput: reasonInput,
    needsReason: function (td) {
      return td.classList.contains("rs");
    },
    describe: describe,
    saving: function (td) {
      td.classList.remove("saved", "failed");
      td.classList.add("saving");
    },
    saved: saved,
    retrying: failed,
    reasonMissing: failed,
    refused: function (td, why) {
      failed(td);
      td.setAttribute("title", why);
    },
  });
  var show = saver.show;
  function failed(td) {
    td.classList.remove("saving");
    td.classList.add("failed");
  }

  // Shows the typed value at once; the saver sends it (and keeps it until it is stored).
  function queue(td, url, body, text) {
    td.textContent = text;
    if (!td.classList.contains("a")) {
      td.classList.remove("v1", "v2", "v3", "v4", "v5");
      if (/^[1-5]$/.test(text)) td.classList.add("v" + text);
    }
    saver.queue(cellKey(td), url, body, td, text);
  }

  function saved(td, data) {
    td.classList.remove("saving", "failed");
    td.classList.add("saved");
    td.removeAttribute("title");
    if (data.corrected) td.classList.add("h");
    if (td.classList.contains("m")) {
      td.classList.remove("v1", "v2", "v3", "v4", "v5", "cm");
      if (data.mark) {
        td.classList.add("v" + data.mark.value);
        td.textContent = String(data.mark.value);
        if (data.mark.comment) {
          td.classList.add("cm");
          td.setAttribute("title", data.mark.comment);
        }
      } else td.textContent = "";
      recompute(td.closest("tr"));
    } else if (td.classList.contains("a")) {
      td.textContent = data.attendance ? ATT_LABELS[data.attendance.code] : "";
    } else {
      td.classList.remove("v1", "v2", "v3", "v4", "v5");
      td.textContent = data.value || "";
      if (/^[1-5]$/.test(data.value || "")) td.classList.add("v" + data.value);
    }
    setTimeout(function () {
      td.classList.remove("saved");
    }, 1300);
  }

  // ---------------------------------------------------------------- the row's average and forecast (R-JRN-8)
  var weights = {};
  Array.prototype.forEach.call(table.querySelectorAll("thead th[data-w]"), function (th) {
    weights[th.getAttribute("data-l") + ":" + th.getAttribute("data-t")] = Math.round(Number(th.getAttribute("data-w")) * 10);
  });
  function recompute(tr) {
    var num = 0,
      den = 0;
    Array.prototype.forEach.call(tr.querySelectorAll("td.m"), function (td) {
      var v = Number(td.textContent);
      var w = weights[td.getAttribute("data-l") + ":" + td.getAttribute("data-t")] || 10;
      if (v >= 1 && v <= 5 && !td.classList.contains("failed")) {
        num += v * w;
        den += w;
      }
    });
    var avg = tr.querySelector("td.avg"),
      fc = tr.querySelector("td.fc");
    if (!avg || !fc) return;
    avg.textContent = den ? (num / den).toFixed(2).replace(".", ",") : "";
    var f = "";
    if (den) {
      var s = num * 100;
      f = s >= Math.round(thresholds[0] * 100) * den ? 5 : s >= Math.round(thresholds[1] * 100) * den ? 4 : s >= Math.round(thresholds[2] * 100) * den ? 3 : 2;
    }
    fc.textContent = String(f);
    fc.className = "num fc" + (f ? " v" + f : "");
  }

  // ---------------------------------------------------------------- entering values
  function studentOf(td) {
    return Number(td.closest("tr").getAttribute("data-s"));
  }

  function setMark(td, value, comment) {
    var l = td.getAttribute("data-l");
    if (comment === undefined) comment = value === null ? null : td.classList.contains("cm") ? td.getAttribute("title") : null;
    queue(
      td,
      lessonUrl + l + "/marks",
      { studentId: studentOf(td), assignmentTypeId: Number(td.getAttribute("data-t")), value: value, comment: comment },
      value === null ? "" : String(value),
    );
  }
  function setAttendance(td, code) {
    queue(td, lessonUrl + td.getAttribute("data-l") + "/attendance", { studentId: studentOf(td), code: code || "" }, code ? ATT_LABELS[code] : "");
  }
  function setFinal(td, value) {
    var p = td.getAttribute("data-p");
    queue(td, finalUrl, { studentId: studentOf(td), periodId: p === "year" ? null : Number(p), value: value }, value);
  }
  function finalFor(e) {
    var byCode = { KeyY: finalValues.indexOf("5") < 0 ? "незач" : "н/а", KeyF: "н/а", KeyJ: "осв", KeyP: "зач", BracketLeft: "незач" };
    var v = /^[1-5]$/.test(e.key) ? e.key : byCode[e.code];
    return v && finalValues.indexOf(v) >= 0 ? v : null;
  }
  // Why this cell cannot be changed: a future lesson, a locked one, or the journal is not the actor's.
  function readOnly(td) {
    var why =
      td.classList.contains("m") && text("nomarks", "")
        ? text("nomarks", "")
        : td.classList.contains("fu")
          ? text("future", "Урок ещё не прошёл: отметки и посещаемость вносятся в день урока или позже.")
          : td.classList.contains("locked")
            ? text("locked", "Урок закрыт для изменений: прошло больше допустимого числа дней.")
            : text("ro", "Эту клетку изменить нельзя: только просмотр.");
    show("bad", why, false, 6000);
  }
  // A key that is no value of this column («7», «0» in a mark cell) says so instead of being ignored.
  function wrongKey(td, key) {
    var t = td.classList.contains("m")
      ? text("mark", "«{key}» — такой отметки нет: отметка — цифра от 1 до 5.")
      : td.classList.contains("a")
        ? text("att", "«{key}» — не отметка посещаемости: н, б, у, п или о.")
        : text("final", "«{key}» — такой итоговой отметки нет: " + finalValues.join(", ") + ".");
    show("warn", t.split("{key}").join(key), false, 5000);
  }
  function openHistory(td) {
    if (!canHistory) return;
    var s = studentOf(td),
      url;
    if (td.classList.contains("f")) {
      var p = td.getAttribute("data-p");
      url =
        table.getAttribute("data-history-url") +
        (table.getAttribute("data-history-url").indexOf("?") < 0 ? "?" : "&") +
        "student=" +
        s +
        "&year=" +
        table.getAttribute("data-year") +
        (p === "year" ? "" : "&period=" + p);
    } else {
      url = lessonUrl + td.getAttribute("data-l") + "/history?student=" + s + (td.classList.contains("m") ? "&type=" + td.getAttribute("data-t") : "");
    }
    window.open(url, "_blank", "noopener");
  }

  // The date links of the header: arrows along the header, down into the lesson's cells, Enter opens the lesson.
  function headKey(a, e) {
    var move;
    switch (e.key) {
      case "ArrowLeft":
        move = nextHead(a, -1);
        break;
      case "ArrowRight":
        move = nextHead(a, 1);
        break;
      case "ArrowDown":
        move = firstCellOf(a._lesson);
        break;
      case "Home":
        move = shownHeads()[0];
        break;
      case "End":
        move = shownHeads().pop();
        break;
      default:
        return;
    }
    e.preventDefault();
    if (move) focus(move);
  }

  table.addEventListener("keydown", function (e) {
    if (e.ctrlKey || e.metaKey || e.altKey) return;
    var head = e.target.closest && e.target.closest("thead th.lh a");
    if (head) return headKey(head, e);
    var td = e.target.closest && e.target.closest("td.c");
    if (!td) return;
    var move = null;
    switch (e.key) {
      case "ArrowLeft":
        move = horizontal(td, -1, false);
        break;
      case "ArrowRight":
        move = horizontal(td, 1, false);
        break;
      case "ArrowUp":
        move = vertical(td, -1) || (td.classList.contains("f") ? null : headOf(td.getAttribute("data-l")));
        break;
      case "ArrowDown":
      case "Enter":
        move = vertical(td, 1);
        break;
      case "Home":
        move = edgeOf(td._row, false);
        break;
      case "End":
        move = edgeOf(td._row, true);
        break;
      case "Tab":
        move = horizontal(td, e.shiftKey ? -1 : 1, true);
        if (!move) return;
        break;
    }
    if (move || ["ArrowLeft", "ArrowRight", "ArrowUp", "ArrowDown", "Enter", "Home", "End"].indexOf(e.key) >= 0) {
      e.preventDefault();
      if (move) focus(move);
      return;
    }
    if (e.code === "KeyB") {
      e.preventDefault();
      return openHistory(td);
    }
    var isMark = td.classList.contains("m"),
      isAtt = td.classList.contains("a"),
      isFinal = td.classList.contains("f");
    var clear = e.key === "Delete" || e.key === "Backspace";
    var digit = /^[1-5]$/.test(e.key) ? Number(e.key) : null;
    var att = isAtt ? ATT_KEYS[e.code] : null;
    var fin = isFinal ? finalFor(e) : null;
    var comment = isMark && e.code === "KeyR";
    var typed = e.key.length === 1 && e.key !== " ";
    if (!(clear || (isMark && digit) || att || fin || comment || typed)) return;
    e.preventDefault();
    if (td.classList.contains("ro")) return readOnly(td);
    if (!(clear || (isMark && digit) || att || fin || comment)) return wrongKey(td, e.key);
    if (td.classList.contains("rs") && reasonInput && !reasonInput.value.trim()) {
      show("warn", "Это исправление: сначала укажите причину в поле вверху страницы.", false);
      reasonInput.focus();
      return;
    }
    if (comment) {
      if (!/^[1-5]$/.test(td.textContent.trim())) return show("warn", "Комментарий добавляется к выставленной отметке.", false, 5000);
      var note = window.prompt("Комментарий к отметке (пустой — удалить):", td.classList.contains("cm") ? td.getAttribute("title") || "" : "");
      if (note === null) return;
      return setMark(td, Number(td.textContent.trim()), note.trim() || null);
    }
    if (isMark) setMark(td, clear ? null : digit);
    else if (isAtt) setAttendance(td, clear ? null : att);
    else setFinal(td, clear ? "" : fin);
    if (!clear) focus(vertical(td, 1) || td);
  });

  // Saves left over from an earlier visit are shown in their cells and sent again.
  saver.restore(function (k, stored) {
    var td = findCell(k);
    if (!td) return null;
    td.textContent = stored.extra !== undefined ? stored.extra : stored.text || "";
    td.classList.add("saving");
    return td;
  });
})();
