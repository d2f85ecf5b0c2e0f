"""postedit: edit a static site's postings from a terminal, losslessly, and commit them with git."""

__all__ = ["__version__"]

__version__ = "0.1.0"
