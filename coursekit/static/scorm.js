/* The launch page of a SCORM 1.2 package: the course inside a school's LMS.
 *
 * It finds the LMS's `API` object in a parent or opener frame, starts the session, puts the
 * learner's saved progress (cmi.suspend_data) back into this browser, and shows the track's
 * pages in a frame. The pages are the ordinary course (same quiz component, same policy): they
 * keep progress in localStorage as always, and this page reports it to the LMS after each
 * answer and whenever the page is hidden. With no LMS around it, it goes to the track's first
 * page and is the ordinary course.
 *
 * suspend_data holds only answers, packed by position in the track (see pack/unpack): no name
 * and nothing typed into a practice log. SCORM 1.2 allows 4,096 characters.
 */
(function () {
  "use strict";

  var track = globalThis.ckScormTrack;
  var quiz = globalThis.courseQuiz;
  var store = quiz.store;
  var LIMIT = 4096;

  function findAPI(win) {
    for (var hops = 0; win && hops < 12; hops++) {
      try { if (win.API) return win.API; } catch (e) { /* a frame of another site */ }
      if (win.parent === win) break;
      win = win.parent;
    }
    return null;
  }

  var api = (window.parent !== window && findAPI(window.parent)) || (window.opener && findAPI(window.opener));
  if (!api) {
    location.replace(track.start);
    return;
  }

  /* ---- progress packed small: one entry per item of the track, in the track's order ---- */

  function mask(indices) {
    return indices.reduce(function (sum, i) { return sum + (1 << i); }, 0);
  }

  function unmask(bits, n) {
    var out = [];
    for (var i = 0; i < n; i++) if (bits & (1 << i)) out.push(i);
    return out;
  }

  function packAnswer(question, saved) {
    if (!saved) return 0;
    if (question.type === "evidence") return saved.correct ? 2 : 1;  // never the typed log
    if (question.type === "order") return saved.answer.join("");
    return mask(saved.answer);
  }

  function unpackAnswer(question, packed) {
    if (!packed) return null;
    if (question.type === "evidence") return { answer: {}, correct: packed === 2 };
    var answer = question.type === "order" ? String(packed).split("").map(Number) : unmask(packed, question.options.length);
    return { answer: answer, correct: quiz.isRight(question, answer) };
  }

  function pack(item, answers) {
    if (!answers) return 0;
    if (item.kind === "scenario") return (answers.path || []).map(function (p) { return p.choice; }).join("") || 0;
    if (item.assessment) {
      var now = answers.current;
      var current = now ? [now.questions, now.questions.map(function (qi) {
        return [now.orders[qi].join(""), packAnswer(item.questions[qi], now.answers[qi] && { answer: now.answers[qi] })];
      }), now.submitted ? 1 : 0] : 0;
      return [answers.scores || [], current];
    }
    return item.questions.map(function (q) { return packAnswer(q, answers[q.id]); });
  }

  function unpack(item, packed) {
    if (!packed) return null;
    if (item.kind === "scenario") {
      var path = [], step = item.start, ending = null;
      String(packed).split("").map(Number).every(function (choice) {
        var options = item.steps[step] && item.steps[step].choices;
        if (!options || !options[choice]) return false;
        path.push({ step: step, choice: choice, good: options[choice].good });
        if (item.endings[options[choice].next]) { ending = options[choice].next; return false; }
        step = options[choice].next;
        return true;
      });
      return { path: path, ending: ending };
    }
    if (item.assessment) {
      var state = { scores: packed[0], current: null };
      if (packed[1]) {
        var now = { questions: packed[1][0], orders: {}, answers: {}, submitted: packed[1][2] === 1, score: null };
        now.questions.forEach(function (qi, n) {
          var question = item.questions[qi];
          now.orders[qi] = packed[1][1][n][0].split("").map(Number);
          var answer = unpackAnswer(question, packed[1][1][n][1]);
          if (answer) now.answers[qi] = answer.answer;
        });
        if (now.submitted) now.score = packed[0][packed[0].length - 1];
        state.current = now;
      }
      return state;
    }
    var answers = {};
    item.questions.forEach(function (q, n) {
      var answer = unpackAnswer(q, packed[n]);
      if (answer) answers[q.id] = answer;
    });
    return answers;
  }

  function snapshot() {
    var items = track.items.map(function (item) { return pack(item, (store.get("item:" + item.id) || {}).answers); });
    var times = track.pages.map(function (page) { return Math.round(((store.get("visit:" + page) || {}).seconds || 0) / 5); });
    var saved = track.items.map(function (item) { return (store.get("item:" + item.id) || {}).saved || ""; }).sort().pop();
    return JSON.stringify({ v: 1, i: items, t: times, d: (saved || "").slice(0, 10) });
  }

  function restore(text) {
    var data;
    try { data = JSON.parse(text); } catch (e) { return; }
    if (!data || data.v !== 1 || !Array.isArray(data.i) || data.i.length !== track.items.length) return;
    track.items.forEach(function (item, n) {
      var answers;
      try { answers = unpack(item, data.i[n]); } catch (e) { answers = null; }  // saved by an older package
      if (!answers) return;
      var marks = quiz.tally(item, answers);
      store.set("item:" + item.id, { answers: answers, score: marks.score, total: marks.total,
                                     done: quiz.finished(item, answers), saved: data.d || "" });
    });
    (data.t || []).forEach(function (ticks, n) {
      if (ticks && track.pages[n]) store.set("visit:" + track.pages[n], { seconds: ticks * 5 });
    });
  }

  /* ---- what the LMS is told ---- */

  function status() {
    var assessment = track.lessons.filter(function (l) { return l.kind === "assessment"; })[0];
    if (assessment) {
      var item = track.items.filter(function (i) { return i.id === assessment.items[0]; })[0];
      var scores = ((store.get("item:" + item.id) || {}).answers || {}).scores || [];
      if (!scores.length) return { lesson: "incomplete" };
      var best = Math.max.apply(null, scores);
      return { lesson: best >= assessment.pass_mark ? "passed" : "failed",
               score: Math.round(100 * best / assessment.total) };
    }
    var done = track.items.every(function (item) { return (store.get("item:" + item.id) || {}).done; });
    return { lesson: done ? "completed" : "incomplete" };
  }

  function timespan(ms) {  // SCORM 1.2's CMITimespan, HHHH:MM:SS.SS
    var s = ms / 1000;
    var two = function (n) { return (n < 10 ? "0" : "") + n; };
    return two(Math.floor(s / 3600)) + ":" + two(Math.floor(s / 60) % 60) + ":" + two(Math.floor(s) % 60) + "." +
      two(Math.floor((s * 100) % 100));
  }

  var started = Date.now();
  var here = track.start;
  var finished = false;

  function report() {
    if (finished) return;
    var now = status();
    api.LMSSetValue("cmi.core.lesson_status", now.lesson);
    if (now.score !== undefined) {
      api.LMSSetValue("cmi.core.score.min", "0");
      api.LMSSetValue("cmi.core.score.max", "100");
      api.LMSSetValue("cmi.core.score.raw", String(now.score));
    }
    var data = snapshot();
    if (data.length <= LIMIT) api.LMSSetValue("cmi.suspend_data", data);
    api.LMSSetValue("cmi.core.lesson_location", here);
    api.LMSSetValue("cmi.core.session_time", timespan(Date.now() - started));
    api.LMSCommit("");
  }

  function finish() {
    if (finished) return;
    report();
    api.LMSSetValue("cmi.core.exit", "suspend");  // keep the progress for the next visit, whatever the status
    finished = true;
    api.LMSFinish("");
  }

  /* ---- start ---- */

  api.LMSInitialize("");
  // This browser may hold someone else's progress on this LMS: the LMS's copy is the learner's.
  store.clear();
  restore(api.LMSGetValue("cmi.suspend_data"));
  if (!store.get("name")) {  // "Reid, Tom" as the LMS gives it, as a certificate would print it
    var parts = String(api.LMSGetValue("cmi.core.student_name") || "").split(",");
    store.set("name", parts.slice(1).join(",").trim() ? parts.slice(1).join(",").trim() + " " + parts[0].trim() : parts[0].trim());
  }
  var resume = api.LMSGetValue("cmi.core.lesson_location");
  if (track.pages.indexOf(resume) >= 0) here = resume;

  var frame = document.createElement("iframe");
  frame.title = track.name;
  frame.id = "ck-course";
  frame.src = here;
  Object.assign(frame.style, { position: "fixed", inset: "0", width: "100%", height: "100%", border: "0" });
  document.body.replaceChildren(frame);
  frame.addEventListener("load", function () {
    var path = decodeURI(frame.contentWindow.location.pathname);
    var page = track.pages.filter(function (p) { return path.slice(-p.length - 1) === "/" + p; })[0];
    if (page) here = page;
    frame.contentDocument.addEventListener("ck-progress", report);
    frame.contentWindow.addEventListener("pagehide", report);
    report();
  });
  document.addEventListener("visibilitychange", function () { if (document.visibilityState === "hidden") report(); });
  window.addEventListener("pagehide", finish);
  window.addEventListener("beforeunload", finish);
})();
