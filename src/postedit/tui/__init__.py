"""The Textual interface: a thin face over postedit.core."""
