"""SCORM 1.2 packages, checked as an LMS would take them and played in a real SCORM runtime.

The runtime is scorm-again (from the npm registry, pinned in package-lock.json, installed by
`make test`): a test page makes it the `API` object an LMS provides and opens a package's
launch page in a frame, as Moodle does.
"""
from __future__ import annotations

import json
import re
from datetime import datetime, timedelta
import shutil
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

import pytest
from playwright.sync_api import expect

from conftest import BUILT, ROOT, serving
from coursekit import load_course, scorm
from quiz_driver import answer_assessment, answer_quiz, answer_scenario

RUNTIME = ROOT / "node_modules" / "scorm-again" / "dist" / "scorm12.js"
NS = {"cp": "http://www.imsproject.org/xsd/imscp_rootv1p1p2", "adlcp": "http://www.adlnet.org/xsd/adlcp_rootv1p2"}
TRACKS = ["pupils-7-11", "pupils-11-14", "pupils-14-16", "parents", "staff", "leaders"]

# The test LMS: scorm-again as window.API, every call the package makes written down, and the
# data a real LMS would have stored from an earlier session loaded before the package starts.
LMS_PAGE = """<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Test LMS</title>
<script src="scorm12.js"></script><script src="lms.js"></script></head>
<body><iframe id="sco" title="Course" src="pkg/scorm-launch.html" style="width:100%;height:95vh;border:0"></iframe></body></html>
"""
LMS_SCRIPT = """
window.API = new Scorm12API({ logLevel: 5, autocommit: false });
window.calls = [];
["LMSInitialize", "LMSGetValue", "LMSSetValue", "LMSCommit", "LMSFinish"].forEach(function (name) {
  var real = window.API[name].bind(window.API);
  window.API[name] = function (a, b) {
    window.calls.push(b === undefined ? [name, a] : [name, a, b]);
    return real(a, b);
  };
});
var stored = sessionStorage.getItem("lms-stored");
if (stored) window.API.loadFromJSON(JSON.parse(stored));
"""


@pytest.fixture(scope="module")
def course():
    return load_course(ROOT)


@pytest.fixture(scope="module")
def packages(built_course, tmp_path_factory) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("scorm")
    written = scorm.build(ROOT, built_course, out)
    return {p.stem.removeprefix("safe-and-kind-online-"): p for p in written}


def test_one_package_per_track_each_a_valid_scorm_12_manifest(packages):
    assert sorted(packages) == sorted(TRACKS)
    for name, path in packages.items():
        with zipfile.ZipFile(path) as zf:
            names = set(zf.namelist())
            root = ET.fromstring(zf.read("imsmanifest.xml"))
        assert root.findtext("cp:metadata/cp:schema", namespaces=NS) == "ADL SCORM"
        assert root.findtext("cp:metadata/cp:schemaversion", namespaces=NS) == "1.2"
        organisations = root.findall("cp:organizations/cp:organization", NS)
        assert len(organisations) == 1 and root.find("cp:organizations", NS).get("default") == organisations[0].get("identifier")
        items = organisations[0].findall("cp:item", NS)
        resources = root.findall("cp:resources/cp:resource", NS)
        assert len(items) == 1 and len(resources) == 1, name
        sco = resources[0]
        assert items[0].get("identifierref") == sco.get("identifier")
        assert sco.get(f"{{{NS['adlcp']}}}scormtype") == "sco" and sco.get("href") == "scorm-launch.html"
        listed = {f.get("href") for f in sco.findall("cp:file", NS)}
        assert listed == names - {"imsmanifest.xml"}, f"{name}: the manifest and the zip disagree"


def test_a_package_holds_its_own_track_and_the_help_pages_only(packages):
    with zipfile.ZipFile(packages["staff"]) as zf:
        pages = {n for n in zf.namelist() if n.endswith(".html")}
    assert "book/staff/final-assessment.html" in pages and "book/get-help.html" in pages
    assert not any(p.startswith(("book/leaders/", "book/parents/", "book/pupils-", "book/authors/")) for p in pages)
    assert "search.html" not in pages and "book/index.html" not in pages


def test_a_package_is_the_built_courses_files_unchanged(packages):
    with zipfile.ZipFile(packages["parents"]) as zf:
        for name in ("book/parents/index.html", "_static/quiz.js"):
            assert zf.read(name) == (BUILT / name).read_bytes()


@pytest.fixture()
def lms(packages, tmp_path):
    """Open a track's package in the test LMS; returns a function that takes the track name."""
    if not RUNTIME.is_file():
        pytest.fail("scorm-again is not installed: run `make test`, which installs it with `npm ci`")

    def open_in_lms(track: str) -> str:
        site = tmp_path / track
        with zipfile.ZipFile(packages[track]) as zf:
            zf.extractall(site / "pkg")
        shutil.copy(RUNTIME, site / "scorm12.js")
        (site / "index.html").write_text(LMS_PAGE, encoding="utf-8")
        (site / "lms.js").write_text(LMS_SCRIPT, encoding="utf-8")
        return site
    return open_in_lms


def course_frame(page):
    launch = page.frame_locator("#sco")
    expect(launch.locator("#ck-course")).to_be_attached()
    return page.frame_locator("#sco").frame_locator("#ck-course")


def launch(page, url: str):
    """The learner opens the activity in the LMS: its page, with the package's frame inside."""
    page.goto(f"{url}/index.html")
    return course_frame(page)


def inner_frame(page):
    launch = page.locator("#sco").element_handle().content_frame()
    return launch.locator("#ck-course").element_handle().content_frame()


def cmi(page, element: str) -> str:
    return page.evaluate("e => String(e.split('.').slice(1).reduce((o, k) => o[k], window.API.cmi))", element)


def go(page, url: str):
    """Open a page of the package inside the LMS frame, as the learner would by a link."""
    frame = inner_frame(page)
    frame.goto(url)
    expect(frame.locator("article")).to_be_visible()
    return frame


def answer_items(frame, course, item_ids, assessment_first_fail=False):
    for item_id in item_ids:
        quiz = frame.locator(f'.ck-quiz[data-ck-id="{item_id}"]')
        item = course.item(item_id)
        if item["kind"] == "scenario":
            answer_scenario(quiz, item, take_good=True)
        elif item.get("assessment"):
            if assessment_first_fail:
                answer_assessment(quiz, item, right=1)
                expect(quiz.locator(".ck-result")).to_contain_text("Not passed this time.")
            answer_assessment(quiz, item)
            expect(quiz.locator(".ck-result")).to_contain_text("You passed.")
        else:
            answer_quiz(quiz, item)


@pytest.mark.browser
@pytest.mark.slow
def test_the_staff_track_in_an_lms_fails_passes_on_retake_and_resumes(browser, course, lms):
    site = lms("staff")
    data = scorm.track_data(course, "staff")
    with serving(site) as url:
        context = browser.new_context(viewport={"width": 1366, "height": 768})
        page = context.new_page()
        launch(page, url)
        expect(page.frame_locator("#sco").frame_locator("#ck-course").locator("article h1")).to_contain_text("staff")
        assert cmi(page, "cmi.core.lesson_status") == "incomplete"

        assessment = next(l for l in data["lessons"] if l["kind"] == "assessment")
        frame = go(page, f"{url}/pkg/{assessment['page']}")
        quiz = frame.locator(f'.ck-quiz[data-ck-id="{assessment["items"][0]}"]')
        answer_assessment(quiz, course.item(assessment["items"][0]), right=1)
        assert cmi(page, "cmi.core.lesson_status") == "failed"
        first = round(100 * 1 / assessment["total"])
        assert cmi(page, "cmi.core.score.raw") == str(first)
        answer_assessment(quiz, course.item(assessment["items"][0]))
        assert cmi(page, "cmi.core.lesson_status") == "passed"
        assert cmi(page, "cmi.core.score.raw") == "100"
        assert (cmi(page, "cmi.core.score.min"), cmi(page, "cmi.core.score.max")) == ("0", "100")

        lesson = next(l for l in data["lessons"] if l["page"].endswith("when-you-are-the-target.html"))  # has a practice log
        frame = go(page, f"{url}/pkg/{lesson['page']}")
        answer_items(frame, course, lesson["items"])
        page.wait_for_timeout(300)
        saved_on = frame.evaluate("() => courseQuiz.store.get('item:staff-when-you-are-the-target-check').saved")
        suspend = cmi(page, "cmi.suspend_data")
        location = cmi(page, "cmi.core.lesson_location")
        assert location == lesson["page"]
        # The learner leaves: the LMS closes the package's frame, and the package ends the session.
        page.evaluate("document.getElementById('sco').src = 'about:blank'")
        page.wait_for_function("window.calls.some(c => c[0] === 'LMSFinish')")
        calls = page.evaluate("window.calls")
        context.close()
        assert calls[-2:] == [["LMSSetValue", "cmi.core.exit", "suspend"], ["LMSFinish", ""]]
        (ROOT / "_build").mkdir(exist_ok=True)
        (ROOT / "_build" / "scorm-calls.json").write_text(json.dumps(calls, indent=0), encoding="utf-8")

        times = [c[2] for c in calls if c[:2] == ["LMSSetValue", "cmi.core.session_time"]]
        assert times and all(re.fullmatch(r"\d{2,4}:\d{2}:\d{2}(\.\d{1,2})?", t) for t in times)
        names = [c[0] for c in calls]
        assert names[0] == "LMSInitialize" and "LMSCommit" in names
        assert ["LMSSetValue", "cmi.core.lesson_status", "failed"] in calls
        sent = {c[1] for c in calls if c[0] == "LMSSetValue"}
        assert not sent - {"cmi.core.lesson_status", "cmi.core.score.raw", "cmi.core.score.min", "cmi.core.score.max",
                           "cmi.suspend_data", "cmi.core.lesson_location", "cmi.core.session_time", "cmi.core.exit"}
        assert "Okafor" not in json.dumps(calls)

        # Next day, on another computer: the LMS hands back what it stored; the progress is there.
        context = browser.new_context(viewport={"width": 1366, "height": 768})
        page = context.new_page()
        page.clock.set_system_time(datetime.now() + timedelta(days=2))
        stored = {"cmi": {"suspend_data": suspend, "core": {"lesson_location": location, "lesson_status": "passed",
                                                              "entry": "resume", "student_name": "Okafor, Amara"}}}
        page.goto(f"{url}/index.html")
        page.evaluate("s => sessionStorage.setItem('lms-stored', s)", json.dumps(stored))
        page.reload()
        frame = course_frame(page)
        expect(frame.locator("article h1")).to_contain_text(lesson["title"])
        for item_id in lesson["items"]:
            quiz = frame.locator(f'.ck-quiz[data-ck-id="{item_id}"]')
            item = course.item(item_id)
            if item["kind"] == "scenario":
                expect(quiz.locator(".ck-ending-title")).to_be_visible()
            else:  # every answer comes back right, the practice log too (its typed words never left)
                expect(quiz.locator(".ck-summary")).to_have_text(
                    f"You got {len(item['questions'])} out of {len(item['questions'])} right.")
        expect(frame.locator(".ck-evidence [role=status]")).to_contain_text("Correct. You filled in this log earlier.")
        # Drawing the answers again does not move the date they were given (it dates the certificate).
        assert inner_frame(page).evaluate("() => courseQuiz.store.get('item:staff-when-you-are-the-target-check').saved")[:10] == saved_on[:10]
        calls = page.evaluate("window.calls")
        assert "Okafor" not in json.dumps([c for c in calls if c[0] == "LMSSetValue"]), "the name is never sent back"
        assert "Amara" not in cmi(page, "cmi.suspend_data")
        frame = go(page, f"{url}/pkg/{assessment['page']}")
        expect(frame.locator(".ck-result")).to_contain_text("You scored")
        expect(frame.locator(".ck-attempts")).to_contain_text("Attempts: 2")
        frame = go(page, f"{url}/pkg/book/staff/progress.html")
        expect(frame.locator(".ck-progress-list")).to_contain_text("passed")
        context.close()


def track_size(course, track: str) -> int:
    return sum(len(course.item(i).get("questions", [])) + len(course.item(i).get("steps", {}))
               for l in scorm.track_data(course, track.replace("pupils-", "pupils "))["lessons"] for i in l["items"])


def largest_tracks(n: int = 2) -> list[str]:
    course = load_course(ROOT)
    return sorted(TRACKS, key=lambda t: track_size(course, t), reverse=True)[:n]


@pytest.mark.browser
@pytest.mark.slow
@pytest.mark.parametrize("largest", largest_tracks())
def test_every_item_of_the_largest_track_answered_stays_within_suspend_data(browser, course, lms, record_property, largest):
    """The two largest tracks by questions and steps (staff and leaders are close): every item
    answered, the assessment failed once then passed, and suspend_data still fits SCORM 1.2."""
    site = lms(largest)
    data = scorm.track_data(course, largest.replace("pupils-", "pupils "))
    with serving(site) as url:
        page = browser.new_page(viewport={"width": 1366, "height": 768})
        launch(page, url)
        for lesson in data["lessons"]:
            if lesson["items"]:
                answer_items(go(page, f"{url}/pkg/{lesson['page']}"), course, lesson["items"], assessment_first_fail=True)
        page.wait_for_timeout(300)
        suspend = cmi(page, "cmi.suspend_data")
        page.close()
    record_property("suspend_data_characters", len(suspend))
    print(f"{largest}: suspend_data {len(suspend)} characters with every item answered")
    assert 0 < len(suspend) <= 4096


@pytest.mark.browser
@pytest.mark.slow
def test_a_track_without_an_assessment_reports_completed_once_every_activity_is_done(browser, course, lms):
    site = lms("parents")
    data = scorm.track_data(course, "parents")
    with serving(site) as url:
        page = browser.new_page(viewport={"width": 1366, "height": 768})
        launch(page, url)
        lessons = [l for l in data["lessons"] if l["items"]]
        commits = lambda: page.evaluate("window.calls.filter(c => c[0] === 'LMSCommit').length")
        for n, lesson in enumerate(lessons):
            frame = go(page, f"{url}/pkg/{lesson['page']}")
            for item_id in lesson["items"]:  # the LMS has every answer as soon as it is given
                before = commits()
                answer_items(frame, course, [item_id])
                page.wait_for_function(f"window.calls.filter(c => c[0] === 'LMSCommit').length > {before}")
            page.wait_for_timeout(200)
            assert cmi(page, "cmi.core.lesson_status") == ("completed" if n == len(lessons) - 1 else "incomplete")
        assert cmi(page, "cmi.core.score.raw") == ""  # no assessment, so no score is claimed
        # The learner switches to another tab or app: the package commits what it has.
        before = commits()
        page.frame_locator("#sco").locator("body").evaluate(
            "b => { Object.defineProperty(b.ownerDocument, 'visibilityState', {value: 'hidden', configurable: true});"
            " b.ownerDocument.dispatchEvent(new Event('visibilitychange')); }")
        page.wait_for_function(f"window.calls.filter(c => c[0] === 'LMSCommit').length > {before}")
        page.close()


@pytest.mark.browser
def test_a_package_opened_in_a_new_window_finds_the_lms_through_its_opener(browser, lms):
    """Some LMSs open an activity in a pop-up window rather than a frame."""
    site = lms("leaders")
    (site / "index.html").write_text(LMS_PAGE.replace(
        '<iframe id="sco" title="Course" src="pkg/scorm-launch.html" style="width:100%;height:95vh;border:0"></iframe>',
        '<button id="open" onclick="window.open(\'pkg/scorm-launch.html\', \'sco\')">Enter</button>'), encoding="utf-8")
    with serving(site) as url:
        page = browser.new_page()
        page.goto(f"{url}/index.html")
        with page.expect_popup() as opened:
            page.click("#open")
        popup = opened.value
        expect(popup.frame_locator("#ck-course").locator("article h1")).to_contain_text("leaders")
        page.wait_for_function("window.calls.some(c => c[0] === 'LMSInitialize')")
        assert cmi(page, "cmi.core.lesson_status") == "incomplete"
        popup.close()
        page.wait_for_function("window.calls.some(c => c[0] === 'LMSFinish')")
        page.close()


@pytest.mark.browser
def test_a_package_opened_outside_an_lms_is_the_ordinary_course(browser, packages, tmp_path):
    with zipfile.ZipFile(packages["parents"]) as zf:
        zf.extractall(tmp_path / "pkg")
    with serving(tmp_path / "pkg") as url:
        page = browser.new_page()
        errors = []
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.goto(f"{url}/scorm-launch.html")
        expect(page).to_have_url(f"{url}/book/parents/index.html")
        expect(page.locator("article h1")).to_contain_text("Parents")
        assert not errors
        page.close()
