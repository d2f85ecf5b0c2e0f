"""``python -m postedit``."""

from postedit.cli import main

raise SystemExit(main())
