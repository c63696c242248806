import hashlib

import pytest

from analysis.plots import new_figure, plot_corpus_overview, save_figure


def digest(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_save_figure_is_byte_identical_across_runs(tmp_path, seeds):
    outs = []
    for run in ("a", "b"):
        fig, ax = new_figure()
        plot_corpus_overview(seeds.documents, ax=ax)
        outs.append(save_figure(fig, "01-test-figure", folder=tmp_path / run, metadata={"corpus": "abc"}))
    assert [p.name for p in outs[0]] == ["01-test-figure.png", "01-test-figure.svg"]
    assert [digest(p) for p in outs[0]] == [digest(p) for p in outs[1]]
    svg = outs[0][1].read_text()
    assert "<dc:date>" not in svg and "corpus=abc" in svg
    assert sorted(p.name for p in (tmp_path / "a").iterdir()) == ["01-test-figure.png", "01-test-figure.svg"]


def test_save_figure_rejects_bad_names(tmp_path):
    fig, _ = new_figure()
    with pytest.raises(ValueError, match="must look like 'NN-kebab-name'"):
        save_figure(fig, "My Figure", folder=tmp_path)


def test_plot_overview_labels_in_manifest_order(seeds):
    _, ax = new_figure()
    plot_corpus_overview(seeds.documents, ax=ax)
    by_height = sorted(ax.get_yticklabels(), key=lambda t: -t.get_position()[1])
    # the first document of the manifest is drawn at the top, the last at the bottom
    assert [t.get_text() for t in by_height] == [f"{d} ({g})" for d, g in zip(seeds.documents.doc_id, seeds.documents.group)]
