/* The course's one quiz component: scenarios ("what would you do?") and knowledge checks.
 *
 * Written once, mounted by two hosts through anywidget's contract, render({ model, el }):
 *  - JupyterLab: widget.py adds one export line to this file and anywidget mounts it with the
 *    kernel's model, so Python can read `answers` and `score`;
 *  - the static book: quiz-book.js (its model keeps answers in this browser), which sphinx_ext
 *    joins after this file into the book's one classic script, _static/quiz.js.
 * It sets globalThis.courseQuiz for the book's scripts; it reads nothing from storage itself.
 * Content is only ever written with textContent, never as HTML.
 */
(function () {
  "use strict";

  // In JupyterLab each widget evaluates this file afresh, so a counter alone would repeat ids
  // (and merge radio groups) across quizzes on one page; a random prefix keeps them apart.
  var uid = 0;
  var prefix = "ck" + Math.random().toString(36).slice(2, 8) + "-";

  function h(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (name) {
      if (name === "text") node.textContent = attrs.text;
      else if (name === "className") node.className = attrs.className;
      else node.setAttribute(name, attrs[name]);
    });
    (children || []).forEach(function (child) {  // a string child is text; a missing one is skipped
      if (child) node.appendChild(typeof child === "string" ? document.createTextNode(child) : child);
    });
    return node;
  }

  /* Text with its addresses as links; nothing else ever becomes markup. Links are http(s) and
   * mailto as written, and, as coursekit/contacts.py finds them in pages, email addresses, bare
   * web addresses (childline.org.uk/remove) and phone numbers (0800 1111), which become tel:. */
  var LINK = new RegExp("(" + [
    /https?:\/\/[^\s<>"]+[^\s<>".,;:!?)]|mailto:[^\s<>"]+[^\s<>".,;:!?)]/.source,
    /[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+/.source,
    /(?<![\w@.\/-])(?:[a-z0-9-]+\.)+(?:uk|com|org)(?:\/[\w\/.-]*[\w\/])?(?![\w@-])/.source,
    /(?<![\w.+-])(?:999|101|1\d\d \d{3}|0\d{3,4}(?: \d{3,4}){1,2})(?![\w-])/.source,
  ].join("|") + ")");

  function href(address) {
    if (/^(https?|mailto):/.test(address)) return address;
    if (address.indexOf("@") > 0) return "mailto:" + address;
    if (/^[\d ]+$/.test(address)) return "tel:" + address.replace(/ /g, "");
    return "https://" + address;
  }

  function linked(text) {
    var out = document.createDocumentFragment();
    String(text).split(LINK).forEach(function (part, i) {
      if (i % 2 === 0) { out.appendChild(document.createTextNode(part)); return; }
      var a = h("a", { href: href(part), text: part.replace(/^mailto:/, "") });
      if (/^https?:/.test(a.getAttribute("href"))) a.setAttribute("rel", "noopener noreferrer");
      out.appendChild(a);
    });
    return out;
  }

  function paragraphs(text, className) {
    var box = h("div", { className: className });
    String(text).split(/\n\s*\n/).forEach(function (part) {
      box.appendChild(h("p", {}, [linked(part.replace(/\s+/g, " ").trim())]));
    });
    return box;
  }

  function button(label, onClick, extra) {
    var b = h("button", Object.assign({ type: "button", className: "ck-button", text: label }, extra || {}));
    b.addEventListener("click", onClick);
    return b;
  }

  /* A fieldset of radios or checkboxes; returns the fieldset and a way to read the choice. */
  function choiceGroup(legendText, options, multiple, hint) {
    var name = prefix + (++uid);
    var legend = h("legend", { className: "ck-legend", text: legendText, tabindex: "-1" });
    var set = h("fieldset", { className: "ck-question" }, [legend]);
    if (hint) set.appendChild(h("p", { className: "ck-hint", text: hint }));
    var list = h("div", { className: "ck-options" });
    var inputs = options.map(function (option, i) {
      var id = name + "-" + i;
      var input = h("input", { type: multiple ? "checkbox" : "radio", name: name, id: id, value: String(i) });
      var note = h("div", { className: "ck-note", hidden: "" });
      list.appendChild(h("div", { className: "ck-option" }, [
        input, h("label", { "for": id, text: option.text }), note]));
      input.ckNote = note;
      return input;
    });
    set.appendChild(list);
    return {
      fieldset: set,
      legend: legend,
      inputs: inputs,
      chosen: function () {
        return inputs.filter(function (i) { return i.checked; }).map(function (i) { return Number(i.value); });
      },
    };
  }

  /* Choices are locked once made; the chosen ones stay clearly marked (greyed-out radios alone
   * are invisible on a projector). */
  function lock(group) {
    group.inputs.forEach(function (input) {
      input.disabled = true;
      if (input.checked) {
        input.parentNode.classList.add("ck-chosen");
        input.parentNode.querySelector("label").appendChild(h("span", { className: "ck-chosen-tag", text: " \u2014 your choice" }));
      }
    });
  }

  function status() {
    return h("div", { className: "ck-feedback", role: "status" });
  }

  /* Feedback often opens with its own "Yes." or "No."; after the verdict that only repeats it. */
  var ECHO = /^\s*(?:yes|no|right|correct|good|not quite|not right|well done)[.!]\s+/i;

  function say(region, headline, detail, tone) {
    region.replaceChildren(h("strong", { className: "ck-verdict", text: headline }));
    if (detail) region.appendChild(linked(" " + String(detail).replace(ECHO, "")));
    region.className = "ck-feedback" + (tone ? " ck-" + tone : "");
  }

  /* How a question ends, written once for every kind: the verdict and what it means in the
   * status region, and a note on each answer (or step, or line of a log) that needs one. */
  var VERDICTS = { right: "Correct.", wrong: "Not quite." };
  var SCENARIO_VERDICTS = { right: "Good choice.", wrong: "Not the best choice." };

  function verdict(region, right, detail, words) {
    words = words || VERDICTS;
    say(region, right ? words.right : words.wrong, detail, right ? "good" : "poor");
  }

  function note(box, label, text, tone) {
    box.hidden = false;
    box.className = "ck-note ck-" + tone;
    box.replaceChildren(h("strong", { text: label + " " }), linked(String(text).replace(ECHO, "")));
    return box;
  }

  function card(kicker, title) {
    return h("section", { className: "ck-card" }, [
      h("p", { className: "ck-kicker", text: kicker }),
      h("h3", { className: "ck-title", text: title }),
    ]);
  }

  /* ---- classroom mode: feedback waits for the teacher, who can count hands ---- */

  function classroom() {
    return document.documentElement.classList.contains("ck-classroom");
  }

  /* Show feedback now, or in classroom mode only once the teacher presses Reveal: answers
   * drawn again after a reload too, as nothing records whether the class has seen them. */
  function deliver(region, show) {
    var waiting = region.parentNode.querySelector(":scope > .ck-reveal");
    if (waiting) waiting.remove();
    if (!classroom()) return show();
    say(region, "Feedback is hidden.", "Discuss the choices as a class, then press Reveal.", "");
    var reveal = button("Reveal", function () {
      reveal.remove();
      show();
      region.setAttribute("tabindex", "-1");
      if (!region.parentNode.querySelector(".ck-onward")) region.focus();
    }, { className: "ck-button ck-reveal" });
    region.parentNode.insertBefore(reveal, region.nextSibling);
  }

  /* A "hands up" count beside each choice: the teacher types the number, or steps it with the
   * arrow keys or the field's arrows, rather than clicking once per hand. */
  function addTallies(group, options) {
    if (!classroom()) return;
    group.inputs.forEach(function (input, i) {
      var id = prefix + (++uid);
      var count = h("input", { type: "number", min: "0", max: "99", step: "1", value: "0", inputmode: "numeric",
                               id: id, className: "ck-text ck-hands" });
      input.parentNode.appendChild(h("span", { className: "ck-tally" }, [
        h("label", { "for": id, text: "Hands up" }, [h("span", { className: "ck-visually-hidden", text: " for: " + options[i].text })]),
        count]));
    });
  }

  /* ---- knowledge checks ---- */

  function renderQuiz(item, model) {
    var practice = item.questions.every(function (q) { return q.type === "evidence"; });
    var root = card(practice ? "Practice activity" : "Knowledge check", item.title);
    if (item.intro) root.appendChild(paragraphs(item.intro, "ck-intro"));
    var results = {};
    var summary = h("p", { className: "ck-summary", "aria-live": "polite" });
    function record(question, answer, correct) {
      results[question.id] = { answer: answer, correct: correct };
      var answers = Object.assign({}, model.get("answers") || {});
      answers[question.id] = results[question.id];
      model.set("answers", answers);
      var marks = tally(item, answers);
      model.set("score", marks.score);
      model.set("total", marks.total);
      model.save_changes();
      var right = marks.score;
      var done = Object.keys(answers).length;
      summary.textContent = done === item.questions.length
        ? "You got " + right + " out of " + item.questions.length + " right."
        : "Answered " + done + " of " + item.questions.length + ".";
    }
    var saved = model.get("answers") || {};
    var replays = [];
    item.questions.forEach(function (question, n) {
      var label = "Question " + (n + 1) + " of " + item.questions.length + ": " + question.prompt;
      var build = { order: orderQuestion, evidence: evidenceQuestion }[question.type] || choiceQuestion;
      var built = build(question, label, record, null, wordsFor(item));
      root.appendChild(built.el);
      if (saved[question.id]) replays.push(function () { built.replay(saved[question.id].answer, saved[question.id].correct); });
    });
    root.appendChild(summary);
    replays.forEach(function (replay) {
      try { replay(); } catch (ignored) { /* an answer saved before the content changed */ }
    });
    return root;
  }

  function rightAnswers(options) {
    return options.map(function (o, i) { return o.correct ? i : -1; }).filter(function (i) { return i >= 0; });
  }

  function isIndexList(value, length) {
    return Array.isArray(value) && value.every(function (i) { return i === Math.floor(i) && i >= 0 && i < length; });
  }

  /* Is this answer (option indices, or an order of steps) right? */
  function isRight(question, answer) {
    if (question.type === "order") return answer.every(function (s, pos) { return s === pos; });
    var rightOnes = rightAnswers(question.options);
    return rightOnes.length === answer.length && rightOnes.every(function (i) { return answer.indexOf(i) >= 0; });
  }

  /* A question with choices. In a knowledge check it has a Check button and instant feedback;
   * inside an assessment (`assess` given) it reports each change and is marked only on submit. */
  /* Words for the youngest readers (7 to 11) where the standard ones are adult. */
  var WORDS = {
    standard: {
      pickAll: "Select all that apply.",
      found: function (right, of, wrong) {
        return "You chose " + right + " of the " + of + " right answers" + (wrong ? " and at least one that is not right." : ".");
      },
    },
    young: {
      pickAll: "You can pick more than one.",
      found: function (right, of, wrong) {
        return "You found " + right + " of the " + of + " right answers." + (wrong ? " Look at the ones marked Not right." : "");
      },
    },
  };

  function wordsFor(item) {
    return item.age_band === "7-11" ? WORDS.young : WORDS.standard;
  }

  function choiceQuestion(question, label, record, assess, words) {
    words = words || WORDS.standard;
    var multiple = question.type === "multiple";
    var group = choiceGroup(label, question.options, multiple, multiple ? words.pickAll : "");
    var region = status();
    function check() {
      var chosen = group.chosen();
      if (!chosen.length) return say(region, "Choose an answer first.", "", "");
      var correct = isRight(question, chosen);
      record(question, chosen, correct);
      deliver(region, function () { explain(chosen, correct); });
    }
    // showRight: a marked assessment names the right answer the learner did not pick; a
    // knowledge check leaves it to be found on the next try.
    function explain(chosen, correct, showRight) {
      var rightOnes = rightAnswers(question.options);
      group.inputs.forEach(function (input, i) {
        var option = question.options[i];
        var picked = chosen.indexOf(i) >= 0;
        if (multiple && (picked || option.correct)) {  // one answer's feedback is in the status
          var tag = option.correct ? (picked ? "Right." : "You missed this one.") : "Not right.";
          note(input.ckNote, tag, option.feedback, option.correct ? "good" : "poor");
        } else if (showRight && option.correct && !picked) {
          note(input.ckNote, "The right answer.", option.feedback, "good");
        } else {
          input.ckNote.hidden = true;
        }
      });
      var detail = multiple
        ? words.found(chosen.filter(function (i) { return question.options[i].correct; }).length, rightOnes.length,
                      chosen.some(function (i) { return !question.options[i].correct; }))
        : chosen.length ? question.options[chosen[0]].feedback : "You did not answer this question.";
      verdict(region, correct, detail);
    }
    function setChosen(chosen) {
      group.inputs.forEach(function (input, i) { input.checked = chosen.indexOf(i) >= 0; });
    }
    if (assess) {
      setChosen(assess.saved || []);
      group.inputs.forEach(function (input) {
        input.addEventListener("change", function () { assess.onChange(group.chosen()); });
      });
    } else {
      addTallies(group, question.options);
      group.fieldset.appendChild(button("Check answer", check));
    }
    group.fieldset.appendChild(region);
    return {
      el: group.fieldset,
      replay: function (chosen) {
        if (!isIndexList(chosen, question.options.length) || !chosen.length) return;
        setChosen(chosen);
        check();
      },
      reveal: function () {  // after an assessment is submitted: locked, with the marks
        var chosen = group.chosen();
        lock(group);
        explain(chosen, isRight(question, chosen), true);
      },
    };
  }

  function orderQuestion(question, label, record, assess) {
    var order = ((assess && assess.saved) || question.start_order).slice();
    var locked = false;
    var legend = h("legend", { className: "ck-legend", text: label });
    var list = h("ol", { className: "ck-order" });
    var region = status();
    var set = h("fieldset", { className: "ck-question" }, [
      legend, h("p", { className: "ck-hint", text: "Use the Up and Down buttons to put the steps in order." }), list]);
    var checked = false;

    function move(pos, by) {
      var to = pos + by;
      var moved = order.splice(pos, 1)[0];
      order.splice(to, 0, moved);
      draw(checked);
      if (assess) assess.onChange(order.slice());
      var buttons = list.children[to].querySelectorAll("button");
      var target = by < 0 ? buttons[0] : buttons[1];
      (target.disabled ? (by < 0 ? buttons[1] : buttons[0]) : target).focus();
      say(region, "Moved.", "\u201c" + question.options[moved].text + "\u201d is now step " + (to + 1) +
          " of " + order.length + ".", "");
    }

    function draw(showNotes) {
      list.replaceChildren();
      order.forEach(function (stepIndex, pos) {
        var step = question.options[stepIndex];
        var up = button("\u2191 Up", function () { move(pos, -1); }, { "aria-label": "Move up: " + step.text });
        var down = button("\u2193 Down", function () { move(pos, 1); }, { "aria-label": "Move down: " + step.text });
        up.disabled = locked || pos === 0;
        down.disabled = locked || pos === order.length - 1;
        var row = h("li", { className: "ck-order-item" }, [
          h("span", { className: "ck-order-text", text: step.text }),
          h("span", { className: "ck-order-moves" }, [up, down]),
        ]);
        if (showNotes) {
          var right = stepIndex === pos;
          row.appendChild(note(h("div"), right ? "In the right place." : "Belongs at step " + (stepIndex + 1) + ".",
                               step.feedback, right ? "good" : "poor"));
        }
        list.appendChild(row);
      });
    }

    draw(false);
    function mark(advice) {
      var placed = order.filter(function (s, pos) { return s === pos; }).length;
      checked = true;
      draw(true);
      var right = placed === order.length;
      verdict(region, right, right ? "Every step is in the right place."
        : placed + " of " + order.length + " steps are in the right place. " + advice);
    }
    function check() {
      record(question, order.slice(), isRight(question, order));
      deliver(region, function () { mark("Read the notes, then try again."); });
    }
    if (!assess) set.appendChild(button("Check order", check));
    set.appendChild(region);
    return {
      el: set,
      replay: function (saved) {
        var n = question.options.length;
        if (!isIndexList(saved, n) || saved.length !== n || saved.slice().sort().join() !== order.slice().sort().join()) return;
        order = saved.slice();
        draw(false);
        check();
      },
      reveal: function () {
        locked = true;
        mark("The notes show where each step belongs.");
      },
    };
  }

  /* ---- messages drawn as the app they happen in: a list that says who, when and what ---- */

  var CHAT_KINDS = { "group-chat": "Group chat", "game-chat": "Game chat", comments: "Comments",
                     "direct-message": "Messages", "text-message": "Text messages" };

  function conversation(kind, heading, messages, reader) {
    var list = h("ol", { className: "ck-chat-messages" }, messages.map(function (m) {
      var mine = reader && m.sender === reader;
      return h("li", { className: "ck-chat-message" + (mine ? " ck-chat-mine" : "") + (m.unsent ? " ck-chat-unsent" : "") }, [
        h("p", { className: "ck-chat-meta" }, [h("span", { className: "ck-chat-sender", text: m.sender }),
          m.unsent ? h("span", { className: "ck-chat-time", text: " \u00b7 typed, not sent yet" })
                   : m.time && h("span", { className: "ck-chat-time", text: " \u00b7 " + m.time })]),
        h("p", { className: "ck-chat-text", text: m.text })]);
    }));
    return h("figure", { className: "ck-chat ck-chat-" + kind }, [h("figcaption", { className: "ck-chat-bar" }, heading), list]);
  }

  /* Evidence practice: read mock messages, fill in a practice log, hear what was missed. */
  var LOG_LABELS = {
    who: "Who sent it (their username)",
    what: "What was said",
    when: "When (date and time)",
    where: "Where (the app or site, and the web address)",
  };

  function evidenceQuestion(question, label, record) {
    var scene = question.scene;
    var shot = conversation("evidence", [h("strong", { text: scene.place }), h("br"),
                                         h("span", { className: "ck-address", text: scene.address })], scene.messages);
    var set = h("fieldset", { className: "ck-question ck-evidence" }, [
      h("legend", { className: "ck-legend", text: label }), shot,
      h("p", { className: "ck-hint", text: "Fill in the practice log. Nothing you type leaves this page." })]);
    var inputs = {};
    Object.keys(LOG_LABELS).forEach(function (name) {
      var id = prefix + (++uid);
      inputs[name] = h("input", { type: "text", id: id, autocomplete: "off", className: "ck-text" });
      inputs[name].ckNote = h("div", { className: "ck-note", hidden: "" });
      set.appendChild(h("div", { className: "ck-log-row" }, [
        h("label", { "for": id, text: LOG_LABELS[name] }), inputs[name], inputs[name].ckNote]));
    });
    var boxId = prefix + (++uid);
    var box = h("input", { type: "checkbox", id: boxId });
    box.ckNote = h("div", { className: "ck-note", hidden: "" });
    set.appendChild(h("div", { className: "ck-option" }, [box, h("label", { "for": boxId, text: "I saved a screenshot" }), box.ckNote]));
    var region = status();
    function check() {
      var missing = [];
      Object.keys(LOG_LABELS).forEach(function (name) {
        var typed = inputs[name].value.toLowerCase().replace(/\s+/g, " ");
        var found = question.log[name].expect.some(function (word) { return typed.indexOf(word.toLowerCase()) >= 0; });
          if (!found) missing.push(name);
      });
      if (!box.checked) missing.push("screenshot");
      var correct = missing.length === 0;
      var typedLog = {};
      Object.keys(inputs).forEach(function (name) { typedLog[name] = inputs[name].value; });
      typedLog.screenshot = box.checked;
      record(question, typedLog, correct);
      deliver(region, function () {
        Object.keys(LOG_LABELS).forEach(function (name) {
          if (missing.indexOf(name) < 0) note(inputs[name].ckNote, "Recorded.", "", "good");
          else note(inputs[name].ckNote, "Missing.", question.log[name].feedback, "poor");
        });
        if (box.checked) note(box.ckNote, "Saved.", "", "good");
        else note(box.ckNote, "Missing.", question.log.screenshot, "poor");
        verdict(region, correct, correct ? "Your log has everything it needs."
          : "Your log is missing " + missing.length + (missing.length === 1 ? " thing: " : " things: ") + missing.join(", ") + ".");
      });
    }
    set.appendChild(button("Check my log", check));
    set.appendChild(region);
    return {
      el: set,
      replay: function (saved, wasCorrect) {
        if (!saved || typeof saved !== "object") return;
        if (!Object.keys(inputs).some(function (name) { return typeof saved[name] === "string"; })) {
          // Restored from an LMS, which is never sent what was typed: show the mark it kept.
          return verdict(region, wasCorrect, "You filled in this log earlier. " +
                         "What you typed is not kept here, so the boxes are empty.");
        }
        Object.keys(inputs).forEach(function (name) {
          if (typeof saved[name] === "string") inputs[name].value = saved[name];
        });
        box.checked = saved.screenshot === true;
        check();
      },
    };
  }

  /* ---- assessments: every question answered, then submitted once, then marked ----
   * Each attempt draws its questions from the bank (those not in the last attempt first) and
   * shuffles the options, so a retake is not a replay. Answers are kept by bank index. */

  function range(n) {
    var out = [];
    for (var i = 0; i < n; i++) out.push(i);
    return out;
  }

  function shuffled(list) {
    var out = list.slice();
    for (var i = out.length - 1; i > 0; i--) {
      var j = Math.floor(Math.random() * (i + 1));
      var swap = out[i]; out[i] = out[j]; out[j] = swap;
    }
    return out;
  }

  function newAttempt(item, last) {
    var bank = range(item.questions.length);
    var seen = last ? last.questions : [];
    var fresh = shuffled(bank.filter(function (i) { return seen.indexOf(i) < 0; }));
    var again = shuffled(bank.filter(function (i) { return seen.indexOf(i) >= 0; }));
    var questions = shuffled(fresh.concat(again).slice(0, item.assessment.questions_per_attempt));
    var orders = {};
    questions.forEach(function (qi) {
      var question = item.questions[qi];
      var n = question.options.length;
      if (question.type === "true-false") orders[qi] = range(n);  // True, False: always in that order
      else if (question.type !== "order") orders[qi] = shuffled(range(n));
      else do { orders[qi] = shuffled(range(n)); } while (isRight(question, orders[qi]));
    });
    return { questions: questions, orders: orders, answers: {}, submitted: false, score: null };
  }

  /* The saved state, or a fresh one where it no longer fits the (perhaps edited) bank. */
  function assessmentState(item, saved) {
    var state = { scores: [], current: null };
    if (!saved || !Array.isArray(saved.scores)) return state;
    state.scores = saved.scores.filter(function (n) { return n === Math.floor(n) && n >= 0; });
    var attempt = saved.current;
    var fits = attempt && isIndexList(attempt.questions, item.questions.length) &&
      attempt.questions.length === item.assessment.questions_per_attempt &&
      attempt.questions.every(function (qi) {
        var n = item.questions[qi].options.length;
        var order = attempt.orders && attempt.orders[qi];
        return isIndexList(order, n) && order.length === n;
      });
    if (fits) state.current = attempt;
    return state;
  }

  function answerOf(item, attempt, qi) {
    var saved = attempt.answers[qi];
    if (item.questions[qi].type === "order") return saved || attempt.orders[qi];
    return saved || [];
  }

  function renderAssessment(item, model) {
    var rules = item.assessment;
    var n = rules.questions_per_attempt;
    var root = card("Assessment", item.title);
    root.classList.add("ck-assessment");
    if (item.intro) root.appendChild(paragraphs(item.intro, "ck-intro"));
    root.appendChild(h("p", { className: "ck-rules" }, [h("strong", {
      text: "Pass mark: " + rules.pass_mark + " of " + n + " (" + rules.pass_percent + "%)." }),
      " Each attempt has " + n + " questions from a bank of " + item.questions.length + ". Answer them all, " +
      "then submit once. Only then do you see your score and the right answers, and your answers are locked. " +
      "You can take it again: a new attempt has different questions."]));
    var body = h("div", { className: "ck-attempt" });
    root.appendChild(body);
    var state = assessmentState(item, model.get("answers"));

    function save() {
      model.set("answers", state);
      var marks = tally(item, state);
      model.set("score", marks.score);
      model.set("total", marks.total);
      model.save_changes();
    }

    function begin() {
      state.current = newAttempt(item, state.current);
      save();
      draw(true);
    }

    function draw(focus) {
      body.replaceChildren();
      var title = h("h4", { className: "ck-attempt-title", tabindex: "-1" });
      body.appendChild(title);
      if (!state.current) {
        title.textContent = "Ready when you are";
        body.appendChild(button("Start the assessment", begin));
      } else {
        title.textContent = "Attempt " + (state.scores.length + (state.current.submitted ? 0 : 1));
        showAttempt(state.current);
      }
      if (focus) title.focus();
    }

    function showAttempt(attempt) {
      if (attempt.submitted) body.appendChild(result(attempt));
      var built = attempt.questions.map(function (qi, i) {
        var question = item.questions[qi];
        var label = "Question " + (i + 1) + " of " + n + ": " + question.prompt;
        var order = attempt.orders[qi];
        if (question.type === "order") {
          return orderQuestion(question, label, null, { saved: answerOf(item, attempt, qi), onChange: function (steps) {
            attempt.answers[qi] = steps;
            save();
          } });
        }
        var view = Object.assign({}, question, { options: order.map(function (o) { return question.options[o]; }) });
        var shown = answerOf(item, attempt, qi).map(function (o) { return order.indexOf(o); });
        return choiceQuestion(view, label, null, { saved: shown, onChange: function (picked) {
          attempt.answers[qi] = picked.map(function (p) { return order[p]; });
          save();
        } });
      });
      built.forEach(function (b) { body.appendChild(b.el); });
      if (attempt.submitted) {
        built.forEach(function (b) { b.reveal(); });
        return;
      }
      var region = status();
      body.appendChild(button("Submit my answers", function () {
        var missing = attempt.questions.map(function (qi, i) {
          return answerOf(item, attempt, qi).length ? 0 : i + 1;
        }).filter(Boolean);
        if (missing.length) {
          return say(region, "Not yet.", "Answer every question before you submit. Still to answer: question" +
                     (missing.length > 1 ? "s " : " ") + missing.join(", ") + ".", "poor");
        }
        attempt.score = attempt.questions.filter(function (qi) {
          return isRight(item.questions[qi], answerOf(item, attempt, qi));
        }).length;
        attempt.submitted = true;
        state.scores.push(attempt.score);
        save();
        draw(true);
      }, { className: "ck-button ck-submit" }));
      body.appendChild(region);
    }

    function result(attempt) {
      var passed = attempt.score >= rules.pass_mark;
      var percent = Math.round(100 * attempt.score / n);
      var box = h("div", { className: "ck-result ck-" + (passed ? "good" : "poor"), role: "status" }, [
        h("p", {}, [h("strong", { text: "You scored " + attempt.score + " out of " + n + " (" + percent + "%). " +
          (passed ? "You passed." : "Not passed this time.") })]),
        h("p", { text: passed
          ? "Read the feedback under each question: it is worth it, even for the ones you got right."
          : "The pass mark is " + rules.pass_mark + " (" + rules.pass_percent + "%). Read the feedback under each " +
            "question, go back to any module you need, then start a new attempt when you are ready." }),
        h("p", { className: "ck-attempts", text: "Attempts: " + state.scores.length + " \u00b7 first score: " +
          state.scores[0] + " \u00b7 best score: " + tally(item, state).score + " of " + n + "." })]);
      box.appendChild(button("Start a new attempt", begin));
      return box;
    }

    draw(false);
    return root;
  }

  /* ---- scenarios ---- */

  var OUTCOME_WORDS = { good: "A good outcome", mixed: "A mixed outcome", poor: "Not a good outcome" };

  function renderScenario(item, model) {
    var root = card("What would you do?", item.title);
    root.classList.add("ck-scenario");
    var story = h("div", { className: "ck-story" });
    root.appendChild(paragraphs(item.situation, "ck-situation"));
    if (item.chat) {
      root.appendChild(conversation(item.chat.kind, [h("span", { className: "ck-chat-app", text: CHAT_KINDS[item.chat.kind] }),
        " ", h("strong", { text: item.chat.place })], item.chat.messages, item.chat.reader));
    }
    root.appendChild(story);
    var path = [];  // the choices made, as saved: { step, choice, good }

    function save(ending) {
      model.set("answers", { path: path.slice(), ending: ending || null });
      var marks = tally(item, model.get("answers"));
      model.set("score", marks.score);
      model.set("total", marks.total);
      model.save_changes();
    }

    /* A step. Given `taken` (a choice made on an earlier visit) it is drawn as the learner left
     * it: that choice locked, with its feedback, and no buttons; or, if `held`, as it was just
     * after Choose: feedback still behind Reveal (classroom mode), then Continue. */
    function showStep(name, taken, held) {
      var step = item.steps[name];
      var group = choiceGroup(step.prompt, step.choices, false, "");
      var region = status();
      addTallies(group, step.choices);
      story.appendChild(group.fieldset);
      if (taken !== undefined) {
        group.inputs[taken].checked = true;
        lock(group);
        group.fieldset.appendChild(region);
        if (held) onwards(group, region, step.choices[taken]);
        else judge(region, step.choices[taken]);
        return group;
      }
      var choose = button("Choose", function () {
        var chosen = group.chosen();
        if (!chosen.length) return say(region, "Choose an option first.", "", "");
        var choice = step.choices[chosen[0]];
        lock(group);
        choose.remove();
        path.push({ step: name, choice: chosen[0], good: choice.good });
        save(null);
        onwards(group, region, choice);
      }, { className: "ck-button ck-choose" });
      group.fieldset.appendChild(choose);
      group.fieldset.appendChild(region);
      return group;
    }

    /* After a choice: its feedback (in classroom mode once revealed), then Continue. */
    function onwards(group, region, choice) {
      deliver(region, function () {
        judge(region, choice);
        var onward = button("Continue", function () {
          onward.remove();
          showNext(choice.next).focus();
        }, { className: "ck-button ck-onward" });
        group.fieldset.appendChild(onward);
        onward.focus();  // the Choose button is gone; keep the keyboard user in place
      });
    }

    function judge(region, choice) {
      verdict(region, choice.good, choice.feedback, SCENARIO_VERDICTS);
    }

    /* Where a choice leads: the next step, or an ending (which is saved). Returns what to focus. */
    function showNext(name) {
      if (item.steps[name]) return showStep(name).legend;
      var heading = showEnding(name);
      save(name);
      return heading;
    }

    function showEnding(name) {
      var ending = item.endings[name];
      var heading = h("h4", { className: "ck-ending-title", tabindex: "-1", text: "How it ended: " + OUTCOME_WORDS[ending.outcome] });
      var box = h("div", { className: "ck-ending ck-" + ending.outcome }, [heading, paragraphs(ending.text, "ck-ending-text")]);
      box.appendChild(button("Start again", function () {
        path = [];
        save(null);
        story.replaceChildren();
        showStep(item.start);
        story.querySelector("input").focus();
      }));
      story.appendChild(box);
      return heading;
    }

    /* The saved path, drawn as far as it still fits the (perhaps edited) story, then the step or
     * ending it leads to. Where it no longer fits, or an ending was reached but not yet shown,
     * what is drawn is saved, so the record always matches the page. */
    function restore(saved) {
      var at = item.start;
      var taken = saved && Array.isArray(saved.path) ? saved.path : [];
      // In classroom mode a story left mid-way may have been left before Reveal: its last choice
      // waits behind Reveal again, so a reload never shows the class an answer.
      var held = classroom() && !(saved && saved.ending) ? taken.length - 1 : -1;
      var waiting = false;
      taken.every(function (t, i) {
        var step = item.steps[at];
        if (!step || !t || t.step !== at || !isIndexList([t.choice], step.choices.length)) return false;
        showStep(at, t.choice, i === held);
        path.push({ step: at, choice: t.choice, good: step.choices[t.choice].good });
        waiting = i === held;
        at = step.choices[t.choice].next;
        return !waiting;
      });
      if (waiting) return;
      var ending = item.steps[at] ? null : at;
      if (ending) showEnding(ending);
      else showStep(at);
      if (taken.length && JSON.stringify({ path: path, ending: ending }) !== JSON.stringify(saved)) save(ending);
    }

    restore(model.get("answers"));
    return root;
  }

  function render(context) {
    var item = context.model.get("item");
    var el = context.el;
    // The book's plain copy stays in the page (hidden on screen) for printing.
    var printable = el.querySelector(":scope > .ck-fallback");
    el.classList.add("ck-quiz", "ck-mounted");
    var draw = item.kind === "scenario" ? renderScenario : item.assessment ? renderAssessment : renderQuiz;
    el.classList.toggle("ck-assessed", !!item.assessment);  // no classroom mode here
    el.replaceChildren(draw(item, context.model));
    if (printable) el.appendChild(printable);
  }

  /* The marks for an item's answers: good choices on a scenario's path, right answers in a
   * check, the best attempt's score in an assessment. */
  function tally(item, answers) {
    if (item.kind === "scenario") {
      var path = answers.path || [];
      return { score: path.filter(function (p) { return p.good; }).length, total: path.length };
    }
    if (item.assessment) {
      var scores = answers.scores || [];
      return { score: scores.length ? Math.max.apply(null, scores) : 0, total: item.assessment.questions_per_attempt };
    }
    return { score: Object.keys(answers).filter(function (k) { return answers[k] && answers[k].correct; }).length,
             total: item.questions.length };
  }

  function finished(item, answers) {
    if (item.kind === "scenario") return !!answers.ending;
    if (item.assessment) return Array.isArray(answers.scores) && answers.scores.length > 0;
    return item.questions.every(function (q) { return answers[q.id]; });
  }

  globalThis.courseQuiz = { render: render, finished: finished, tally: tally, isRight: isRight, h: h, button: button };
})();
