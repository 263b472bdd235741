"""A lesson in a real JupyterLab: answered by keyboard, read in Python.

What this proves, end to end, for the ``.ipynb`` a learner downloads from the built lesson page
and for the lesson's own MyST text (``.md``), which an author opens with Open With → Jupytext
Notebook: it opens in a JupyterLab server (started here, offline, with throw-away settings) that finds the
anywidget and ipywidgets lab extensions; "Run All Cells" renders each quiz as the live widget
(not the static HTML fallback) in headless Chromium; a pupil can answer with Space, Tab and
Enter and hears "Correct."; and the answer travels back over the widget comm, so the *kernel*
sees ``shown_quizzes()[…].answers["q1"]["correct"] is True`` and a score of 1. Saved, the text
lesson stays MyST text with no outputs, and no paired ``.ipynb`` appears beside it.
"""
from __future__ import annotations

import contextlib
import json
import os
import re
import secrets
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit

import nbformat
import pytest
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import Locator, Page, expect

pytestmark = [pytest.mark.browser, pytest.mark.slow]

from conftest import ROOT
from coursekit import load_course

NOTEBOOK = "someone-is-nasty-online.ipynb"
DOWNLOAD = Path("_sources/book/pupils-11-14") / NOTEBOOK  # the lesson page's ".ipynb" download
LESSON_TEXT = ROOT / "book" / "pupils-11-14" / "someone-is-nasty-online.md"  # what authors edit
CHECK = "nasty-online-check"  # the lesson's knowledge check
READ_BACK = ('from coursekit import shown_quizzes\n'
             f'q = shown_quizzes()["{CHECK}"]\n'
             'print(q.answers["q1"]["correct"], q.score)')
SCREENSHOT = ROOT / "_build" / "screenshots" / "jupyterlab-lesson.png"


def right_answer() -> str:
    """The text of the right option of the knowledge check's first question, from the content."""
    question = load_course(ROOT).item(CHECK)["questions"][0]
    return next(o["text"] for o in question["options"] if o["correct"])


# ---- the server ----------------------------------------------------------------------------

def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def download_notebook(built: Path, folder: Path) -> Path:
    """The lesson's download, as a learner saves it, plus an empty cell to type into later."""
    nb = nbformat.read(built / DOWNLOAD, as_version=4)
    nb.cells.append(nbformat.v4.new_code_cell(""))
    path = folder / NOTEBOOK
    nbformat.write(nb, path)
    return path


def copy_lesson_text(folder: Path) -> Path:
    """The lesson's MyST text, as an author has it, plus an empty cell to type into later, with
    the course's jupytext settings (found beside it or above it, as in the repository)."""
    (folder / "jupytext.toml").write_bytes((ROOT / "jupytext.toml").read_bytes())
    path = folder / LESSON_TEXT.name
    path.write_text(LESSON_TEXT.read_text(encoding="utf-8") + "\n```{code-cell} ipython3\n\n```\n", encoding="utf-8")
    return path


def lab_env(home: Path) -> dict[str, str]:
    """Jupyter's and IPython's per-user folders in `home`, so no personal settings leak in.

    Extensions and kernels installed in the venv (sys.prefix/share/jupyter) are still found:
    jupyter_core always searches sys.prefix, whatever JUPYTER_DATA_DIR says.
    """
    env = {k: v for k, v in os.environ.items() if not k.startswith(("JUPYTER", "IPYTHON"))}
    for var, name in [("JUPYTER_CONFIG_DIR", "config"), ("JUPYTER_DATA_DIR", "data"),
                      ("JUPYTER_RUNTIME_DIR", "runtime"), ("IPYTHONDIR", "ipython"),
                      ("JUPYTERLAB_SETTINGS_DIR", "lab-settings"),
                      ("JUPYTERLAB_WORKSPACES_DIR", "lab-workspaces")]:
        (home / name).mkdir(parents=True, exist_ok=True)
        env[var] = str(home / name)
    # The front end asks "Would you like to get notified about official Jupyter news?" in a
    # toast while this setting is "none" (the default), even with the news feed switched off.
    notification = home / "lab-settings" / "@jupyterlab" / "apputils-extension"
    notification.mkdir(parents=True)
    (notification / "notification.jupyterlab-settings").write_text(
        json.dumps({"fetchNews": "false", "checkForUpdates": False}))
    # Draw every cell, not just those on screen, so the whole lesson is there to drive.
    tracker = home / "lab-settings" / "@jupyterlab" / "notebook-extension"
    tracker.mkdir(parents=True)
    (tracker / "tracker.jupyterlab-settings").write_text(json.dumps({"windowingMode": "none"}))
    return env


def lab_command(root: Path, port: int, token: str) -> list[str]:
    root_user = ["--allow-root"] if hasattr(os, "geteuid") and os.geteuid() == 0 else []  # CI containers
    return [
        sys.executable, "-m", "jupyter", "lab", "--no-browser", *root_user,
        "--ServerApp.ip=127.0.0.1", f"--ServerApp.port={port}", "--ServerApp.port_retries=0",
        f"--IdentityProvider.token={token}", f"--ServerApp.root_dir={root}",
        "--ServerApp.terminals_enabled=False",
        # Offline and quiet: no news feed, no update check, no PyPI-backed extension manager
        # (the "receive news?" toast is turned off by a user setting, see lab_env).
        "--LabApp.news_url=None",
        "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
        "--LabApp.extension_manager=readonly",
    ]


def wait_until_up(server: subprocess.Popen, url: str, log: Path, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            pytest.fail(f"JupyterLab exited with {server.returncode}:\n{log.read_text()[-3000:]}")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.25)
    pytest.fail(f"JupyterLab did not answer {url} within {timeout} s:\n{log.read_text()[-3000:]}")


def stop(server: subprocess.Popen) -> None:
    """SIGTERM lets the server shut its kernels down; kill only if it hangs."""
    if server.poll() is None:
        server.terminate()
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait(timeout=5)


@pytest.fixture(params=["downloaded ipynb", "lesson md"])
def notebook_url(request, built_course: Path, tmp_path_factory):
    """A running JupyterLab serving a folder with only one lesson; yields its URL and the file.

    The folder has no course content in it, as in a learner's Downloads folder: coursekit
    finds the content beside its own (editable) install.
    """
    downloads = tmp_path_factory.mktemp("downloads")
    lesson = (download_notebook(built_course, downloads) if request.param == "downloaded ipynb"
              else copy_lesson_text(downloads))
    home = tmp_path_factory.mktemp("jupyter-home")
    port, token = free_port(), secrets.token_hex(16)
    log = home / "server.log"
    with log.open("w") as out:
        server = subprocess.Popen(lab_command(downloads, port, token), env=lab_env(home),
                                  stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
    try:
        wait_until_up(server, f"http://127.0.0.1:{port}/api/status?token={token}", log)
        yield f"http://127.0.0.1:{port}/lab/tree/{lesson.name}?token={token}", lesson
    finally:
        stop(server)


# ---- JupyterLab, driven like a person would ------------------------------------------------

def open_notebook(page: Page, url: str, lesson: Path) -> None:
    if lesson.suffix == ".md":  # as the README tells authors: Open With → Jupytext Notebook
        page.goto(url.replace(f"/tree/{lesson.name}", ""))
        page.locator(".jp-DirListing-item", has_text=lesson.name).click(button="right", timeout=60_000)
        page.locator(".lm-Menu-itemLabel", has_text=re.compile(r"^Open With$")).click()
        page.locator(".lm-Menu-itemLabel", has_text=re.compile(r"^Jupytext Notebook$")).click()
    else:
        page.goto(url)
    expect(page.locator(".jp-Notebook .jp-Cell").first).to_be_visible(timeout=60_000)
    wait_for_idle_kernel(page, timeout=60_000)


def wait_for_idle_kernel(page: Page, timeout: float = 30_000) -> None:
    """The status bar reads "Python 3 (ipykernel) | Idle" once the kernel is up.

    (The toolbar's execution indicator is no use here: it says "idle" before any kernel exists.)
    """
    kernel_status = page.locator("#jp-main-statusbar [title^='Change kernel']")
    expect(kernel_status).to_have_text(re.compile(r"^(?!No Kernel).+ \| Idle$"), timeout=timeout)


def run_all_cells(page: Page) -> None:
    page.locator(".jp-Notebook").first.click()
    page.locator("#jp-MainMenu .lm-MenuBar-itemLabel", has_text=re.compile(r"^Run$")).click()
    page.locator(".lm-Menu-content .lm-Menu-itemLabel", has_text=re.compile(r"^Run All Cells$")).click()


def answer_first_question_by_keyboard(quiz: Locator) -> Locator:
    """Space picks the right radio, Tab reaches "Check answer", Enter presses it."""
    page = quiz.page
    question = quiz.locator("fieldset.ck-question").first
    radio = question.get_by_label(right_answer(), exact=True)
    radio.focus()
    page.keyboard.press("Space")
    expect(radio).to_be_checked()
    page.keyboard.press("Tab")
    expect(question.get_by_role("button", name="Check answer")).to_be_focused()
    page.keyboard.press("Enter")
    return question.get_by_role("status")


def run_in_last_cell(page: Page, code: str) -> Locator:
    """Type `code` into the notebook's last cell, run it with Shift+Enter; return its output."""
    cells = page.locator(".jp-Notebook .jp-Cell")
    cell = cells.nth(cells.count() - 1)  # pinned: Shift+Enter adds a new last cell below it
    cell.locator(".cm-content").click()
    page.keyboard.insert_text(code)  # no key events, so the editor adds no closing brackets
    page.keyboard.press("Shift+Enter")
    return cell.locator(".jp-OutputArea-output")


def assert_saved_as_text_without_outputs(page: Page, lesson: Path) -> None:
    before = lesson.stat().st_mtime_ns
    page.keyboard.press("Control+s")
    deadline = time.monotonic() + 30
    while lesson.stat().st_mtime_ns == before and time.monotonic() < deadline:
        time.sleep(0.2)
    text = lesson.read_text(encoding="utf-8")
    assert lesson.stat().st_mtime_ns != before, "the lesson was not saved"
    assert "format_name: myst" in text, "still a MyST text notebook"
    assert "lesson:" in text and "children-save-evidence" in text, "the lesson's front matter is kept"
    assert "shown_quizzes()" in text, "the new cell was saved"
    assert "True 1" not in text and "outputs" not in text, "no outputs in the text lesson"
    assert not list(lesson.parent.glob("*.ipynb")), "no paired notebook beside it"


# ---- the test ------------------------------------------------------------------------------

def test_quiz_answered_in_jupyterlab_reaches_the_kernel(browser, notebook_url):
    page = browser.new_page(viewport={"width": 1280, "height": 1000})
    console: list[str] = []
    requests: list[str] = []
    page.on("console", lambda m: console.append(f"{m.type}: {m.text}"))
    page.on("pageerror", lambda e: console.append(f"pageerror: {e}"))
    page.on("request", lambda r: requests.append(r.url))
    page.set_default_timeout(30_000)
    try:
        url, lesson = notebook_url
        open_notebook(page, url, lesson)
        run_all_cells(page)
        # The output also carries the static book's text/html copy, but that has no
        # fieldsets: a question fieldset means quiz.js ran as the widget's front end.
        quizzes = page.locator(".jp-Notebook .jp-OutputArea-output .ck-quiz")
        quiz = quizzes.filter(has_text="Knowledge check")
        try:
            expect(quiz.locator("fieldset.ck-question").first).to_be_visible(timeout=30_000)
            expect(quizzes).to_have_count(3)  # two scenarios and the knowledge check
        except AssertionError as error:
            raise AssertionError("the quiz widget did not render; browser console:\n"
                                 + "\n".join(console[-40:])) from error

        status = answer_first_question_by_keyboard(quiz)
        expect(status).to_have_text(re.compile(r"^Correct\."))

        output = run_in_last_cell(page, READ_BACK)
        expect(output).to_have_text("True 1")

        if lesson.suffix == ".md":
            assert_saved_as_text_without_outputs(page, lesson)

        here = urlsplit(url).netloc
        assert [u for u in requests if urlsplit(u).netloc not in (here, "")] == [], "went online"
    finally:
        with contextlib.suppress(PlaywrightError):  # for humans only; never hide the real failure
            SCREENSHOT.parent.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=SCREENSHOT)
        page.close()
