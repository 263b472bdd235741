"""The ``{course-data}`` directive: put a part made from the course's data into a page.

    ```{course-data} coverage
    ```

    ```{course-data} progress staff
    ```

The part is made in the Sphinx process from the course that the extension loaded and checked
at ``builder-inited``, so a data page needs no kernel. The page notes the files its part was
made from, so editing one of them rebuilds it. The parts are listed in ``coursekit.pages``.
"""
from __future__ import annotations

from docutils import nodes
from docutils.statemachine import StringList
from sphinx.util.docutils import SphinxDirective

from .errors import ContentError, InvalidContent, stop_build
from .pages import PARTS, part_problem


class CourseData(SphinxDirective):
    required_arguments = 1
    optional_arguments = 1
    final_argument_whitespace = True  # a track such as `pupils 7-11`

    def run(self) -> list[nodes.Node]:
        name, track = self.arguments[0], " ".join(self.arguments[1:])
        problem = part_problem(name, track)
        if problem:  # a page without its part would be silently broken: stop, as for bad content
            shown = str(self.env.doc2path(self.env.docname, False))
            stop_build(InvalidContent([ContentError(shown, self.lineno, *problem)]))
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
