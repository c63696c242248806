import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.tokens import fold, normalize, tokenize


def toks(s):
    return tokenize(s)[2]


def test_apostrophes_tokenize_alike():
    variants = ["donʼt", "don’t", "don't"]
    assert [toks(v) for v in variants] == [["donʼt"], ["don’t"], ["don't"]]
    assert {normalize(v) for v in variants} == {"don't"}


def test_milosevic_variants_share_one_norm():
    assert {normalize(t) for t in ["Milošević", "Milosevic", "MILOSEVIC", "milošević"]} == {"milosevic"}
    assert normalize("Đukanović") == "dukanovic"  # Đ has no decomposition: mapped by table
    assert normalize("Koštunica") == "kostunica"


def test_clitic_s_is_split_but_contractions_stay():
    assert toks("Russia’s Kosovo's it's can't Columbia University‘s") == [
        "Russia", "’s", "Kosovo", "'s", "it", "'s", "can't", "Columbia", "University", "‘s"]


def test_compounds_abbreviations_numbers():
    assert toks("NATO-led U.S.-Russian U.S. e.g. MIG-29s 38.62 120,000 $1.5 Russia- established Russian–Serbian") == [
        "NATO-led", "U.S.-Russian", "U.S.", "e.g.", "MIG-29s", "38.62", "120,000", "1.5", "Russia",
        "established", "Russian", "Serbian"]


def test_fold_options():
    assert fold("Milošević", case=False) == "Milosevic"
    assert fold("Milošević", diacritics=False) == "milošević"
    assert fold("Đukanović", case=False) == "Dukanovic"


def test_nfd_input_tokenizes_like_nfc():
    s = "Milošević und Đukanović, déjà vu."
    nfd = unicodedata.normalize("NFD", s)
    assert [normalize(t) for t in toks(nfd)] == [normalize(t) for t in toks(s)] == [
        "milosevic", "und", "dukanovic", "deja", "vu"]


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_offsets_slice_exactly_and_tokens_do_not_overlap(text):
    starts, ends, tokens = tokenize(text)
    assert [text[a:b] for a, b in zip(starts, ends)] == tokens
    assert all(b > a for a, b in zip(starts, ends))
    assert all(ends[k] <= starts[k + 1] for k in range(len(tokens) - 1))
    # whatever is between tokens holds no letter or digit that the tokenizer skipped
    covered = set()
    for a, b in zip(starts, ends):
        covered.update(range(a, b))
    assert not any(text[k].isalnum() and unicodedata.category(text[k])[0] in "LN" and k not in covered
                   for k in range(len(text)) if unicodedata.category(text[k]) in ("Lu", "Ll", "Nd"))


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("abcšćđĐ ’'ʼ-.,AZé\u0301\n")), max_size=40))
def test_norms_invariant_to_normal_form(text):
    nfc = unicodedata.normalize("NFC", text)
    nfd = unicodedata.normalize("NFD", text)
    assert [normalize(t) for t in toks(nfc)] == [normalize(t) for t in toks(nfd)]


# ------------------------------------------------------------------ encode / vocabulary (what load_corpus runs)


def test_encode_and_vocabulary_hand_counted():
    import numpy as np

    from analysis.tokens import encode, vocabulary

    s, e, codes, types = encode("Russia’s NATO — Russia and NATO.")
    assert types == ["Russia", "’s", "NATO", "and"]
    assert codes.tolist() == [0, 1, 2, 0, 3, 2] and codes.dtype == np.int8
    assert s.tolist() == [0, 6, 9, 16, 23, 27] and e.tolist() == [6, 8, 13, 22, 26, 31]
    empty = encode(" — ")
    assert empty[2].tolist() == [] and empty[3] == []
    codes, types = vocabulary([encode("b a b")[2:], empty[2:], encode("c a")[2:]])
    assert types == ["b", "a", "c"] and codes.tolist() == [0, 1, 0, 2, 1]
    many = vocabulary([encode(" ".join(f"w{k}" for k in range(200)))[2:]])
    assert many[0].dtype == np.int16 and many[0][-1] == 199


@settings(max_examples=200, deadline=None)
@given(st.lists(st.text(alphabet="ab’sZ -.é1,\u0301", max_size=40), max_size=6))
def test_vocabulary_reconstructs_every_token_in_first_appearance_order(texts):
    """Decoding the corpus codes gives back exactly ``tokenize`` of each text, in order, and
    the types are the distinct tokens in order of first appearance (as dict.fromkeys)."""
    from analysis.tokens import code_dtype, encode, vocabulary

    parts = [encode(t) for t in texts]
    for t, (s, e, c, ty) in zip(texts, parts):
        want = tokenize(t)
        assert [ty[k] for k in c.tolist()] == want[2]
        assert s.tolist() == want[0].tolist() and e.tolist() == want[1].tolist()
    codes, types = vocabulary([(c, ty) for _, _, c, ty in parts])
    every = [w for t in texts for w in tokenize(t)[2]]
    assert [types[k] for k in codes.tolist()] == every
    assert types == list(dict.fromkeys(every))
    assert codes.dtype == code_dtype(len(types))


def test_vocabulary_reads_a_shared_list_of_types_once():
    # several parts may share one list of types (documents coded into one vocabulary):
    # the corpus-wide vocabulary and codes are those of the documents coded one by one
    from analysis.tokens import encode, vocabulary

    a, b, c = encode("NATO and Russia"), encode("Russia, NATO, Serbia"), encode("Kosovo and NATO")
    one_by_one = vocabulary([(a[2], a[3]), (b[2], b[3]), (c[2], c[3])])
    ab_codes, ab_types = vocabulary([(a[2], a[3]), (b[2], b[3])])
    shared = vocabulary([(ab_codes[:3], ab_types), (ab_codes[3:], ab_types), (c[2], c[3])])
    assert shared[1] == one_by_one[1] == ["NATO", "and", "Russia", "Serbia", "Kosovo"]
    assert shared[0].tolist() == one_by_one[0].tolist() == [0, 1, 2, 2, 0, 3, 4, 1, 0]
