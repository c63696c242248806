"""What the package's modules share openly (not a public API).

* :mod:`.memo` — the cache of per-table derived structures, keyed by the table's identity
  and content version (an in-place edit of a table is never served stale);
* :mod:`.index` — the token index (folded forms, inverted index, sentence continuity);
* :mod:`.patterns` — the pattern language: compile and validate one pattern;
* :mod:`.spans` — the search: patterns × token index → matched token spans;
* :mod:`.texts` — the corpus texts as one UTF-8 buffer, cut into strings without a loop;
* :mod:`.tables` — result columns and frames built without pandas' inference, and the
  token arrays per unit that word lists and vectors count;
* :mod:`.options` — the one validator of closed option sets;
* :mod:`.units` — levels of a column and the unit (grouping) columns of a table;
* :mod:`.intervals` — the ratio-per-unit table with block-bootstrap intervals and the
  thin-evidence flag;
* :mod:`.stopwords` — stop-word lists and how an option names one;
* :mod:`.html` — escaping and the CSS of the HTML views (concordances, the explorer);
* :mod:`.vocabulary` — the one vocabulary of option and column names, and the old names
  kept for one release (a :class:`~.vocabulary.Table` maps old column names, :func:`~.vocabulary.renamed`
  old options and values), each with a ``DeprecationWarning``;
* :mod:`.deprecated` — the old module paths (``analysis.match`` …): a warning and a module
  object that can be called.

Names here carry no leading underscore: they are public *to the package*. Users import
from :mod:`analysis` and its public modules.
"""
