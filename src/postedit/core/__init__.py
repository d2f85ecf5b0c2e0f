"""The pure core of postedit: no textual, no rich, no argparse in here."""
