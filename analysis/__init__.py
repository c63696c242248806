"""analysis: comparative discourse analysis, traceable to the text.

Importing the package is light: pandas and numpy load; matplotlib, scikit-learn, scipy,
NLTK and VADER load only when a function that needs them is called. The public functions
are importable from the package root (resolved lazily) or from their modules.
"""

from importlib import import_module

from .corpus import Corpus, CorpusError, load_corpus, read_manifest, split_sentences
from .tokens import normalize, tokenize

_LAZY = {
    "save_figure": "plots",
    "save_table": "io",
    "match": "match",
    "compile_pattern": "match",
    "kwic": "kwic",
    "kwic_html": "kwic",
    "frequencies": "wordlists",
    "ngrams": "wordlists",
    "tfidf": "tfidf",
    "similarity": "tfidf",
    "load_lexicon": "lexicons",
    "lexicon_hits": "framing",
    "frame_rates": "framing",
    "actor_frame_pairs": "framing",
    "actor_frames": "framing",
    "drill": "framing",
    "keyness": "keyness",
    "keyness_all": "keyness",
    "collocates": "collocates",
    "actor_sentiment": "sentiment",
    "actor_positions": "dispersion",
}

__all__ = [
    "Corpus",
    "CorpusError",
    "load_corpus",
    "read_manifest",
    "split_sentences",
    "normalize",
    "tokenize",
    *_LAZY,
]
__version__ = "0.1.0"


def __getattr__(name):
    if name in _LAZY:
        value = getattr(import_module(f".{_LAZY[name]}", __name__), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'analysis' has no attribute {name!r}")


def __dir__():
    return sorted(set(globals()) | set(__all__))
