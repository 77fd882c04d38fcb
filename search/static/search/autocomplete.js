// Suggestions under the search box (ARIA 1.2 combobox). Without JavaScript the box is a plain form.
(function () {
  "use strict";
  var input = document.getElementById("search-q");
  if (!input || !window.fetch) { return; }
  var url = input.getAttribute("data-suggest-url");
  var list = document.createElement("ul");
  var live = document.createElement("div");
  var active = -1;
  var items = [];
  var timer = null;
  var inflight = null;
  var countTexts = {};
  try { countTexts = JSON.parse(input.getAttribute("data-count-texts") || "{}"); } catch (error) { /* numbers only */ }

  list.id = "search-suggestions";
  list.className = "suggestions";
  list.setAttribute("role", "listbox");
  list.setAttribute("aria-label", input.labels && input.labels[0] ? input.labels[0].textContent : "Suggestions");
  list.hidden = true;
  live.className = "visually-hidden";
  live.setAttribute("role", "status");
  input.parentNode.appendChild(list);
  input.parentNode.appendChild(live);
  input.setAttribute("role", "combobox");
  input.setAttribute("aria-autocomplete", "list");
  input.setAttribute("aria-controls", list.id);
  input.setAttribute("aria-expanded", "false");

  function close() {
    list.hidden = true;
    input.setAttribute("aria-expanded", "false");
    input.removeAttribute("aria-activedescendant");
    active = -1;
  }

  function highlight(index) {
    active = index;
    items.forEach(function (item, i) { item.setAttribute("aria-selected", i === index ? "true" : "false"); });
    if (index >= 0) { input.setAttribute("aria-activedescendant", items[index].id); }
    else { input.removeAttribute("aria-activedescendant"); }
  }

  function choose(text) {
    input.value = text;
    close();
    input.form.submit();
  }

  function show(suggestions) {
    list.textContent = "";
    items = suggestions.map(function (text, i) {
      var li = document.createElement("li");
      li.id = "search-suggestion-" + i;
      li.setAttribute("role", "option");
      li.setAttribute("aria-selected", "false");
      li.textContent = text;
      li.addEventListener("mousedown", function (event) { event.preventDefault(); choose(text); });
      list.appendChild(li);
      return li;
    });
    active = -1;
    list.hidden = items.length === 0;
    input.setAttribute("aria-expanded", items.length ? "true" : "false");
    live.textContent = items.length ? countTexts[items.length] || String(items.length) : "";
  }

  function load() {
    var q = input.value.trim();
    if (q.length < 2) { close(); return; }
    if (inflight) { inflight.abort(); }
    inflight = new AbortController();
    fetch(url + "?q=" + encodeURIComponent(q), { signal: inflight.signal, headers: { Accept: "application/json" } })
      .then(function (response) { return response.ok ? response.json() : { suggestions: [] }; })
      .then(function (data) { if (input.value.trim() === q) { show(data.suggestions || []); } })
      .catch(function () { /* offline or aborted: the plain form still works */ });
  }

  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(load, 150);
  });
  input.addEventListener("keydown", function (event) {
    if (list.hidden) { return; }
    if (event.key === "ArrowDown") { event.preventDefault(); highlight((active + 1) % items.length); }
    else if (event.key === "ArrowUp") { event.preventDefault(); highlight(active <= 0 ? items.length - 1 : active - 1); }
    else if (event.key === "Enter" && active >= 0) { event.preventDefault(); choose(items[active].textContent); }
    else if (event.key === "Escape") { close(); }
  });
  input.addEventListener("blur", close);
})();
