"""Phone numbers, email and web addresses in a page's text become links a phone can follow.

A parent on a phone taps 0808 800 5000 to call it; a pupil taps childline.org.uk to open it.
The transform runs on each page's doctree (after MyST substitutions are filled in, so the
school's own numbers are linked too) and leaves text that is already a link, or code, alone.
Quizzes do the same in ``quiz.js``, from the same rules.
"""
from __future__ import annotations

from docutils import nodes
from sphinx.transforms import SphinxTransform

from .contacts import ADDRESS, href

SKIP = (nodes.reference, nodes.literal, nodes.literal_block, nodes.raw, nodes.title, nodes.comment)


class LinkContacts(SphinxTransform):
    default_priority = 700  # after substitutions and references are resolved

    def apply(self, **kwargs) -> None:
        for text in list(self.document.findall(nodes.Text)):
            if not any(isinstance(parent, SKIP) for parent in _ancestors(text)):
                _link(text)


def _ancestors(node):
    node = node.parent
    while node is not None:
        yield node
        node = node.parent


def _link(text: nodes.Text) -> None:
    value = str(text)
    pieces, last = [], 0
    for match in ADDRESS.finditer(value):
        kind = match.lastgroup
        pieces += [nodes.Text(value[last:match.start()]),
                   nodes.reference(match.group(), match.group(), refuri=href(kind, match.group()))]
        last = match.end()
    if pieces:
        pieces.append(nodes.Text(value[last:]))
        text.parent.replace(text, [p for p in pieces if not isinstance(p, nodes.Text) or str(p)])
