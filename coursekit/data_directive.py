"""The ``{course-data}`` directive: put a part made from the course's data into a page.

    ```{course-data} coverage
    ```

    ```{course-data} progress staff
    ```

The part is made in the Sphinx process from the course that the extension loaded and checked
at the start of the build, so a data page needs no kernel. The parts are listed in
``coursekit.pages``.

A page is read again when a file its part was made from changes (Sphinx's dependencies), except
for the scenario and quiz files and the guidance map. Most edits to those (a title, a feedback)
do not change a part such as the coverage table, which is the largest page to read and write; so
the page keeps, instead, a digest of the part it shows, and at the start of each build
(``env-get-outdated``) the part is made again and the page is read again only if it differs.

A mistyped part is noted on the environment, not raised where it is found: pages may be read in
parallel processes (``sphinx-build -j``), whose notes Sphinx merges back (``env-merge-info``).
Once every page is read (``env-updated``), the build stops with every problem, before a page
without its part is written.
"""
from __future__ import annotations

import hashlib

from docutils import nodes
from docutils.statemachine import StringList
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.util.docutils import SphinxDirective

from .course import Course
from .errors import ContentError, InvalidContent, shown, stop_build
from .pages import PARTS, Part, part_problem


class CourseData(SphinxDirective):
    required_arguments = 1
    optional_arguments = 1
    final_argument_whitespace = True  # a track such as `pupils 7-11`

    def run(self) -> list[nodes.Node]:
        name, track = self.arguments[0], " ".join(self.arguments[1:])
        problem = part_problem(name, track)
        if problem:  # a page without its part would be silently broken: stop, as for bad content
            page = shown(self.env.coursekit.root, self.env.doc2path(self.env.docname))
            _notes(self.env, PROBLEMS).setdefault(self.env.docname, []).append(
                ContentError(page, self.lineno, *problem))
            return []
        part = make_part(self.env.coursekit, name, track)
        items = set(self.env.coursekit.sources)
        for path in part.files:
            if path not in items:
                self.env.note_dependency(str(path))
        if items & set(part.files):
            _notes(self.env, SHOWN).setdefault(self.env.docname, []).append((name, track, digest(part)))
        if part.html:
            return [nodes.raw("", part.text, format="html")]
        holder = nodes.container()
        # match_titles: a part may hold its own headings (the contact groups on "Get help now").
        self.state.nested_parse(StringList(part.text.splitlines()), self.content_offset, holder,
                                match_titles=True)
        return holder.children


def make_part(course: Course, name: str, track: str) -> Part:
    make, needs_track = PARTS[name]
    return make(course, *([track] if needs_track else []))


def digest(part: Part) -> str:
    return hashlib.sha256(f"{part.html}\n{part.text}".encode("utf-8")).hexdigest()


def register(app: Sphinx) -> None:
    app.add_directive("course-data", CourseData)
    app.connect("env-get-outdated", _pages_whose_part_changed)
    app.connect("env-purge-doc", _forget_page)
    app.connect("env-merge-info", _merge_from_reader)
    app.connect("env-updated", _stop_on_problems)


# What the environment keeps for each page: its mistyped parts, and (name, track, digest) of
# each part it shows that is made from the scenarios, quizzes or guidance map.
PROBLEMS, SHOWN = "coursekit_data_problems", "coursekit_data_shown"


def _notes(env: BuildEnvironment, kind: str) -> dict:
    if not hasattr(env, kind):
        setattr(env, kind, {})
    return getattr(env, kind)


def _pages_whose_part_changed(app: Sphinx, env: BuildEnvironment, added, changed, removed) -> list[str]:
    """Pages whose part, made again from the course as it is now, is not the one they show."""
    return [page for page, shown_parts in _notes(env, SHOWN).items()
            if any(digest(make_part(env.coursekit, name, track)) != old for name, track, old in shown_parts)]


def _forget_page(app: Sphinx, env: BuildEnvironment, docname: str) -> None:
    for kind in (PROBLEMS, SHOWN):
        _notes(env, kind).pop(docname, None)


def _merge_from_reader(app: Sphinx, env: BuildEnvironment, docnames: set, other: BuildEnvironment) -> None:
    for kind in (PROBLEMS, SHOWN):
        _notes(env, kind).update({name: notes for name, notes in _notes(other, kind).items() if name in docnames})


def _stop_on_problems(app: Sphinx, env: BuildEnvironment) -> None:
    found = [error for name in sorted(_notes(env, PROBLEMS)) for error in _notes(env, PROBLEMS)[name]]
    if found:
        stop_build(InvalidContent(found))
