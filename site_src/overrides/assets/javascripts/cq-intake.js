// The site's dates at the visitor's time in Japan: the intake banner of every page
// (partials/cq-intake.html) and the join table's rows, compared with the schedule the build wrote
// from cyberquote.schedule (no deadline is worked out here: the script only finds the first start
// whose deadline is today or later); and on the incident page, which of the two lines is open now,
// from the hours, closing days and public holidays the build wrote (macros/pages/intake.py).
// A module (main.html): Japan's clock and the words' placeholders come from cq-japan.js.
import { fill, nowInJapan, todayInJapan } from "./cq-japan.js";

(function () {
  var DAY_MS = 86400000;

  function daysBetween(fromIso, toIso) {
    return Math.round((Date.parse(toIso) - Date.parse(fromIso)) / DAY_MS);
  }

  // The incident page: the agent's line on weekdays in its hours (not a public holiday nor a New
  // Year closing day), otherwise the accident support centre; the open one first, marked.
  function markOpenLine(block) {
    var data = JSON.parse(block.querySelector(".cq-now__data").textContent);
    var now = nowInJapan();
    var agentOpen =
      now.weekday >= 1 && now.weekday <= 5 &&
      data.holidays.indexOf(now.day) < 0 &&
      data.closed_days.indexOf(now.day.slice(5)) < 0 &&
      now.clock >= data.opens && now.clock < data.closes;
    var openId = agentOpen ? "agent" : "centre";
    var list = block.querySelector(".cq-now__lines");
    list.querySelectorAll(".cq-now__line").forEach(function (line) {
      var open = line.getAttribute("data-line") === openId;
      var state = line.querySelector(".cq-now__state");
      state.textContent = open ? data.open : data.closed;
      state.hidden = false;
      if (open) {
        line.setAttribute("data-open", "");
        list.insertBefore(line, list.firstElementChild);
      } else {
        line.setAttribute("data-closed", "");
      }
    });
    var when = block.querySelector(".cq-now__when");
    when.textContent = fill(data.as_of, { time: now.day.replace(/-/g, "/") + " " + now.clock });
    when.hidden = false;
    block.querySelector(".cq-now__static").hidden = true;
    block.setAttribute("data-open-line", openId);
  }

  var now = document.querySelector("[data-cq-now]");
  if (now) markOpenLine(now);

  var banner = document.querySelector("[data-cq-intake]");
  if (!banner) return;
  var data = JSON.parse(banner.querySelector(".cq-intake__data").textContent);
  var today = todayInJapan();
  var next = null;
  for (var i = 0; i < data.joins.length && !next; i++) {
    if (today <= data.joins[i].deadline) next = data.joins[i];
  }

  banner.setAttribute("data-today", today);
  banner.querySelector(".cq-intake__static").hidden = true;
  if (next) {
    var left = daysBetween(today, next.deadline);
    var days = fill(left === 0 ? data.days.zero : left === 1 ? data.days.one : data.days.other, {
      days: left,
    });
    var open = banner.querySelector(".cq-intake__open");
    var slots = { start: next.start_text, deadline: next.deadline_text, days: days };
    open.querySelectorAll("[data-slot]").forEach(function (slot) {
      slot.textContent = slots[slot.getAttribute("data-slot")];
    });
    banner.setAttribute("data-state", "open");
    banner.setAttribute("data-start", next.start);
    banner.setAttribute("data-deadline", next.deadline);
    banner.setAttribute("data-days-left", String(left));
    open.hidden = false;
  } else {
    banner.setAttribute("data-state", "closed");
    banner.querySelector(".cq-intake__closed").hidden = false;
  }

  // Rows (and anything else) that carry a deadline: passed ones say so, the next one is marked.
  document.querySelectorAll("[data-cq-deadline]").forEach(function (row) {
    var deadline = row.getAttribute("data-cq-deadline");
    var mark = null;
    if (deadline < today) {
      row.setAttribute("data-passed", "");
      mark = data.passed;
    } else if (next && deadline === next.deadline) {
      row.setAttribute("data-next", "");
      mark = data.next;
    }
    var cell = row.querySelector("[data-cq-mark]");
    if (mark && cell) {
      var label = document.createElement("span");
      label.className = "cq-mark";
      label.textContent = mark;
      cell.append(" ", label);
    }
  });
})();
