"""How much front matter postedit reads in one posting (docs/security.md, "Limits").

A real posting has a few dozen keys, short lists and two or three levels of nesting. A
posting past any of these limits is listed with an error at the line where it goes past
(``path:line: error: ...``, from ``frontmatter.parse``) and is not read further, as a file
over ``posting.MAX_POSTING_BYTES`` is: the work postedit does for it stays small however it
was made, and its other postings are not held up. Each limit is ten times or more what the
largest real posting we know of needs.
"""

from __future__ import annotations

__all__ = ["MAX_DEPTH", "MAX_FRONT_MATTER", "MAX_ITEMS", "MAX_KEYS", "MAX_LINE"]

MAX_KEYS = 1_000
"""Keys in the front matter's top level, and in any one mapping inside it."""
MAX_ITEMS = 10_000
"""List items in the whole front matter (every list, nested ones too)."""
MAX_DEPTH = 32
"""Levels of lists and mappings inside one another (``a: {b: [c]}`` is 3)."""
MAX_LINE = 65_536
"""Characters in one line of front matter (the body's lines are not limited)."""
MAX_FRONT_MATTER = 1_048_576
"""Characters of front matter (the body is not limited but by the file's size): composing
the YAML costs up to a second per megabyte however the other limits are met."""
