"""The core must never import the UI: it is what the CLI, the TUI and scripts share."""

import subprocess
import sys


def _imported(setup: str, modules: tuple[str, ...]) -> list[str]:
    """Which of ``modules`` a fresh interpreter has imported once ``setup`` ran."""
    code = f"import sys\n{setup}\nprint(','.join(m for m in {modules!r} if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return [m for m in out.stdout.strip().split(",") if m]


def test_core_imports_no_ui() -> None:
    setup = (
        "import pkgutil, importlib, postedit.core as c\n"
        "for m in pkgutil.iter_modules(c.__path__): importlib.import_module('postedit.core.' + m.name)"
    )
    assert _imported(setup, ("textual", "rich", "argparse")) == []


def test_the_list_s_start_imports_no_editor() -> None:
    """The TUI's first frame is the list: Textual's TextArea (with tree-sitter) and Markdown,
    the form's and the commit dialog's widgets, are imported when those open. A shared
    helper importing TextArea at the top once put them, about 10 ms, before the first frame.
    Nor the CMS's create and delete rules, asked by ``n``, ``D`` and ``d`` only."""
    setup = "import postedit.cli, postedit.cli.tuicmd, postedit.tui.app"
    editor = ("textual.widgets._text_area", "textual.widgets._markdown", "tree_sitter")
    assert _imported(setup, (*editor, "markdown_it", "postedit.core.cms")) == []
