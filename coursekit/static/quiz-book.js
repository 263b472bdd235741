/* The quiz component's host in the static book (JupyterLab's host is anywidget, in widget.py).
 *
 * coursekit/assets.py writes the book's _static/quiz.js as quiz.js (the component) followed by
 * this file, minified, so a page loads one classic script (module scripts are blocked on file://). It mounts every
 * <div class="ck-quiz" data-ck-item="..."> with a model that keeps the answers in this browser,
 * and adds to globalThis.courseQuiz what course.js and scorm.js use: store and rerenderAll.
 */
(function () {
  "use strict";

  var quiz = globalThis.courseQuiz;

  /* Progress in this browser only (localStorage): nothing is ever sent anywhere. */
  var store = {
    get: function (key) {
      try { return JSON.parse(localStorage.getItem("ck:" + key)); } catch (e) { return null; }
    },
    set: function (key, value) {
      try { localStorage.setItem("ck:" + key, JSON.stringify(value)); } catch (e) { /* private mode */ }
    },
    clear: function () {
      try {
        Object.keys(localStorage).filter(function (k) { return k.indexOf("ck:") === 0; })
          .forEach(function (k) { localStorage.removeItem(k); });
      } catch (e) { /* nothing stored */ }
    },
  };

  /* The book's stand-in for a kernel model: the get/set/save_changes the component uses, saving
   * each item's answers under its id so they survive a reload and a rebuild. */
  function pageModel(item) {
    var saved = store.get("item:" + item.id) || {};
    var state = { item: item, answers: saved.answers && typeof saved.answers === "object" ? saved.answers : {},
                  score: 0, total: 0 };
    return {
      get: function (key) { return state[key]; },
      set: function (key, value) { state[key] = value; },
      save_changes: function () {
        // `saved` is when the answers last changed: drawing saved answers again on a later visit
        // must not move it (it dates the certificate and the LMS record).
        var before = store.get("item:" + item.id) || {};
        if (JSON.stringify(before.answers) !== JSON.stringify(state.answers) || !before.saved) {
          store.set("item:" + item.id, { answers: state.answers, score: state.score, total: state.total,
                                         done: quiz.finished(item, state.answers), saved: new Date().toISOString() });
        }
        progressed(item);
      },
    };
  }

  /* Tells course.js (the end-of-lesson box) that an item's progress may have changed. */
  function progressed(item) {
    document.dispatchEvent(new CustomEvent("ck-progress", { detail: { id: item.id } }));
  }

  var mounted = [];

  function mountAll() {
    document.querySelectorAll(".ck-quiz[data-ck-item]").forEach(function (el) {
      var item = JSON.parse(el.getAttribute("data-ck-item"));
      var model = pageModel(item);
      quiz.render({ model: model, el: el });
      el.removeAttribute("data-ck-item");
      mounted.push({ el: el, model: model });
    });
    // Another tab of the course saved an item shown here (or progress was cleared): draw it again
    // from what was saved, so a stale tab can neither reopen a submitted assessment nor overwrite
    // newer answers.
    window.addEventListener("storage", function (event) {
      mounted.forEach(function (m) {
        var item = m.model.get("item");
        if (event.key !== null && event.key !== "ck:item:" + item.id) return;
        redraw(m);
        progressed(item);
      });
    });
  }

  /* Draw a mounted quiz again from what is saved, with a fresh model. */
  function redraw(m) {
    m.model = pageModel(m.model.get("item"));
    quiz.render({ model: m.model, el: m.el });
  }

  /* Draw every quiz again from its saved answers (after classroom mode is switched). */
  function rerenderAll() {
    mounted.forEach(redraw);
  }

  quiz.store = store;
  quiz.rerenderAll = rerenderAll;

  // Deferred in the pages; the SCORM launch page loads it plainly, with no quizzes to mount.
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", mountAll);
  else mountAll();
})();
