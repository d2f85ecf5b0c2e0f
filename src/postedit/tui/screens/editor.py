"""The posting editor: a form made from the collection's fields, and the body.

(Contract stub: the editor issue implements it.)
"""

from __future__ import annotations

from textual.screen import Screen

from postedit.core.posting import Posting
from postedit.core.schema import CollectionSpec
from postedit.core.workspace import Workspace

__all__ = ["EditorScreen"]


class EditorScreen(Screen["Posting | None"]):
    """Edit ``posting`` (or a new one when None, started from ``template`` if given).

    Dismisses with the posting as saved on disk, or None when nothing was saved.
    """

    def __init__(
        self,
        workspace: Workspace,
        spec: CollectionSpec,
        posting: Posting | None,
        *,
        template: Posting | None = None,
    ) -> None:
        super().__init__()
        self.workspace = workspace
        self.spec = spec
        self.posting = posting
        self.template = template
