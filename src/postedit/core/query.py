"""The filter grammar of the list: parse once, match many.

(Contract stub: the TUI main-screen issue implements it.)
"""
