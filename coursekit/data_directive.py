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

from .pages import PARTS, TRACK_NAMES


class CourseData(SphinxDirective):
    required_arguments = 1
    optional_arguments = 1
    final_argument_whitespace = True  # a track such as `pupils 7-11`

    def run(self) -> list[nodes.Node]:
        name, *track = self.arguments
        if name not in PARTS:
            raise self.error(f"`{name}` is not a course-data part: use one of {', '.join(PARTS)}")
        make, needs_track = PARTS[name]
        if needs_track and (len(track) != 1 or track[0] not in TRACK_NAMES):
            raise self.error(f"`{name}` needs a track after it: one of {', '.join(TRACK_NAMES)}")
        elif not needs_track and track:
            raise self.error(f"`{name}` takes nothing after it")
        part = make(self.env.coursekit, *track)
        for path in part.files:
            self.env.note_dependency(str(path))
        if part.html:
            return [nodes.raw("", part.text, format="html")]
        holder = nodes.container()
        # match_titles: a part may hold its own headings (the contact groups on "Get help now").
        self.state.nested_parse(StringList(part.text.splitlines()), self.content_offset, holder,
                                match_titles=True)
        return holder.children
