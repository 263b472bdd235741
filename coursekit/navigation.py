"""Where a page sits in the course: its part (one per audience), and its neighbours in that part.

The parts are the captions of ``_toc.yml`` in order, each with its pages in reading order. A page
belongs to the first part that lists it. Previous and Next never leave a part: a child pressing
Next at the end of the 7-11 track must not land in the teenagers' course.
Pure functions over the table of contents, so tests can check them without a build.
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Part:
    caption: str
    pages: tuple[str, ...]  # docnames, reading order; the first is the part's start

    @property
    def start(self) -> str:
        return self.pages[0]

    @property
    def audience(self) -> str:
        """The folder the part's start is in, such as "pupils-7-11" ("" for pages at the top)."""
        folders = self.start.split("/")
        return folders[1] if len(folders) > 2 else ""


def parts_of(site_map) -> list[Part]:
    """The course's parts, from sphinx-external-toc's site map (``env.external_site_map``)."""
    root = site_map[site_map.root.docname]
    parts = []
    for subtree in root.subtrees:
        pages: list[str] = []
        for docname in subtree.items:
            pages.extend(_with_sections(site_map, str(docname)))
        if pages:
            parts.append(Part(subtree.caption or "", tuple(pages)))
    return parts


def _with_sections(site_map, docname: str) -> list[str]:
    pages = [docname]
    document = site_map[docname] if docname in site_map else None
    for subtree in (document.subtrees if document else []):
        for child in subtree.items:
            pages.extend(_with_sections(site_map, str(child)))
    return pages


def part_for(parts: list[Part], docname: str) -> Part | None:
    return next((part for part in parts if docname in part.pages), None)


def neighbours(parts: list[Part], docname: str) -> tuple[str | None, str | None]:
    """(previous, next) inside the page's own part; None at either end or outside every part."""
    part = part_for(parts, docname)
    if part is None:
        return None, None
    index = part.pages.index(docname)
    previous = part.pages[index - 1] if index > 0 else None
    following = part.pages[index + 1] if index + 1 < len(part.pages) else None
    return previous, following


def is_pupil_part(part: Part | None) -> bool:
    return bool(part) and part.audience.startswith("pupils-")


def other_parts(parts: list[Part], docname: str) -> list[Part]:
    """The parts a reader of this page is offered besides their own, own part excluded.

    A pupil is shown no other audience's track (only the help pages, for a route to help); every
    other reader sees every other part's start.
    """
    own = part_for(parts, docname)
    if is_pupil_part(own):
        return [part for part in parts if not part.audience and part is not own][:1]
    return [part for part in parts if part is not own]
