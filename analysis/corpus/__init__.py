"""The corpus as data: manifest, loading, cleaning, paragraphs, sentences, voices, tokens.

``load_corpus(folder)`` reads ``folder/manifest.csv`` and the texts it lists and
returns a :class:`Corpus` of tidy tables (see the README's "Tables" section):

documents   one row per text: manifest columns, ``raw`` text, ``text`` (clean: residue
            and markup blanked to spaces, so offsets into it equal offsets into ``raw``)
sentences   ``doc_id, sent_id``: paragraph, char ``start, end`` into raw, ``voice``
            (author / quoted / mixed), ``speaker``, ``is_heading``, ``n_tokens``, ``text``
tokens      ``doc_id, i``: ``sent_id``, ``para_id``, ``token`` (as written), ``norm``,
            ``voice``, ``speaker``, ``start, end`` into raw
residue     the cleaning report: every span left out of the analysis
            (``doc_id, start, end, rule, kind, text``), page residue and speaker markup
quotes      every quoted span found (``doc_id, para_id, start, end, voice, speaker, how``)

Optional files in the corpus folder, all plain data reviewed in diffs:

``cleaning.yaml``  page-residue rules (regular expressions, multi-line mode), each with
                   a name, an optional ``docs`` list and an optional ``expect`` count
``voices.csv``     hand-kept voice overrides where the rules cannot decide
                   (``doc_id, scope, anchor, voice, speaker, note``; scope is
                   ``paragraph`` or ``quote``; the anchor is the text the paragraph or
                   the quotation starts with)

Voices (see the README for the full rules)
------------------------------------------
* A paragraph that opens with a short speaker label (``President Putin: …``) used at
  least twice as a label in the document starts a transcript turn; the turn goes on
  over the following unlabelled paragraphs until the next label, a heading, or an
  override. The label itself is markup (listed in ``residue``), not a token.
* A paragraph of the form ``Vesti, 2018`` (a name, a comma, a year) is a source line:
  the following paragraphs are a quoted excerpt with that speaker, as for turns.
* Inside author paragraphs, text between quotation marks (“…”, „…“, «…», "…",
  ‘…’) is quoted voice when it spans at least ``min_quote_tokens`` tokens (shorter
  ones are scare quotes or mentions and stay author voice). The speaker is read from
  a speech verb in the same sentence (``said NATO's military commander General
  Wesley Clark`` → ``Clark``; ``Putin told Clinton`` → ``Putin``), else ``unknown``.

The package, in pipeline order (each module says what it owns and what it hands on)
-----------------------------------------------------------------------------------
``errors``     :class:`CorpusError`, raised by every step
``manifest``   ``manifest.csv`` read and validated (:func:`read_manifest`)
``cleaning``   ``cleaning.yaml`` rules: load, apply to a text (residue), blank, check counts
``segment``    paragraphs, headings and sentences (:func:`split_sentences`)
``voices``     speaker labels, source lines, quotations, speakers, ``voices.csv`` overrides
``document``   one document through every step (:func:`load_document`): the unit of work
``tables``     :class:`Corpus` and the assembly of its tables from the per-document parts
``pipeline``   :func:`load_corpus`: inputs → documents → tables, the one path shared by the
               cache and the Dask path (:mod:`analysis.scale`); :func:`corpus_hash`
``cache``      the Parquet cache of loaded corpora, keyed by :func:`corpus_hash`
``reports``    :func:`overview`, :func:`cleaning_report`, :func:`voice_table`
"""

from __future__ import annotations

from .document import load_document
from .draft import draft_manifest, write_manifest_draft
from .errors import CorpusError
from .manifest import MANIFEST_OPTIONAL, MANIFEST_REQUIRED, read_manifest
from .pipeline import TRIM_TOKENS, collector_paused, corpus_hash, load_corpus  # set TRIM_TOKENS on .pipeline
from .reports import cleaning_report, overview, voice_table
from .segment import split_sentences
from .tables import Corpus
from .voices import SENTENCE_VOICES, VOICES

__all__ = [
    "Corpus",
    "CorpusError",
    "load_corpus",
    "read_manifest",
    "split_sentences",
    "MANIFEST_REQUIRED",
    "overview",
    "cleaning_report",
    "voice_table",
    "corpus_hash",
    "load_document",
    "draft_manifest",
    "write_manifest_draft",
]
