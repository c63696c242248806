"""analysis: comparative discourse analysis, traceable to the text.

Importing the package is light: pandas and numpy load; matplotlib, scikit-learn, scipy,
NLTK and VADER load only when a function that needs them is called. Every public function
and class of every module is importable from the package root (``from analysis import
kwic, frame_rates``), resolved lazily from the module that defines it, in any import
order: no public function shares its module's name, so importing a module never hides a
function of the root. The old module paths ``analysis.match``, ``analysis.kwic``,
``analysis.keyness``, ``analysis.collocates`` and ``analysis.tfidf`` still import (with a
``DeprecationWarning``) and, as attributes of the package, can still be called.
"""

from importlib import import_module

from .corpus import Corpus, CorpusError, load_corpus, read_manifest, split_sentences
from .tokens import normalize, tokenize

#: Public name → the module (of this package) that defines it.
_LAZY = {
    # corpus
    "overview": "corpus",
    "cleaning_report": "corpus",
    "voice_table": "corpus",
    "corpus_hash": "corpus",
    "load_document": "corpus",
    "draft_manifest": "corpus",
    "write_manifest_draft": "corpus",
    # tokens
    "fold": "tokens",
    "encode": "tokens",
    "has_invisible": "tokens",
    "vocabulary": "tokens",
    "code_dtype": "tokens",
    "merge_sorted": "tokens",
    "remap_codes": "tokens",
    # lexicons
    "Category": "lexicons",
    "Lexicon": "lexicons",
    "LexiconError": "lexicons",
    "LexiconWarning": "lexicons",
    "load_lexicon": "lexicons",
    "load_lexicons": "lexicons",
    "read_quanteda_dictionary": "lexicons",
    # matcher
    "Pattern": "matcher",
    "compile_pattern": "matcher",
    "match": "matcher",
    "hit_counts": "matcher",
    # concordance
    "kwic": "concordance",
    "kwic_html": "concordance",
    "save_kwic": "concordance",
    "KwicView": "concordance",
    # wordlists
    "stop_words": "wordlists",
    "read_stop_words": "wordlists",
    "frequencies": "wordlists",
    "ngrams": "wordlists",
    # vectors
    "tfidf": "vectors",
    "tfidf_matrix": "vectors",
    "similarity": "vectors",
    # framing
    "lexicon_hits": "framing",
    "frame_rates": "framing",
    "actor_frame_pairs": "framing",
    "actor_frames": "framing",
    "drill": "framing",
    "top_contrasts": "framing",
    "contrast_lines": "framing",
    # keywords
    "keyness": "keywords",
    "keyness_all": "keywords",
    # statistics
    "direction": "statistics",
    "g2": "statistics",
    "g2_2term": "statistics",
    "chi2": "statistics",
    "log_ratio": "statistics",
    "pct_diff": "statistics",
    "logodds_z": "statistics",
    "p_values": "statistics",
    "bh_qvalues": "statistics",
    # collocation
    "collocates": "collocation",
    "collocates_by_actor": "collocation",
    "association": "collocation",
    # sentiment
    "voice_texts": "sentiment",
    "polarity": "sentiment",
    "sentence_sentiment": "sentiment",
    "actor_sentiment": "sentiment",
    "drill_sentiment": "sentiment",
    "extreme_sentences": "sentiment",
    # dispersion
    "actor_positions": "dispersion",
    "dispersion_summary": "dispersion",
    # uncertainty
    "rng_for": "uncertainty",
    "bootstrap_ratio": "uncertainty",
    # validation
    "stratified_sample": "validation",
    "label_scores": "validation",
    "split_halves": "validation",
    "sheet_corpus": "validation",
    "sentence_scores": "validation",
    "role_validation": "validation",
    "current_hits": "validation",
    "hit_sample": "validation",
    "precision": "validation",
    "sentence_sample": "validation",
    "recall": "validation",
    "misses": "validation",
    "wilson": "validation",
    "read_sheet": "validation",
    "report": "validation",
    # the learned frame option
    "train_frame_models": "classify",
    "choose_methods": "classify",
    "frame_predictions": "classify",
    "prediction_lines": "classify",
    "FrameModels": "classify",
    "choose_threshold": "classify",
    "frames_by_best_method": "classify",
    "sentence_features": "classify",
    # synthesis
    "comparison_table": "synthesis",
    "change_statements": "synthesis",
    "voice_statements": "synthesis",
    "evidence_lines": "synthesis",
    "overlap": "synthesis",
    # coding a sample of one's own corpus
    "coding_sheet": "coding",
    "code_sheet": "coding",
    "coding_scores": "coding",
    "CodingSession": "coding",
    "Coder": "coding",
    "parse_codes": "coding",
    # explorer
    "explore": "explorer",
    "Explorer": "explorer",
    # plots
    "save_figure": "plots",
    "figure_style": "plots",
    "new_figure": "plots",
    "plot_corpus_overview": "plots",
    "plot_similarity_heatmap": "plots",
    "plot_top_terms": "plots",
    "plot_hit_rates": "plots",
    "plot_keyness": "plots",
    "plot_keyness_panels": "plots",
    "plot_voice_keyness": "plots",
    "plot_actor_sentiment": "plots",
    "plot_actor_sentiment_voices": "plots",
    "plot_dispersion": "plots",
    "plot_actor_frame_grid": "plots",
    "plot_actor_frame_summary": "plots",
    "plot_frame_profile": "plots",
    "plot_role_timeline": "plots",
    "plot_role_timelines": "plots",
    "top_frames": "plots",
    # runner, report_html
    "default_jobs": "runner",
    "parse_parameter": "runner",
    "run_notebook": "runner",
    "run_folders": "runner",
    "run_suite": "runner",
    "run_record": "report_html",
    "write_report": "report_html",
    "markdown_html": "report_html",
    # io
    "atomic_write_bytes": "io",
    "atomic_write_text": "io",
    "save_table": "io",
    # paths
    "figures_dir": "paths",
    "build_dir": "paths",
    "corpus_dir": "paths",
    # cache
    "cache_dir": "cache",
    "derived_dir": "cache",
    "is_large": "cache",
    "read_cached": "cache",
    "write_cached": "cache",
    "clear_cache": "cache",
    "corpus_size": "cache",
    # provenance
    "record": "provenance",
    "recorded": "provenance",
    "clear": "provenance",
    "package_versions": "provenance",
    "methods_paragraph": "provenance",
    # scale
    "load_corpus_dask": "scale",
    "lexicon_hits_dask": "scale",
    "hit_counts_dask": "scale",
    "partitions": "scale",
    # partitioned (issue 20: a corpus on disk in partitions, the analysis as map-reduce)
    "PartitionedCorpus": "partitioned",
    "PartitionedTable": "partitioned",
    "open_partitioned": "partitioned",
    "write_partitioned": "partitioned",
    "document_ranges": "partitioned",
    "lexicon_hits_partitioned": "partitioned",
    "actor_frame_pairs_partitioned": "partitioned",
    "hit_counts_partitioned": "partitioned",
    "frame_rates_partitioned": "partitioned",
    "actor_frames_partitioned": "partitioned",
    "drill_partitioned": "partitioned",
    "kwic_partitioned": "partitioned",
    "frequencies_partitioned": "partitioned",
    "keyness_partitioned": "partitioned",
    "collocates_partitioned": "partitioned",
    "role_tables_partitioned": "partitioned",
    "role_frames_partitioned": "partitioned",
    "actor_sentiment_partitioned": "partitioned",
    "voice_table_partitioned": "partitioned",
    "cleaning_report_partitioned": "partitioned",
    # syntax
    "SyntaxUnavailable": "syntax",
    "load_pipeline": "syntax",
    "parser_available": "syntax",
    "parse": "syntax",
    "parse_dask": "syntax",
    "sentence_keys": "syntax",
    "forget_parses": "syntax",
    # attribution
    "sentence_attribution": "attribution",
    "with_attribution": "attribution",
    "token_attribution": "attribution",
    "reporting_candidates": "attribution",
    "stance_markers": "attribution",
    "author_names": "attribution",
    # roles
    "actor_roles": "roles",
    "role_links": "roles",
    "role_tables": "roles",
    "role_frames": "roles",
    "role_lines": "roles",
    # naming
    "actor_labels": "naming",
    "episode_names": "naming",
    "label_counts": "naming",
    # measures
    "personalisation": "measures",
    "modality": "measures",
    "reporting_verbs": "measures",
    # findings
    "doc_labels": "findings",
    "timeline": "findings",
    "contrasts": "findings",
    "representative_lines": "findings",
    "statements": "findings",
    "speaker_statements": "findings",
    # progress
    "show_progress": "progress",
    # safe input and output (SECURITY.md)
    "RegexInputError": "safe_regex",
    "RegexTimeout": "safe_regex",
    "compile_regex": "safe_regex",
    "regex_finditer": "safe_regex",
    "regex_search": "safe_regex",
    "regex_match": "safe_regex",
    "regex_fullmatch": "safe_regex",
    "time_limit": "safe_regex",
    "YAMLInputError": "safe_yaml",
    "load_yaml": "safe_yaml",
    "parse_yaml": "safe_yaml",
    "SafeHTML": "display",
    "escape_html": "display",
    "escape_markdown": "display",
    "html_list": "display",
    "html_paragraph": "display",
    "neutralise_formulas": "io",
    "code_files": "cache",
    "code_version": "cache",
    # defaults
    "date_order": "defaults",
    "periods": "defaults",
    "primary_actors": "defaults",
    "display_unit": "defaults",
    "speaker_groups": "defaults",
    "year_periods": "defaults",
    "period_label": "defaults",
    "group_order": "defaults",
    "other_actors": "defaults",
    "group_blocks": "defaults",
    "voice_groups": "defaults",
    "largest_cell": "defaults",
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
