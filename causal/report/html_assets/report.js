// causal report: picks out a finding's graph element and case text, filters by search. No fetches, no
// innerHTML: everything from the case is set as text.
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("report-data").textContent);
  var refs = data.refs;
  var picked = [];
  var marked = [];
  var chosen = null;

  function graphElements(id) {
    var drawing = document.querySelector("#graph .drawing");
    if (!drawing) return [];
    var found = [];
    var whole = drawing.querySelector('[id="' + CSS.escape(id) + '"]');
    if (whole) found.push(whole);
    // The parts of a joint link: its junction-3 and its link-3-cause-1, ...
    if (/^link-\d+$/.test(id)) {
      drawing.querySelectorAll('[id^="' + id + '-"]').forEach(function (part) { found.push(part); });
      var junction = drawing.querySelector('[id="junction-' + id.slice(5) + '"]');
      if (junction) found.push(junction);
    }
    return found;
  }

  function clearPicks() {
    picked.forEach(function (element) { element.classList.remove("picked"); });
    picked = [];
    marked.forEach(function (entry) { entry.code.textContent = entry.text; });
    marked = [];
    if (chosen) chosen.classList.remove("chosen");
    chosen = null;
  }

  // Columns count code points from 1, the end column just after the span's last character.
  function markLine(number, from, to) {
    var line = document.getElementById("line-" + number);
    if (!line) return null;
    var code = line.querySelector(".code");
    var original = code.textContent;
    var chars = Array.from(original);
    var start = Math.max(0, from - 1);
    var end = to === null ? chars.length : Math.max(start, to - 1);
    if (start >= chars.length && chars.length > 0) start = chars.length - 1;
    var mark = document.createElement("mark");
    mark.className = "span";
    mark.textContent = chars.slice(start, end).join("") || " ";
    code.textContent = "";
    code.appendChild(document.createTextNode(chars.slice(0, start).join("")));
    code.appendChild(mark);
    code.appendChild(document.createTextNode(chars.slice(end).join("")));
    marked.push({ code: code, text: original });
    return mark;
  }

  function showSpan(span) {
    var line = span[0], column = span[1], endLine = span[2], endColumn = span[3];
    var first = null;
    for (var number = line; number <= endLine; number++) {
      var mark = markLine(number, number === line ? column : 1, number === endLine ? endColumn : null);
      if (first === null) first = mark;
    }
    if (first) first.scrollIntoView({ block: "center", inline: "nearest" });
  }

  function pick(element) {
    var ref = refs[Number(element.getAttribute("data-ref"))];
    clearPicks();
    chosen = element;
    element.classList.add("chosen");
    var firstDrawn = null;
    ref.targets.forEach(function (id) {
      graphElements(id).forEach(function (drawn) {
        drawn.classList.add("picked");
        picked.push(drawn);
        if (firstDrawn === null) firstDrawn = drawn;
      });
    });
    if (firstDrawn) {
      var box = document.querySelector("#graph .drawing");
      var shape = firstDrawn.getBoundingClientRect(), frame = box.getBoundingClientRect();
      box.scrollLeft += shape.left - frame.left - frame.width / 2 + shape.width / 2;
      box.scrollTop += shape.top - frame.top - frame.height / 2 + shape.height / 2;
    }
    if (ref.span) showSpan(ref.span);
  }

  document.addEventListener("click", function (event) {
    var why = event.target.closest("a.why");
    if (why) {
      // The link to a finding's explain tree opens the tree's first level.
      var tree = document.getElementById(why.getAttribute("href").slice(1));
      var details = tree && tree.querySelector("details");
      if (details) details.open = true;
      return;
    }
    var element = event.target.closest("[data-ref]");
    if (!element) return;
    if (event.target.closest("summary")) event.preventDefault(); // "show" picks; it does not open the tree
    pick(element);
  });
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Enter") return;
    var element = event.target.closest && event.target.closest("[data-ref]");
    if (element) pick(element);
  });

  // The drawing fits the page's width until asked for its actual size.
  var sizeButton = document.getElementById("graph-size");
  if (sizeButton) {
    sizeButton.addEventListener("click", function () {
      var fitted = document.querySelector("#graph .drawing").classList.toggle("fit");
      sizeButton.textContent = fitted ? "actual size" : "fit to the page";
    });
  }

  // Search: hide what does not mention every word typed.
  var search = document.getElementById("search");
  var count = document.getElementById("search-count");
  var searchable = Array.from(document.querySelectorAll(".searchable"));
  var texts = searchable.map(function (element) { return element.textContent.toLowerCase(); });
  search.addEventListener("input", function () {
    var words = search.value.toLowerCase().split(/\s+/).filter(Boolean);
    var shown = 0;
    searchable.forEach(function (element, index) {
      var matches = words.every(function (word) { return texts[index].indexOf(word) >= 0; });
      element.hidden = !matches;
      if (matches) shown++;
    });
    count.textContent = words.length ? shown + " of " + searchable.length + " shown" : "";
  });
})();
