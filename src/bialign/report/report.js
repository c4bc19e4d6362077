/* bialign report: filters, search, finding navigation, review hook.
   One listener per event type on the document (delegation): no per-row
   listeners, so a 30,000-row report stays responsive. */
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("bialign-data").textContent);
  var body = document.body;
  var findings = Array.prototype.slice.call(document.querySelectorAll(".fnd"));
  var counter = document.getElementById("counter");
  var searchBox = document.getElementById("q");
  var searchNote = document.getElementById("qn");
  var current = -1;
  var rowTexts = null;
  var served = false;

  function checked(kind) {
    var out = {};
    document.querySelectorAll('input[data-filter="' + kind + '"]').forEach(function (box) {
      out[box.value] = box.checked;
    });
    return out;
  }

  function rowOf(el) { return el.closest(".row"); }

  function applyFilters() {
    var cats = checked("cat"), sevs = checked("sev");
    var rowsWithVisible = new Set();
    findings.forEach(function (f) {
      var on = cats[f.dataset.cat] !== false && sevs[f.dataset.sev] !== false;
      f.classList.toggle("off", !on);
      if (on) { rowsWithVisible.add(rowOf(f)); }
    });
    document.querySelectorAll("mark.m").forEach(function (m) {
      m.classList.toggle("off", !(cats[m.dataset.cat] !== false && sevs[m.dataset.sev] !== false));
    });
    document.querySelectorAll(".row.hf").forEach(function (r) {
      r.classList.toggle("fv", rowsWithVisible.has(r));
    });
    body.classList.toggle("only", document.getElementById("only").checked);
    updateFiltering();
    updateCounter();
  }

  /* Filtered rows: a group with no row left is removed from layout; the others
     get a size estimate from their remaining rows, so that only the groups near
     the viewport are laid out (content-visibility) even while filtering. */
  var groups = Array.prototype.slice.call(document.querySelectorAll(".grp"));
  var ROW_PX = 56;

  function updateFiltering() {
    var only = body.classList.contains("only");
    var filtering = only || searchBox.value.trim().length > 0;
    groups.forEach(function (g) {
      var n = 0;
      if (filtering) {
        for (var r = g.firstElementChild; r; r = r.nextElementSibling) {
          if (!r.classList.contains("sx") && (!only || r.classList.contains("fv"))) { n++; }
        }
      }
      g.classList.toggle("gx", filtering && n === 0);
      g.style.containIntrinsicSize = filtering && n ? "auto " + n * ROW_PX + "px" : "";
    });
  }

  function visible(f) {
    return !f.classList.contains("off") && !rowOf(f).classList.contains("sx") &&
      (!body.classList.contains("only") || rowOf(f).classList.contains("fv"));
  }

  function visibleFindings() { return findings.filter(visible); }

  function updateCounter() {
    var shown = visibleFindings();
    var pos = current >= 0 ? shown.indexOf(findings[current]) : -1;
    counter.textContent = pos >= 0 ? "Finding " + (pos + 1) + " of " + shown.length
      : shown.length + (shown.length === 1 ? " finding" : " findings");
  }

  /* Jumps (links, Next) land below the sticky bar, whose height changes with
     the width, and above the phone's fixed Previous/Next. */
  var root = document.documentElement;
  var bar = document.querySelector(".bar"), nav = bar.querySelector(".nav");

  function fitScrollPadding() {
    var sticky = getComputedStyle(bar).position === "sticky";
    var fixedNav = getComputedStyle(nav).position === "fixed";
    root.style.scrollPaddingTop = (sticky ? bar.offsetHeight + 8 : 16) + "px";
    root.style.scrollPaddingBottom = (fixedNav ? nav.offsetHeight + 8 : 0) + "px";
  }
  window.addEventListener("resize", fitScrollPadding);
  fitScrollPadding();

  /* Show a finding with the two texts it is about: its row from the top, or,
     when the row is too tall for the screen, as much of it as ends at the finding. */
  function reveal(f) {
    var row = rowOf(f);
    f.scrollIntoView({ block: "center" });  /* lays out its group first */
    row.scrollIntoView({ block: "start" });
    var bottom = window.innerHeight - (parseFloat(root.style.scrollPaddingBottom) || 0);
    if (f.getBoundingClientRect().bottom > bottom) { f.scrollIntoView({ block: "end" }); }
  }

  function select(index, scroll) {
    if (current >= 0) {
      findings[current].classList.remove("cur");
      rowOf(findings[current]).classList.remove("cur");
    }
    current = index;
    var f = findings[index];
    f.classList.add("cur");
    rowOf(f).classList.add("cur");
    if (scroll) {
      reveal(f);
      f.focus({ preventScroll: true });
      if (history.replaceState) { history.replaceState(null, "", "#" + f.id); }
    }
    updateCounter();
  }

  function step(delta) {
    var n = findings.length;
    if (!n) { return; }
    var i = current;
    for (var tries = 0; tries < n; tries++) {
      i = i < 0 ? (delta > 0 ? 0 : n - 1) : (i + delta + n) % n;
      if (visible(findings[i])) { select(i, true); return; }
    }
  }

  function runSearch() {
    var q = searchBox.value.trim().toLowerCase();
    var rows = document.querySelectorAll(".row");
    if (!rowTexts && q) {
      rowTexts = Array.prototype.map.call(rows, function (r) { return r.textContent.toLowerCase(); });
    }
    var hits = 0;
    rows.forEach(function (r, i) {
      var miss = q.length > 0 && rowTexts[i].indexOf(q) < 0;
      r.classList.toggle("sx", miss);
      if (q && !miss) { hits++; }
    });
    searchNote.textContent = q ? hits + (hits === 1 ? " row matches" : " rows match") : "";
    updateFiltering();
    updateCounter();
  }

  var searchTimer = 0;
  searchBox.addEventListener("input", function () {
    clearTimeout(searchTimer);
    searchTimer = setTimeout(runSearch, 200);
  });
  searchBox.addEventListener("keydown", function (ev) {
    if (ev.key === "Enter") { clearTimeout(searchTimer); runSearch(); }
  });

  document.addEventListener("change", function (ev) {
    if (ev.target.matches("input[data-filter], #only")) { applyFilters(); }
  });

  document.addEventListener("keydown", function (ev) {
    if (ev.ctrlKey || ev.metaKey || ev.altKey) { return; }
    if (ev.target.closest("input, textarea, select, [contenteditable]")) { return; }
    if (ev.key === "j" || ev.key === "n") { step(1); ev.preventDefault(); }
    else if (ev.key === "k" || ev.key === "p") { step(-1); ev.preventDefault(); }
    else if (ev.key === "/") { searchBox.focus(); ev.preventDefault(); }
  });

  document.addEventListener("click", function (ev) {
    var t = ev.target;
    if (t.closest("#next")) { step(1); return; }
    if (t.closest("#prev")) { step(-1); return; }
    var act = t.closest("[data-act]");
    if (act && served) { review(act); return; }
    var f = t.closest(".fnd");
    if (f) { select(findings.indexOf(f), false); return; }
    /* A highlighted piece of evidence selects its finding, in the same row. */
    var m = t.closest("mark.m");
    if (m) {
      var i = findings.findIndex(function (x) { return x.id === m.dataset.f; });
      if (i >= 0 && visible(findings[i])) { select(i, true); }
    }
  });

  function fromHash() {
    var id = location.hash.slice(1);
    if (/^F\d+$/.test(id)) {
      var i = findings.findIndex(function (f) { return f.id === id; });
      if (i >= 0) { select(i, false); reveal(findings[i]); }
    }
  }
  window.addEventListener("hashchange", fromHash);

  /* ---------- review hook: only when served by `bialign serve` ---------- */
  var decisions = {};

  function post(url, payload) {
    return fetch(url, {
      method: "POST",
      headers: { "Content-Type": "application/json", "X-Bialign": "1" },
      body: JSON.stringify(payload)
    });
  }

  function button(label, act, fid) {
    var b = document.createElement("button");
    b.type = "button"; b.textContent = label; b.dataset.act = act; b.dataset.f = fid;
    return b;
  }

  function paint(box) {
    var fid = box.dataset.f, d = decisions[fid] || { decision: "", comment: "" };
    box.querySelectorAll("button[data-act]").forEach(function (b) {
      if (b.dataset.act === "confirmed" || b.dataset.act === "dismissed") {
        b.setAttribute("aria-pressed", String(d.decision === b.dataset.act));
      }
    });
    var st = box.querySelector(".st");
    st.textContent = (d.decision ? "Decision: " + d.decision : "Not reviewed") +
      (d.comment ? " \u00b7 \u201c" + d.comment + "\u201d" : "");
  }

  function buildReview() {
    document.querySelectorAll(".rv").forEach(function (box) {
      var fid = box.dataset.f;
      box.appendChild(button("Confirm", "confirmed", fid));
      box.appendChild(button("Dismiss", "dismissed", fid));
      box.appendChild(button("Comment", "comment", fid));
      var st = document.createElement("span");
      st.className = "st"; st.setAttribute("aria-live", "polite");
      box.appendChild(st);
      paint(box);
    });
    var tools = document.createElement("div");
    tools.id = "rowtools";
    var merge = button("Merge with next row", "merge_next", "");
    var split = button("Split", "split", "");
    tools.appendChild(merge); tools.appendChild(split);
    function place(ev) {
      var row = ev.target.closest && ev.target.closest(".row");
      if (row && tools.parentNode !== row) { row.appendChild(tools); }
    }
    document.addEventListener("mouseover", place);
    document.addEventListener("focusin", place);
  }

  function review(el) {
    var act = el.dataset.act;
    if (act === "merge_next" || act === "split") {
      var row = el.closest(".row");
      post("api/links", { link: Number(row.dataset.i), action: act }).then(function (r) {
        if (r.ok) { location.reload(); }
      });
      return;
    }
    var fid = el.dataset.f, box = el.closest(".rv");
    var d = decisions[fid] || { decision: "", comment: "" };
    if (act === "comment") {
      var input = box.querySelector("input");
      if (!input) {
        input = document.createElement("input");
        input.type = "text"; input.value = d.comment || "";
        input.setAttribute("aria-label", "Comment on " + fid);
        box.insertBefore(input, box.querySelector(".st"));
        box.insertBefore(button("Save", "save", fid), box.querySelector(".st"));
        input.focus();
        return;
      }
    }
    var next = { decision: d.decision, comment: d.comment || "" };
    if (act === "confirmed" || act === "dismissed") {
      next.decision = d.decision === act ? "" : act;
    }
    var input2 = box.querySelector("input");
    if (input2) { next.comment = input2.value; }
    post("api/decisions", { finding: fid, decision: next.decision, comment: next.comment })
      .then(function (r) {
        if (!r.ok) { throw new Error("HTTP " + r.status); }
        decisions[fid] = next;
        var i = box.querySelector("input"), s = box.querySelector('[data-act="save"]');
        if (i && act === "save") { i.remove(); s.remove(); }
        paint(box);
      })
      .catch(function (e) { box.querySelector(".st").textContent = "Not saved (" + e.message + ")"; });
  }

  if (/^https?:$/.test(location.protocol)) {
    fetch("api/decisions", { headers: { "X-Bialign": "1", "Accept": "application/json" } })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (json) {
        if (!json || typeof json !== "object") { return; }
        decisions = json; served = true;
        body.classList.add("served");
        buildReview();
      })
      .catch(function () { /* a plain web server: no review controls */ });
  }

  applyFilters();
  fromHash();
  /* The browser's own jump to the fragment comes after this script: redo ours. */
  window.addEventListener("load", function () { setTimeout(fromHash, 0); });
  window.bialign = {
    data: data, step: step,
    search: function (q) { searchBox.value = q; runSearch(); }
  };
})();
