/* The course theme's behaviour (coursekit/theme): the menu drawer, the colour switch, the
 * audience of each search result, and keyboard access to anything that scrolls sideways.
 * The inline script in the <head> (light_pages.INLINE) has already set the colours before the
 * page was drawn, and marked <html> with ck-js. */
(function () {
  "use strict";
  var root = document.documentElement;

  /* ---- the menu: a column on wide screens, a drawer on narrow ones ----
   * A real button opens it (touch, mouse, Enter or Space); the rest of the page is inert while
   * it is open, so Tab stays in the menu; Escape, the close button or a tap beside it closes it
   * and gives the focus back to the menu button. */
  function wireDrawer() {
    var open = document.querySelector(".ck-menu-button");
    var drawer = document.getElementById("ck-drawer");
    if (!open || !drawer) return;
    var close = drawer.querySelector(".ck-drawer-close");
    var outside = [document.querySelector(".ck-header"), document.querySelector(".ck-main"), document.querySelector(".ck-footer")];
    var narrow = window.matchMedia("(max-width: 62rem)");

    function setOpen(on, returnFocus) {
      root.classList.toggle("ck-drawer-open", on);
      open.setAttribute("aria-expanded", String(on));
      outside.forEach(function (part) { if (part) part.inert = on; });
      if (on) (drawer.querySelector("[aria-current=page]") || close).focus();
      else if (returnFocus) open.focus();
    }
    open.hidden = false;
    close.hidden = false;
    open.addEventListener("click", function () { setOpen(true); });
    close.addEventListener("click", function () { setOpen(false, true); });
    document.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && root.classList.contains("ck-drawer-open")) setOpen(false, true);
    });
    document.addEventListener("click", function (event) {  // a tap on the shaded page beside it
      if (root.classList.contains("ck-drawer-open") && !drawer.contains(event.target) && event.target !== open
          && !open.contains(event.target)) setOpen(false, true);
    });
    narrow.addEventListener("change", function () { if (!narrow.matches) setOpen(false); });
  }

  /* ---- colours: as the device prefers, light or dark; kept in this browser ---- */
  var MODES = ["auto", "light", "dark"];
  var MODE_NAMES = { auto: "Colours: as your device", light: "Colours: light", dark: "Colours: dark" };

  function applyMode(mode) {
    var dark = mode === "dark" || (mode === "auto" && window.matchMedia("(prefers-color-scheme: dark)").matches);
    root.dataset.mode = mode;
    root.dataset.theme = dark ? "dark" : "light";
  }

  function wireModeSwitch() {
    var button = document.querySelector(".ck-mode-button");
    if (!button) return;
    var label = button.querySelector(".ck-mode-label");
    function show() {
      var mode = root.dataset.mode || "auto";
      label.textContent = MODE_NAMES[mode];
      button.setAttribute("title", "Change the colours");
    }
    button.hidden = false;
    button.addEventListener("click", function () {
      var mode = MODES[(MODES.indexOf(root.dataset.mode || "auto") + 1) % MODES.length];
      try { localStorage.setItem("mode", mode); localStorage.removeItem("theme"); } catch (e) { /* private mode */ }
      applyMode(mode);
      show();
    });
    window.matchMedia("(prefers-color-scheme: dark)").addEventListener("change", function () {
      if ((root.dataset.mode || "auto") === "auto") applyMode("auto");
    });
    show();
  }

  /* ---- search results: which part of the course each page is for ---- */
  function labelSearchResults() {
    var results = document.getElementById("search-results");
    var data = document.getElementById("ck-search-parts");
    if (!results || !data) return;
    var parts = JSON.parse(data.textContent);
    var prefixes = Object.keys(parts);
    function label() {
      results.querySelectorAll("li > a:first-child").forEach(function (a) {
        if (a.parentNode.querySelector(".ck-search-part")) return;
        var path = new URL(a.href, document.baseURI).pathname;
        var prefix = prefixes.filter(function (p) { return path.indexOf("/" + p) !== -1; })[0];
        var tag = document.createElement("span");
        tag.className = "ck-search-part";
        tag.textContent = prefix ? parts[prefix] : "For everyone";
        a.insertAdjacentElement("afterend", tag);
      });
    }
    new MutationObserver(label).observe(results, { childList: true, subtree: true });
  }

  /* ---- wide code and tables scroll sideways: a keyboard can reach and scroll them too ---- */
  function focusableScrollers() {
    document.querySelectorAll(".ck-article pre, .ck-article table.docutils").forEach(function (box) {
      if (box.scrollWidth > box.clientWidth) box.setAttribute("tabindex", "0");
      else box.removeAttribute("tabindex");
    });
  }

  function start() {
    focusableScrollers();
    window.addEventListener("resize", focusableScrollers);
    wireDrawer();
    wireModeSwitch();
    labelSearchResults();
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
