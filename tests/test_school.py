"""Your school's details (school.yml): checked, shown wherever a lesson says who to tell.

Fast tests check the file and the wording made from it. Slow tests build: the fixture book with
an empty, then a filled school.yml (every page is re-read when it changes), and a copy of the
real course with a filled school.yml, then a broken one (refused with file:line, no traceback).
"""
from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path
from urllib.parse import unquote

import pytest
from bs4 import BeautifulSoup

from conftest import MINIBOOK, ROOT, copy_course, jupyter_book
from coursekit.errors import InvalidContent
from coursekit.school import GENERIC, load_school, md_text, plain, substitutions


FILLED = """\
school_name: Oakfield Primary
designated_safeguarding_lead:
  name: Ms Patel
  email: ms.patel@oakfield.example
online_safety_lead:
  name: Mr Okafor
  email: mr.okafor@oakfield.example
report:
  email: worries@oakfield.example
  in_person: Talk to any adult in school, or come to the Rainbow Room at lunchtime.
  anonymously: Put a note in the worry box outside the library.
local_authority:
  name: Northshire Council children's services
  phone: 01632 960123
  email: childrens.services@northshire.example
"""

# Each broken file, the line the message must name, and words it must contain.
BROKEN = {
    "bad email": ("designated_safeguarding_lead:\n  name: Ms Patel\n  email: ms.patel at oakfield\n",
                  3, "not an email address"),
    "unknown key": ("school_name: Oakfield Primary\nschool_nmae: Oakfield\n", 2, "did you mean `school_name`?"),
    "unknown inner key": ("report:\n  emial: worries@oakfield.example\n", 2, "did you mean `email`?"),
    "tab": ("school_name: Oakfield Primary\nreport:\n\temail: worries@oakfield.example\n", 3, "tab character"),
    "text for a section": ("designated_safeguarding_lead: Ms Patel\n", 1, "should hold `name:` and `email:`"),
    "bad phone": ("local_authority:\n  name: Northshire Council\n  phone: ring the office\n", 3,
                  "not a phone number"),
    "javascript link": ('report:\n  in_person: "javascript:alert(1)"\n', 2, "`javascript:` link"),
}


def normal(text: str) -> str:
    """Page text with curly apostrophes straightened and spaces collapsed."""
    return " ".join(text.replace("\u2019", "'").split())


def page_text(path: Path) -> str:
    soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
    for cloak in soup.select('a[href^="mailto:"] span'):  # Sphinx hides emails from harvesters
        cloak.unwrap()
    soup.smooth()
    return normal((soup.select_one("article") or soup).get_text(" "))


# --- The file and the words made from it --------------------------------------------------------

def test_the_shipped_file_has_every_field_empty_and_a_fictional_example():
    text = (ROOT / "school.yml").read_text(encoding="utf-8")
    assert load_school(ROOT) == {} or all(not v for v in _leaves(load_school(ROOT)))
    for key in ("school_name:", "designated_safeguarding_lead:", "online_safety_lead:", "report:",
                "local_authority:", "in_person:", "anonymously:", "email:", "phone:", "name:"):
        assert re.search(rf"^\s*{key}", text, re.M), key
    example = "\n".join(line[4:] for line in text.splitlines() if line.startswith("#   "))
    emails = re.findall(r"[\w.'-]+@[\w.-]+", example)
    assert emails and all(e.endswith(".example") for e in emails), "examples use the reserved .example domain"


def _leaves(value):
    if isinstance(value, dict):
        for inner in value.values():
            yield from _leaves(inner)
    else:
        yield value


def test_the_commented_example_is_itself_a_valid_file(tmp_path):
    text = (ROOT / "school.yml").read_text(encoding="utf-8")
    (tmp_path / "school.yml").write_text("\n".join(l[4:] for l in text.splitlines() if l.startswith("#   ")),
                                         encoding="utf-8")
    details = load_school(tmp_path)
    assert details["school_name"] and details["designated_safeguarding_lead"]["email"]


def test_empty_and_missing_files_give_the_general_wording(tmp_path):
    assert load_school(tmp_path) == {}  # no file at all
    (tmp_path / "school.yml").write_text("# nothing yet\n", encoding="utf-8")
    assert load_school(tmp_path) == {}
    shutil.copy(ROOT / "school.yml", tmp_path / "school.yml")
    words = substitutions(load_school(tmp_path))
    for name, generic in GENERIC.items():
        assert words[name] == generic
    assert words["school_name"] == "your school"
    assert words["dsl"] == "the school's designated safeguarding lead (DSL)"
    assert "Tell your teacher" in words["report_routes"]


def test_a_filled_file_gives_names_and_emails(tmp_path):
    (tmp_path / "school.yml").write_text(FILLED, encoding="utf-8")
    words = {name: plain(value) for name, value in substitutions(load_school(tmp_path)).items()}
    assert words["school_name"] == "Oakfield Primary"
    assert words["dsl"] == "Ms Patel (the designated safeguarding lead, or DSL)"
    assert words["dsl_name"] == "Ms Patel"
    assert words["online_safety_lead"] == "Mr Okafor (the online safety lead)"
    assert "worries@oakfield.example" in words["report_routes"]
    assert "Rainbow Room" in words["report_routes"] and "worry box" in words["report_routes"]
    assert "ms.patel@oakfield.example" in words["school_contacts"]
    assert words["local_authority"].startswith("Northshire Council children's services (phone 01632 960123")


def test_a_partly_filled_file_mixes_names_and_general_wording(tmp_path):
    (tmp_path / "school.yml").write_text("school_name: Oakfield Primary\nreport:\n  email: ''\n", encoding="utf-8")
    words = substitutions(load_school(tmp_path))
    assert words["school_name"] == "Oakfield Primary"
    assert words["dsl"] == GENERIC["dsl"] and words["report_email"] == GENERIC["report_email"]


def test_what_a_school_writes_is_shown_as_text_never_markup():
    shown = md_text("Room <b>4</b> & *Mr* [Lee](https://evil.example) {{ dsl }} `x`")
    assert "<b>" not in shown.replace("\\<b\\>", "")
    assert "\\*Mr\\*" in shown and "\\[Lee\\]" in shown and "\\{\\{ dsl \\}\\}" in shown and "\\&" in shown
    assert plain(shown) == "Room <b>4</b> & *Mr* [Lee](https://evil.example) {{ dsl }} `x`"


@pytest.mark.parametrize("case", sorted(BROKEN))
def test_a_broken_file_is_refused_with_its_line_and_a_fix(tmp_path, case):
    text, line, words = BROKEN[case]
    (tmp_path / "school.yml").write_text(text, encoding="utf-8")
    with pytest.raises(InvalidContent) as refused:
        load_school(tmp_path)
    messages = [str(e) for e in refused.value.errors]
    assert any(m.startswith(f"school.yml:{line}: ") and words in m and " — " in m for m in messages), messages


def test_the_checker_command_reports_without_a_traceback(tmp_path):
    (tmp_path / "school.yml").write_text(BROKEN["bad email"][0], encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "coursekit.school", str(tmp_path)],
                            capture_output=True, text=True)
    assert result.returncode == 1
    assert "school.yml:3: `email` in `designated_safeguarding_lead` is not an email address" in result.stderr
    assert "Traceback" not in result.stderr


# --- The fixture book: empty, then filled, then broken ---------------------------------------

pytest_plugins = "sphinx.testing.fixtures"

PAGE = """\
# Who to tell

Tell {{ dsl }} straight away. At {{ school_name }}, you can also tell {{ online_safety_lead }}.

{{ report_routes }}

{{ school_contacts }}
"""


@pytest.fixture
def minibook(tmp_path: Path) -> Path:
    src = tmp_path / "src"
    shutil.copytree(MINIBOOK, src, ignore=shutil.ignore_patterns("_build"))
    (src / "who.md").write_text(PAGE, encoding="utf-8")
    index = src / "index.md"
    index.write_text(index.read_text(encoding="utf-8") + "\n```{toctree}\nwho\n```\n", encoding="utf-8")
    return src


@pytest.mark.slow
def test_the_fixture_book_shows_general_words_then_the_school_after_an_edit(make_app, minibook):
    shutil.copy(ROOT / "school.yml", minibook / "school.yml")
    app = make_app("html", srcdir=minibook, freshenv=True, warningiserror=False)
    app.build()
    text = page_text(Path(app.outdir) / "who.html")
    assert "Tell the school's designated safeguarding lead (DSL) straight away." in text
    assert "At your school, you can also tell the school's online safety lead." in text
    assert "Tell your teacher, or someone else who works at the school." in text
    assert "{{" not in text

    (minibook / "school.yml").write_text(FILLED.replace("Rainbow Room", "<b>Rainbow</b> Room"), encoding="utf-8")
    app = make_app("html", srcdir=minibook, freshenv=False, warningiserror=False)
    app.build()
    html = (Path(app.outdir) / "who.html").read_text(encoding="utf-8")
    text = page_text(Path(app.outdir) / "who.html")
    assert "Tell Ms Patel (the designated safeguarding lead, or DSL) straight away." in text
    assert "At Oakfield Primary, you can also tell Mr Okafor (the online safety lead)." in text
    links = [unquote(a["href"]) for a in BeautifulSoup(html, "html.parser").select('a[href^="mailto:"]')]
    assert "mailto:worries@oakfield.example" in links and "mailto:ms.patel@oakfield.example" in links
    assert "&lt;b&gt;Rainbow&lt;/b&gt; Room" in html and "<b>Rainbow" not in html
    # The quiz page was re-read too (every page depends on school.yml), and still shows its quiz.
    assert "ck-quiz" in (Path(app.outdir) / "index.html").read_text(encoding="utf-8")


# --- The real course, in a scratch copy -----------------------------------------------------------


@pytest.fixture(scope="module")
def course_copy(tmp_path_factory) -> Path:
    return copy_course(tmp_path_factory.mktemp("school"))


@pytest.mark.slow
def test_the_course_shows_the_school_where_lessons_say_who_to_tell(course_copy: Path):
    (course_copy / "school.yml").write_text(FILLED, encoding="utf-8")
    result = jupyter_book(course_copy)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    html = course_copy / "_build" / "html" / "book"

    lesson = page_text(html / "pupils-7-11" / "if-someone-is-unkind.html")
    assert "Ways to tell at Oakfield Primary:" in lesson
    assert "worries@oakfield.example" in lesson and "Rainbow Room" in lesson
    assert "goes to Ms Patel (the designated safeguarding lead, or DSL) straight away." in lesson  # teacher notes
    assert "Childline on 0800 1111" in lesson and "call 999" in lesson  # untouched

    parents = page_text(html / "parents" / "when-it-happens.html")
    assert "contact Oakfield Primary." in parents and "ask for Ms Patel (the designated" in parents
    staff = page_text(html / "staff" / "recognising-online-bullying.html")
    assert "ms.patel@oakfield.example" in staff and "mr.okafor@oakfield.example" in staff

    school = page_text(html / "your-school.html")
    assert school.startswith("Getting help at Oakfield Primary")
    for words in ("worries@oakfield.example", "Rainbow Room", "worry box", "Ms Patel, ms.patel@oakfield.example",
                  "Northshire Council children's services (phone 01632 960123", "call 999", "call 101",
                  "0800 1111"):
        assert words in school, words
    assert "Ways to tell at Oakfield Primary" in page_text(html / "get-help.html")
    assert not [p for p in html.rglob("*.html") if "{{" in page_text(p)]

    # The lesson offered for JupyterLab shows the same words, not the placeholders.
    notebook = (course_copy / "_build" / "html" / "_sources" / "book" / "pupils-7-11" /
                "if-someone-is-unkind.ipynb").read_text(encoding="utf-8")
    assert "{{" not in notebook and "Oakfield Primary" in notebook


@pytest.mark.slow
@pytest.mark.parametrize("case", ["bad email", "unknown key", "tab"])
def test_a_broken_school_file_stops_the_course_build_cleanly(course_copy: Path, case):
    text, line, words = BROKEN[case]
    (course_copy / "school.yml").write_text(text, encoding="utf-8")
    try:
        result = jupyter_book(course_copy)
    finally:
        shutil.copy(ROOT / "school.yml", course_copy / "school.yml")
    output = result.stdout + result.stderr
    assert result.returncode != 0
    message = re.search(rf"^school\.yml:{line}: .*$", output, re.M)
    assert message and words in message.group(0) and " — " in message.group(0), output[-3000:]
    assert "Traceback" not in output


def test_the_built_course_uses_this_school_file(built_course: Path):
    """Whatever school.yml says (empty by default), the built lessons say it; no placeholder is left."""
    words = {name: normal(plain(value)) for name, value in substitutions(load_school(ROOT)).items()}
    lesson = page_text(built_course / "book" / "pupils-7-11" / "if-someone-is-unkind.html")
    if "{{ report_routes }}" not in (ROOT / "book" / "pupils-7-11" / "if-someone-is-unkind.md").read_text():
        pytest.skip("the lesson does not show the school's ways to tell")
    assert f"Ways to tell at {words['school_name']}:" in lesson
    assert words["report_in_person"] in lesson and words["report_anonymously"] in lesson
    assert f"goes to {words['dsl']} straight away." in lesson
    staff = page_text(built_course / "book" / "staff" / "index.html")
    assert f"Pass any worry about a pupil to {words['dsl']} straight away." in staff
    assert not [p for p in (built_course / "book").rglob("*.html") if "{{" in page_text(p)]
