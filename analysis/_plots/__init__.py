"""What the plots share, private to the package: the style and figure writer (``figure``) and
the role time lines (``roles``); :mod:`analysis.plots` re-exports their public functions."""
