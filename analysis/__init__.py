"""analysis: comparative discourse analysis, traceable to the text.

Importing the package is light: pandas and numpy load; matplotlib, scikit-learn,
scipy and NLTK load only when a function that needs them is called.
"""

from .corpus import Corpus, CorpusError, load_corpus, read_manifest, split_sentences
from .plots import save_figure
from .tokens import normalize, tokenize

__all__ = [
    "Corpus",
    "CorpusError",
    "load_corpus",
    "read_manifest",
    "split_sentences",
    "normalize",
    "tokenize",
    "save_figure",
]
__version__ = "0.1.0"
