"""Check every scenario, quiz, lesson, school.yml and the help contacts without building: ``python -m coursekit.validate [ROOT]``.

Prints ``path:line: what is wrong — how to fix it`` for each problem and exits 1, or prints a
one-line summary and exits 0. Never a traceback: content problems are the author's to fix.
"""
from __future__ import annotations

import sys
from pathlib import Path

from . import contacts
from .course import find_root, load_course
from .errors import InvalidContent
from .pages import check_data_pages
from .school import load_school


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    try:
        root = Path(args[0]).resolve() if args else find_root()
        course = load_course(root)
        load_school(root)
        problems = check_data_pages(root) + contacts.errors(root)
        if problems:
            raise InvalidContent(problems)
    except InvalidContent as invalid:
        for error in invalid.errors:
            print(error, file=sys.stderr)
        print(f"{len(invalid.errors)} problem(s) found; the course cannot be built until they are fixed.",
              file=sys.stderr)
        return 1
    except FileNotFoundError as missing:
        print(f"error: {missing}", file=sys.stderr)
        return 2
    kinds = [item["kind"] for item in course.items.values()]
    print(f"Content OK: {kinds.count('scenario')} scenarios, {kinds.count('quiz')} quizzes, "
          f"{len(course.lessons)} lessons, {len(course.points)} guidance points.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
