/* The course around the quizzes, in the static book: progress, classroom mode, certificates.
 *
 * Everything is kept in this browser's localStorage through `courseQuiz.store` (quiz-book.js; keys
 * "ck:…"): no account, no personal data beyond a name typed for a certificate, nothing sent anywhere.
 * Pages are named by their path from the course's root, so progress survives a rebuild.
 */
(function () {
  "use strict";

  var quiz = globalThis.courseQuiz;
  if (!quiz) return;
  var store = quiz.store;
  var h = quiz.h;  // the component's DOM helpers: content only ever as text
  var button = quiz.button;
  var root = new URL(document.documentElement.getAttribute("data-content_root") || "./", location.href);
  var here = decodeURI(location.href.split("#")[0].split("?")[0]).slice(decodeURI(root.href).length);

  function link(page, text) {
    return h("a", { href: new URL(page, root).href, text: text });
  }

  /* ---- classroom mode: for a teacher at the front, on pupil lessons only ----
   * Kept for this browser session (sessionStorage), so the next pupil on a shared computer does
   * not find feedback held back, and never offered on an assessment. */
  var CLASSROOM = "ck:classroom";
  var offersClassroom = /^book\/pupils-/.test(here) && !!document.querySelector(".ck-quiz:not(.ck-assessed)");

  function classroomOn() {
    try { return sessionStorage.getItem(CLASSROOM) === "on"; } catch (e) { return false; }
  }

  function setClassroom(on) {
    document.documentElement.classList.toggle("ck-classroom", on);
    try { sessionStorage.setItem(CLASSROOM, on ? "on" : "off"); } catch (e) { /* private mode */ }
  }

  // quiz.js has drawn the quizzes by now (its deferred script runs first), so a choice made on
  // the last page is applied and they are drawn again, counters included.
  if (offersClassroom && classroomOn()) {
    document.documentElement.classList.add("ck-classroom");
    quiz.rerenderAll();
  }

  function addClassroomSwitch() {
    var article = document.querySelector("article") || document.querySelector("main");
    if (!article || !offersClassroom) return;
    var on = classroomOn();
    var toggle = button(on ? "Classroom mode: on" : "Classroom mode: off", function () {
      on = !on;
      setClassroom(on);
      toggle.textContent = on ? "Classroom mode: on" : "Classroom mode: off";
      toggle.setAttribute("aria-pressed", String(on));
      quiz.rerenderAll();
    }, { "aria-pressed": String(on), className: "ck-button ck-classroom-switch" });
    var bar = h("div", { "class": "ck-toolbar" }, [toggle,
      h("span", { "class": "ck-toolbar-hint", text: "Bigger text for a projector; answers wait until you press Reveal." }),
      printButton("Print pupil worksheet", "ck-print-worksheet"), printButton("Print teacher copy", "ck-print-teacher")]);
    article.insertBefore(bar, article.firstChild);
  }

  /* Two printed copies of a pupil lesson: the worksheet has the questions and choices only; the
   * teacher copy (also what the browser's own Print gives) adds the answers to discuss and the
   * teacher notes. print.css reads the class on <html>. */
  function printButton(label, mode) {
    return button(label, function () {
      document.documentElement.classList.add(mode);
      window.addEventListener("afterprint", function () { document.documentElement.classList.remove(mode); }, { once: true });
      window.print();
    }, { className: "ck-button ck-print-button" });
  }

  /* ---- where the learner is, and for how long ---- */

  /* Time spent is active time: a tick counts only while the page is in view and the learner
   * has read, scrolled, typed or tapped in the last two minutes, so a tab left open does not. */
  var TICK = 5, IDLE = 120;

  /* A heading's words, without the permalink Sphinx puts at its end. */
  function pageTitle(heading) {
    return Array.prototype.filter.call(heading.childNodes, function (node) {
      return !(node.classList && node.classList.contains("headerlink"));
    }).map(function (node) { return node.textContent; }).join("").trim();
  }

  function trackVisit() {
    var heading = document.querySelector("main h1");
    var title = heading ? pageTitle(heading) : document.title;
    if (document.querySelector(".ck-quiz")) store.set("last", { page: here, title: title });
    var key = "visit:" + here;
    var visit = store.get(key) || { seconds: 0, first: new Date().toISOString() };
    visit.title = title;
    store.set(key, visit);
    var lastActive = Date.now();
    ["pointerdown", "keydown", "scroll", "wheel", "touchstart", "mousemove"].forEach(function (type) {
      window.addEventListener(type, function () { lastActive = Date.now(); }, { passive: true, capture: true });
    });
    setInterval(function () {
      if (document.visibilityState !== "visible" || Date.now() - lastActive > IDLE * 1000) return;
      var now = store.get(key) || visit;
      now.seconds = (now.seconds || 0) + TICK;
      now.last = new Date().toISOString();
      store.set(key, now);
    }, TICK * 1000);
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

  /* The record's columns, in order. The check code is a CRC-32 of the others' values, one per
   * line, so scripts/merge_records.py can spot a typo or a hand-edited score. It is not proof
   * against forgery: anyone can recompute it (the docs say so; an LMS is the proof). */
  var COLUMNS = ["name", "school", "track", "completed_on", "attempts", "first_score", "best_score", "total",
                 "pass_mark", "minutes_spent", "stated_minutes", "under_a_quarter_of_stated_time", "modules"];

  var CRC_TABLE = (function () {
    var table = [];
    for (var n = 0; n < 256; n++) {
      var c = n;
      for (var k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      table.push(c >>> 0);
    }
    return table;
  })();

  function crc32(text) {
    var crc = 0xffffffff;
    new TextEncoder().encode(text).forEach(function (byte) { crc = CRC_TABLE[(crc ^ byte) & 0xff] ^ (crc >>> 8); });
    var hex = ("00000000" + ((crc ^ 0xffffffff) >>> 0).toString(16)).slice(-8).toUpperCase();
    return hex.slice(0, 4) + "-" + hex.slice(4);
  }

  function cells(rec) {
    var a = rec.assessment;
    return [rec.name, rec.school, rec.track, rec.completed_on, a.attempts, a.first_score, a.best_score, a.total,
            a.pass_mark, rec.minutes_spent, rec.stated_minutes, rec.under_a_quarter_of_stated_time ? "yes" : "no",
            rec.modules.join("; ")].map(String);
  }

  function record(track, states, name) {
    var assessment = track.lessons.filter(function (l) { return l.kind === "assessment"; })[0];
    var saved = (store.get("item:" + assessment.items[0]) || {}).answers || {};
    var scores = Array.isArray(saved.scores) ? saved.scores : [];
    var when = states.map(function (s) { return s.when || ""; }).sort().pop() || new Date().toISOString();
    var minutes = minutesOn(track);
    var rec = {
      format: "safe-and-kind-online/completion-record",
      version: 2,
      name: name,
      school: track.school || "",
      track: track.name,
      modules: track.lessons.filter(function (l) { return l.kind === "lesson"; }).map(function (l) { return l.title; }),
      assessment: { attempts: scores.length, first_score: scores[0], best_score: Math.max.apply(null, scores),
                    total: assessment.total, pass_mark: assessment.pass_mark, pass_percent: 80 },
      completed_on: when.slice(0, 10),
      minutes_spent: minutes,
      stated_minutes: track.minutes,
      under_a_quarter_of_stated_time: minutes * 4 < track.minutes,
    };
    rec.check_code = crc32(cells(rec).join("\n"));
    return rec;
  }

  function csv(rec) {
    var quote = function (v) { return '"' + String(v).replace(/"/g, '""') + '"'; };
    return COLUMNS.concat(["check_code"]).join(",") + "\r\n" +
      cells(rec).concat([rec.check_code]).map(quote).join(",") + "\r\n";
  }

  function download(text, type, filename, label) {
    return h("a", { "class": "ck-button ck-download", download: filename,
                    href: "data:" + type + ";charset=utf-8," + encodeURIComponent(text), text: label });
  }

  function duration(minutes) {
    if (minutes < 1) return "under a minute";
    var hours = Math.floor(minutes / 60), rest = minutes % 60;
    var parts = [];
    if (hours) parts.push(hours + (hours === 1 ? " hour" : " hours"));
    if (rest) parts.push(rest + (rest === 1 ? " minute" : " minutes"));
    return parts.join(" ");
  }

  function certificateSheet(track, rec) {
    var a = rec.assessment;
    var date = new Date(rec.completed_on + "T12:00:00").toLocaleDateString("en-GB", { day: "numeric", month: "long", year: "numeric" });
    var signer = track.dsl ? track.dsl + ", designated safeguarding lead" : "";
    function line(label, value) {
      return h("div", { "class": "ck-cert-sign-line" }, [h("span", { "class": "ck-cert-rule", text: value || "" }),
                                                         h("span", { "class": "ck-cert-label", text: label })]);
    }
    return [
      h("p", { "class": "ck-cert-kicker", text: "Certificate of completion" }),
      h("p", { "class": "ck-cert-name", text: rec.name }),
      h("p", { "class": "ck-cert-what", text: (rec.school ? "of " + rec.school + " " : "") + "has completed the " +
        track.name + " course of Safe and kind online: preventing and responding to online bullying." }),
      h("ul", { "class": "ck-cert-modules" }, rec.modules.map(function (m) { return h("li", { text: m }); })),
      h("p", { text: "Final assessment: best score " + a.best_score + " out of " + a.total + " (" +
        Math.round(100 * a.best_score / a.total) + "%); pass mark " + a.pass_mark + " (" + a.pass_percent + "%). " +
        "Attempts: " + a.attempts + (a.attempts > 1 ? "; first score " + a.first_score + "." : ".") }),
      h("p", { text: "Completed on " + date + ". Active time on the course: " + duration(rec.minutes_spent) +
        " (planned: " + duration(rec.stated_minutes) + ")." +
        (rec.under_a_quarter_of_stated_time ? " This is less than a quarter of the planned time." : "") }),
      h("div", { "class": "ck-cert-sign" }, [line("Signed (designated safeguarding lead or line manager)"),
                                              line("Name and role", signer), line("Date")]),
      h("p", { "class": "ck-cert-code", text: "Record check code: " + rec.check_code })];
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
    var waiting = h("p", { "class": "ck-cert-waiting", role: "status" });
    var actions = h("p", { "class": "ck-downloads" });
    function draw() {
      var name = input.value.trim();
      store.set("name", name);
      var old = document.querySelector("body > .ck-print-certificate");
      if (old) old.remove();
      document.documentElement.classList.toggle("ck-has-certificate", !!name);
      sheet.hidden = actions.hidden = !name;
      waiting.textContent = name ? "" : "Type your name to see your certificate. There is no certificate without a name.";
      if (!name) return;
      var rec = record(track, states, name);
      sheet.replaceChildren.apply(sheet, certificateSheet(track, rec));
      // Printed alone on an A4 page (print.css): a copy straight under <body>, without the page around it.
      var copy = sheet.cloneNode(true);
      copy.className = "ck-print-certificate";
      copy.setAttribute("aria-hidden", "true");
      document.body.appendChild(copy);
      var slug = name.toLowerCase().replace(/[^a-z0-9]+/g, "-");
      actions.replaceChildren(
        button("Print certificate", function () { window.print(); }),
        download(JSON.stringify(rec, null, 2), "application/json", "completion-" + slug + ".json", "Download record (JSON)"),
        download(csv(rec), "text/csv", "completion-" + slug + ".csv", "Download record (CSV)"));
    }
    input.addEventListener("input", draw);
    box.replaceChildren(
      h("div", { "class": "ck-cert-form" }, [
        h("label", { "for": nameId, text: "Your name, as it should appear on the certificate" }), input,
        h("p", { "class": "ck-hint", text: "Your name stays in this browser. Print the certificate, or save it as a PDF from the print window." }),
        waiting, actions]),
      sheet);
    draw();
  }

  /* ---- the end of a pupil lesson: what was learnt, and where to go next ----
   * Once every activity on the page is done, a box after the last one says so, repeats the
   * lesson's key points and offers the next page as a big button (the theme's Next link,
   * coursekit/theme/course/layout.html). */
  function lessonEnd() {
    var quizzes = Array.prototype.slice.call(document.querySelectorAll(".ck-quiz[data-ck-id]"));
    if (!/^book\/pupils-/.test(here) || !quizzes.length) return;
    var points = document.querySelector("section#key-points ul");
    var next = document.querySelector(".ck-prev-next a.ck-next");
    var title = h("h2", { "class": "ck-lesson-end-title", text: "You finished this lesson!" });
    var box = h("section", { "class": "ck-lesson-end", "aria-labelledby": "ck-lesson-end-title", hidden: "" }, [
      title, h("p", { text: "You did every activity on this page. Well done." })]);
    title.id = "ck-lesson-end-title";
    if (points) box.appendChild(h("p", { "class": "ck-lesson-end-remember", text: "Remember:" }));
    if (points) box.appendChild(points.cloneNode(true));
    if (next) {
      var label = (next.querySelector(".ck-prev-next-title") || next).textContent.trim();
      box.appendChild(h("a", { "class": "ck-button ck-lesson-end-next", href: next.getAttribute("href"), text: "Next: " + label }));
    }
    var last = quizzes[quizzes.length - 1];
    (last.closest(".cell") || last).insertAdjacentElement("afterend", box);
    // It does not take the focus: the pupil is still reading the feedback on their last answer.
    function update() {
      box.hidden = !quizzes.every(function (q) { return (store.get("item:" + q.getAttribute("data-ck-id")) || {}).done; });
    }
    document.addEventListener("ck-progress", update);
    update();
  }

  /* ---- read aloud, for young and weaker readers and for parents reading in a second language ----
   * The browser's own speech, with a voice that runs on this device (localService), so nothing
   * is sent anywhere; where there is no such voice, no control is shown. One control before each
   * section and each quiz reads it (a quiz: the story, its messages and the question now open);
   * while it reads, the control pauses and resumes, and Stop stops. */
  var READ_ALOUD_PAGES = /^book\/(pupils-|parents\/|tips\/(pupils|parents))/;

  function englishVoice(synth) {
    var local = synth.getVoices().filter(function (v) { return v.localService; });
    return local.filter(function (v) { return /^en[-_]GB/i.test(v.lang); })[0] ||
           local.filter(function (v) { return /^en\b/i.test(v.lang); })[0] || null;
  }

  function spokenText(target) {
    function texts(root, selector) {
      return Array.prototype.map.call(root.querySelectorAll(selector), function (e) { return e.innerText.trim(); });
    }
    if (target.tagName === "SECTION") return texts(target, ":scope > h2, :scope > p, :scope > ul > li, :scope > ol > li");
    var fieldsets = Array.prototype.slice.call(target.querySelectorAll("fieldset.ck-question"));
    var open = fieldsets.filter(function (f) { return f.contains(document.activeElement); })[0] ||
               fieldsets.filter(function (f) { return !f.querySelector(".ck-feedback:not(:empty)"); })[0] ||
               fieldsets[fieldsets.length - 1];
    var parts = texts(target, ".ck-title, .ck-situation p");
    Array.prototype.forEach.call(target.querySelectorAll(".ck-chat-message"), function (m) {
      parts.push(m.querySelector(".ck-chat-sender").textContent + " says: " + m.querySelector(".ck-chat-text").textContent);
    });
    if (open) parts = parts.concat(texts(open, "legend, .ck-option label, .ck-order-text, .ck-feedback"));
    return parts.filter(Boolean);
  }

  function readAloud() {
    var synth = window.speechSynthesis;
    if (!READ_ALOUD_PAGES.test(here) || !synth || typeof SpeechSynthesisUtterance === "undefined") return;
    var controls = [];
    /* Pause is stop-and-remember: the engine's own pause is missing on some systems (Linux's
     * speech-dispatcher among them), so Resume starts again at the paragraph it was reading. */
    function add(target, name, before) {
      var c = { parts: [], at: 0, run: 0, state: "idle" };
      function show(state) {
        c.state = state;
        c.read.textContent = { idle: "Read aloud", speaking: "Pause", paused: "Resume" }[state];
        c.stop.hidden = state === "idle";
      }
      function speakFrom(start) {
        var run = ++c.run;
        var voice = englishVoice(synth);
        c.parts.slice(start).forEach(function (text, i) {
          var u = new SpeechSynthesisUtterance(text);
          u.voice = voice;
          u.lang = voice.lang;
          u.rate = 0.9;
          u.onstart = function () { if (run === c.run) c.at = start + i; };
          if (start + i === c.parts.length - 1) u.onend = function () { if (run === c.run) show("idle"); };
          synth.speak(u);
        });
        show("speaking");
      }
      c.read = button("Read aloud", function () {
        if (c.state === "speaking") { c.run++; synth.cancel(); show("paused"); return; }
        if (c.state === "paused") { speakFrom(c.at); return; }
        controls.forEach(function (other) { if (other.state !== "idle") { other.run++; other.show("idle"); } });
        synth.cancel();
        c.parts = spokenText(target);
        c.at = 0;
        speakFrom(0);
      }, { className: "ck-button ck-speak", "aria-label": "Read aloud: " + name });
      c.stop = button("Stop", function () { c.run++; synth.cancel(); show("idle"); c.read.focus(); },
                      { className: "ck-button ck-speak-stop", hidden: "" });
      c.show = show;
      controls.push(c);
      before.parentNode.insertBefore(h("div", { "class": "ck-speak-bar" }, [c.read, c.stop]), before);
    }
    function setup() {
      if (controls.length || !englishVoice(synth)) return;
      document.querySelectorAll("article section").forEach(function (section) {
        var heading = section.querySelector(":scope > h2");
        if (heading && !section.closest(".teacher-notes")) add(section, pageTitle(heading), heading.nextSibling || heading);
      });
      document.querySelectorAll(".ck-quiz[data-ck-id]").forEach(function (quizEl) {
        var title = quizEl.querySelector(".ck-title");
        add(quizEl, title ? title.textContent : "this activity", quizEl);
      });
    }
    setup();
    synth.addEventListener("voiceschanged", setup);
    window.addEventListener("pagehide", function () { synth.cancel(); });
  }

  /* ---- inside an LMS: only the package's own pages ----
   * A SCORM package (coursekit/scorm.py) carries one track and the help pages. Its launch page
   * holds the list; links to pages left out are shown as plain text, menu entries and the
   * search box (which would search the whole course) are hidden. */
  function limitToPackage() {
    var pack;
    try { pack = window.parent !== window && window.parent.ckScormTrack; } catch (e) { return; }
    if (!pack) return;
    var inside = pack.pages.map(function (p) { return new URL(p, root).href; });
    document.querySelectorAll("a[href]").forEach(function (a) {
      var url = new URL(a.getAttribute("href"), location.href);
      var target = url.href.split("#")[0];
      if (url.origin !== location.origin || !/\.html$/.test(url.pathname) || inside.indexOf(target) >= 0) return;
      var entry = a.closest("nav li, .ck-prev-next a");
      if (entry) entry.style.display = "none";  // not `hidden`: the theme's display rules would win
      else a.replaceWith(document.createTextNode(a.textContent));
    });
    document.querySelectorAll(".ck-search").forEach(function (el) {
      el.style.display = "none";
    });
  }

  function start() {
    limitToPackage();
    addClassroomSwitch();
    trackVisit();
    fillContinue();
    // A lesson open in another tab, or one just left, may record the place after this page read it.
    window.addEventListener("storage", function (event) { if (event.key === "ck:last") fillContinue(); });
    document.querySelectorAll(".ck-progress[data-ck-track]").forEach(renderProgress);
    document.querySelectorAll(".ck-certificate[data-ck-track]").forEach(renderCertificate);
    lessonEnd();
    readAloud();
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
