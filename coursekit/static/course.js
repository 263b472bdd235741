/* The course around the quizzes, in the static book: progress, classroom mode, certificates.
 *
 * Everything is kept in this browser's localStorage through quiz.js's `store` (keys "ck:…"):
 * no account, no personal data beyond a name typed for a certificate, nothing sent anywhere.
 * Pages are named by their path from the course's root, so progress survives a rebuild.
 */
(function () {
  "use strict";

  var quiz = globalThis.courseQuiz;
  if (!quiz) return;
  var store = quiz.store;
  var h = quiz.h;  // the one DOM helper: content only ever as text
  var root = new URL(document.documentElement.getAttribute("data-content_root") || "./", location.href);
  var here = decodeURI(location.href.split("#")[0].split("?")[0]).slice(decodeURI(root.href).length);

  function link(page, text) {
    return h("a", { href: new URL(page, root).href, text: text });
  }

  function button(text, onClick, attrs) {
    var b = h("button", Object.assign({ type: "button", "class": "ck-button" }, attrs || {}), [text]);
    b.addEventListener("click", onClick);
    return b;
  }

  /* ---- classroom mode ---- */

  function setClassroom(on) {
    document.documentElement.classList.toggle("ck-classroom", on);
    store.set("classroom", on);
  }

  setClassroom(store.get("classroom") === true);  // before the quizzes mount

  function addClassroomSwitch() {
    var article = document.querySelector("article") || document.querySelector("main");
    if (!article || !document.querySelector(".ck-quiz")) return;
    var on = store.get("classroom") === true;
    var toggle = button(on ? "Classroom mode: on" : "Classroom mode: off", function () {
      on = !on;
      setClassroom(on);
      toggle.textContent = on ? "Classroom mode: on" : "Classroom mode: off";
      toggle.setAttribute("aria-pressed", String(on));
      quiz.rerenderAll();
    }, { "aria-pressed": String(on), "class": "ck-button ck-classroom-switch" });
    var bar = h("div", { "class": "ck-toolbar" }, [toggle,
      h("span", { "class": "ck-toolbar-hint", text: "Bigger text for a projector; answers wait until you press Reveal." })]);
    article.insertBefore(bar, article.firstChild);
  }

  /* ---- where the learner is, and for how long ---- */

  function trackVisit() {
    var title = (document.querySelector("main h1") || {}).textContent || document.title;
    title = title.replace(/#$/, "").trim();
    if (document.querySelector(".ck-quiz")) store.set("last", { page: here, title: title });
    var key = "visit:" + here;
    var visit = store.get(key) || { seconds: 0, first: new Date().toISOString() };
    visit.title = title;
    store.set(key, visit);
    setInterval(function () {
      if (document.visibilityState !== "visible") return;
      var now = store.get(key) || visit;
      now.seconds = (now.seconds || 0) + 10;
      now.last = new Date().toISOString();
      store.set(key, now);
    }, 10000);
  }

  function fillContinue() {
    document.querySelectorAll(".ck-continue").forEach(function (box) {
      var last = store.get("last");
      if (!last || !last.page) return;
      box.replaceChildren(h("p", {}, ["Continue where you left off: ", link(last.page, last.title)]));
    });
  }

  /* ---- progress through a track ---- */

  function lessonState(lesson) {
    var saved = lesson.items.map(function (id) { return store.get("item:" + id) || {}; });
    var done = saved.filter(function (s) { return s.done; }).length;
    var state = { done: done, total: lesson.items.length, complete: done === lesson.items.length && done > 0 };
    if (lesson.kind === "assessment") {
      state.score = saved.reduce(function (sum, s) { return sum + (s.score || 0); }, 0);
      state.passed = state.complete && state.score >= lesson.pass_mark;
    }
    state.when = saved.map(function (s) { return s.saved || ""; }).sort().pop();
    return state;
  }

  function describe(lesson, state) {
    if (lesson.kind === "assessment" && state.complete) {
      return "Score " + state.score + " of " + lesson.total + (state.passed ? " (passed)" : " (pass mark " + lesson.pass_mark + ")");
    }
    if (state.complete) return "Done";
    return state.done ? "Started: " + state.done + " of " + state.total + " activities done" : "Not started";
  }

  function minutesOn(track) {
    var seconds = track.lessons.reduce(function (sum, l) { return sum + ((store.get("visit:" + l.page) || {}).seconds || 0); }, 0);
    return Math.round(seconds / 60);
  }

  function renderProgress(box) {
    var track = JSON.parse(box.getAttribute("data-ck-track"));
    var states = track.lessons.map(lessonState);
    var complete = states.filter(function (s) { return s.complete; }).length;
    var list = h("ol", { "class": "ck-progress-list" }, track.lessons.map(function (lesson, i) {
      var state = states[i];
      return h("li", { "class": state.complete ? "ck-done" : "" }, [
        link(lesson.page, lesson.title), " \u2014 ", h("strong", { text: describe(lesson, state) })]);
    }));
    var clear = button("Clear my progress", function () {
      if (clear.getAttribute("data-confirm") !== "yes") {
        clear.setAttribute("data-confirm", "yes");
        clear.textContent = "Yes, clear all my progress in this browser";
        return;
      }
      store.clear();
      renderProgress(box);
      box.querySelector(".ck-progress-note").textContent = "Your progress has been cleared.";
    });
    box.replaceChildren(
      h("p", { "class": "ck-progress-summary", text: complete + " of " + track.lessons.length + " done \u00b7 about " +
        minutesOn(track) + " minutes so far" }),
      list,
      h("p", { text: "Your progress is saved in this browser only. Nobody else can see it." }),
      clear,
      h("p", { "class": "ck-progress-note", role: "status" }));
  }

  /* ---- certificates for the staff and leaders tracks ---- */

  function record(track, states, name) {
    var assessment = track.lessons.filter(function (l) { return l.kind === "assessment"; })[0];
    var result = states[track.lessons.indexOf(assessment)];
    var when = states.map(function (s) { return s.when || ""; }).sort().pop() || new Date().toISOString();
    return {
      format: "safe-and-kind-online/completion-record",
      version: 1,
      name: name,
      track: track.name,
      modules: track.lessons.filter(function (l) { return l.kind === "lesson"; }).map(function (l) { return l.title; }),
      assessment: { score: result.score, total: assessment.total, pass_mark: assessment.pass_mark },
      completed_on: when.slice(0, 10),
      minutes_spent: minutesOn(track),
    };
  }

  function csv(rec) {
    var cells = [rec.name, rec.track, rec.completed_on, rec.assessment.score, rec.assessment.total,
                 rec.assessment.pass_mark, rec.minutes_spent, rec.modules.join("; ")];
    var quote = function (v) { return '"' + String(v).replace(/"/g, '""') + '"'; };
    return "name,track,completed_on,score,total,pass_mark,minutes_spent,modules\r\n" + cells.map(quote).join(",") + "\r\n";
  }

  function download(text, type, filename, label) {
    return h("a", { "class": "ck-button ck-download", download: filename,
                    href: "data:" + type + ";charset=utf-8," + encodeURIComponent(text), text: label });
  }

  function renderCertificate(box) {
    var track = JSON.parse(box.getAttribute("data-ck-track"));
    var states = track.lessons.map(lessonState);
    var missing = track.lessons.filter(function (l, i) {
      return l.kind === "assessment" ? !states[i].passed : !states[i].complete;
    });
    if (missing.length) {
      box.replaceChildren(
        h("p", { text: "Your certificate appears here when you have finished every module and passed the final assessment. Still to do:" }),
        h("ul", {}, missing.map(function (l) {
          return h("li", {}, [link(l.page, l.title), " \u2014 " + describe(l, states[track.lessons.indexOf(l)])]);
        })));
      return;
    }
    var nameId = "ck-cert-name";
    var input = h("input", { id: nameId, type: "text", "class": "ck-text", autocomplete: "name", value: store.get("name") || "" });
    var sheet = h("div", { "class": "ck-certificate-sheet" });
    var downloads = h("p", { "class": "ck-downloads" });
    function draw() {
      var name = input.value.trim();
      store.set("name", name);
      var rec = record(track, states, name || "(your name)");
      var date = new Date(rec.completed_on + "T12:00:00").toLocaleDateString("en-GB", { day: "numeric", month: "long", year: "numeric" });
      sheet.replaceChildren(
        h("p", { "class": "ck-cert-kicker", text: "Certificate of completion" }),
        h("p", { "class": "ck-cert-name", text: rec.name }),
        h("p", { text: "has completed the " + track.name + " course of Safe and kind online: preventing and responding to online bullying." }),
        h("ul", {}, rec.modules.map(function (m) { return h("li", { text: m }); })),
        h("p", { text: "Final assessment: " + rec.assessment.score + " out of " + rec.assessment.total +
                        " (pass mark " + rec.assessment.pass_mark + ")." }),
        h("p", { text: "Completed on " + date + ". Time spent: about " + rec.minutes_spent + " minutes." }));
      var slug = (name || "record").toLowerCase().replace(/[^a-z0-9]+/g, "-");
      downloads.replaceChildren(
        download(JSON.stringify(rec, null, 2), "application/json", "completion-" + slug + ".json", "Download record (JSON)"),
        download(csv(rec), "text/csv", "completion-" + slug + ".csv", "Download record (CSV)"));
    }
    input.addEventListener("input", draw);
    box.replaceChildren(
      h("div", { "class": "ck-cert-form" }, [
        h("label", { "for": nameId, text: "Your name, as it should appear on the certificate" }), input,
        h("p", { "class": "ck-hint", text: "Your name stays in this browser. Print the certificate, or save it as a PDF from the print window." }),
        button("Print certificate", function () { window.print(); }), downloads]),
      sheet);
    draw();
  }

  /* ---- the theme's menu buttons ----
   * pydata-sphinx-theme 0.17 wires only the first .primary-toggle (and .secondary-toggle) on the
   * page, and sphinx-book-theme's visible one comes second, so on a phone the menu never opened
   * (upstream issue 2451). The others pass their click to the wired one. Their Bootstrap tooltip
   * stuck on screen after a tap, so they keep a plain name instead.
   * tests/test_navigation.py pins the theme code this relies on. */
  var SIDEBARS = { primary: "Open the menu", secondary: "Open the contents of this page" };

  function wireSidebarToggles() {
    Object.keys(SIDEBARS).forEach(function (side) {
      var buttons = Array.prototype.slice.call(document.querySelectorAll("." + side + "-toggle"));
      buttons.forEach(function (b, i) {
        b.removeAttribute("data-bs-toggle");
        b.removeAttribute("title");
        b.setAttribute("aria-label", SIDEBARS[side]);
        if (i > 0) b.addEventListener("click", function (event) {
          event.preventDefault();
          event.stopPropagation();
          buttons[0].click();
        });
      });
    });
  }

  function start() {
    wireSidebarToggles();
    addClassroomSwitch();
    trackVisit();
    fillContinue();
    // A lesson open in another tab, or one just left, may record the place after this page read it.
    window.addEventListener("storage", function (event) { if (event.key === "ck:last") fillContinue(); });
    document.querySelectorAll(".ck-progress[data-ck-track]").forEach(renderProgress);
    document.querySelectorAll(".ck-certificate[data-ck-track]").forEach(renderCertificate);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
