"""The only package that runs git: the repository (runner.py, over GitPython; discover.py
finds it), the ledger of postedit's own writes (ledger.py), commits (commit.py), history and
undo (history.py), fetch/pull/push (remote.py). See docs/git.md.

Import the modules themselves: this package's import stays light (GitPython loads with
runner.py), so finding a repository costs no GitPython import.
"""
