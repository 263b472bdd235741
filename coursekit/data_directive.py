"""The ``{course-data}`` directive: put a part made from the course's data into a page.

    ```{course-data} coverage
    ```

    ```{course-data} progress staff
    ```

The part is made in the Sphinx process from the course that the extension loaded and checked
at ``builder-inited``, so a data page needs no kernel. The page notes the files its part was
made from, so editing one of them rebuilds it. The parts are listed in ``coursekit.pages``.

A mistyped part is noted on the environment, not raised where it is found: pages may be read in
parallel processes (``sphinx-build -j``), whose notes Sphinx merges back (``env-merge-info``).
Once every page is read (``env-updated``), the build stops with every problem, before a page
without its part is written.
"""
from __future__ import annotations

from docutils import nodes
from docutils.statemachine import StringList
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.util.docutils import SphinxDirective

from .errors import ContentError, InvalidContent, shown, stop_build
from .pages import PARTS, part_problem


class CourseData(SphinxDirective):
    required_arguments = 1
    optional_arguments = 1
    final_argument_whitespace = True  # a track such as `pupils 7-11`

    def run(self) -> list[nodes.Node]:
        name, track = self.arguments[0], " ".join(self.arguments[1:])
        problem = part_problem(name, track)
        if problem:  # a page without its part would be silently broken: stop, as for bad content
            page = shown(self.env.coursekit.root, self.env.doc2path(self.env.docname))
            _problems(self.env).setdefault(self.env.docname, []).append(ContentError(page, self.lineno, *problem))
            return []
        make, needs_track = PARTS[name]
        part = make(self.env.coursekit, *([track] if needs_track else []))
        for path in part.files:
            self.env.note_dependency(str(path))
        if part.html:
            return [nodes.raw("", part.text, format="html")]
        holder = nodes.container()
        # match_titles: a part may hold its own headings (the contact groups on "Get help now").
        self.state.nested_parse(StringList(part.text.splitlines()), self.content_offset, holder,
                                match_titles=True)
        return holder.children


def register(app: Sphinx) -> None:
    app.add_directive("course-data", CourseData)
    app.connect("env-purge-doc", _forget_page)
    app.connect("env-merge-info", _merge_from_reader)
    app.connect("env-updated", _stop_on_problems)


def _problems(env: BuildEnvironment) -> dict[str, list[ContentError]]:
    """Mistyped parts found so far, by page."""
    if not hasattr(env, "coursekit_data_problems"):
        env.coursekit_data_problems = {}
    return env.coursekit_data_problems


def _forget_page(app: Sphinx, env: BuildEnvironment, docname: str) -> None:
    _problems(env).pop(docname, None)


def _merge_from_reader(app: Sphinx, env: BuildEnvironment, docnames: set, other: BuildEnvironment) -> None:
    _problems(env).update({name: found for name, found in _problems(other).items() if name in docnames})


def _stop_on_problems(app: Sphinx, env: BuildEnvironment) -> None:
    found = [error for name in sorted(_problems(env)) for error in _problems(env)[name]]
    if found:
        stop_build(InvalidContent(found))
