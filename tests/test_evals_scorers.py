"""Scorers against independent implementations (rouge-score, scikit-learn, SQuAD's script) and hand cases."""

from __future__ import annotations

import collections
import re
import string

import numpy as np
import pytest

from aipm_kit.evals import scorers as S
from aipm_kit.evals.cases import load_support_eval


def _pairs():
    se = load_support_eval()
    from aipm_kit.evals.adapters import RecordedModel

    pairs = []
    for _version, path in se.responses.items():
        model = RecordedModel(path)
        for case in se.cases:
            text = model(case).text
            if isinstance(text, str):
                pairs.append((text, case.reference))
    rng = np.random.default_rng(0)
    vocab = [
        "the",
        "refund",
        "30",
        "days",
        "Café",
        "naïve",
        "$9.99",
        "don't",
        "e-mail",
        "ÆØÅ",
        "x",
        "—",
        "日本",
        "a1b2",
        "_under_",
    ]
    for _ in range(300):
        a = " ".join(rng.choice(vocab, size=rng.integers(0, 14)))
        b = " ".join(rng.choice(vocab, size=rng.integers(0, 14)))
        pairs.append((a, b))
    pairs += [("", "x"), ("x", ""), ("", ""), ("!!!", "???"), ("İstanbul", "istanbul")]
    return pairs


PAIRS = _pairs()


def test_rouge_l_equals_rouge_score_exactly():
    from rouge_score import rouge_scorer

    ref = rouge_scorer.RougeScorer(["rougeL"])
    assert len(PAIRS) > 700
    for response, reference in PAIRS:
        theirs = ref.score(reference, response)["rougeL"]
        p, r, f = S.rouge_l_scores(response, reference)
        assert (p, r, f) == (theirs.precision, theirs.recall, theirs.fmeasure), (response, reference)
        assert S.rouge_l(response, reference).value == theirs.fmeasure


def test_rouge_tokens_equal_rouge_score_tokenizer():
    from rouge_score import tokenize

    for response, reference in PAIRS:
        for text in (response, reference):
            assert S.rouge_tokens(text) == tokenize.tokenize(text, None), text


def test_rouge_l_with_several_references_matches_score_multi():
    from rouge_score import rouge_scorer

    ref = rouge_scorer.RougeScorer(["rougeL"])
    for i in range(0, len(PAIRS) - 2, 7):
        response = PAIRS[i][0]
        targets = [PAIRS[i][1], PAIRS[i + 1][1], PAIRS[i + 2][0]]
        assert S.rouge_l(response, targets).value == ref.score_multi(targets, response)["rougeL"].fmeasure


def test_rouge_tokenisation_drops_non_ascii_and_unicode_option_keeps_it():
    from rouge_score import rouge_scorer

    ref = rouge_scorer.RougeScorer(["rougeL"])
    assert ref.score("cafe", "Café")["rougeL"].fmeasure == 0.0  # the documented quirk
    assert S.rouge_l("Café", "cafe").value == 0.0
    assert S.rouge_tokens("Café au lait") == ["caf", "au", "lait"]
    assert S.rouge_l("Café", "cafe", tokenizer="unicode", fold_accents=True).value == 1.0
    assert S.rouge_l("Café", "café", tokenizer="unicode").value == 1.0
    assert S.rouge_l("Café", "cafe", tokenizer="unicode").value == 0.0  # accents kept unless folded
    assert S.rouge_l("日本 東京", "日本 大阪", tokenizer="unicode").value == pytest.approx(0.5)
    assert S.rouge_l("日本 東京", "日本 大阪").value == 0.0
    with pytest.raises(ValueError, match="tokenizer"):
        S.rouge_l("a", "a", tokenizer="whitespace")


def _lcs_table(a, b):
    t = [[0] * (len(b) + 1) for _ in range(len(a) + 1)]
    for i in range(1, len(a) + 1):
        for j in range(1, len(b) + 1):
            t[i][j] = t[i - 1][j - 1] + 1 if a[i - 1] == b[j - 1] else max(t[i - 1][j], t[i][j - 1])
    return t[-1][-1]


def test_bit_parallel_lcs_equals_dynamic_programming():
    rng = np.random.default_rng(1)
    for _ in range(400):
        a = list(rng.choice(list("abcde"), size=rng.integers(0, 80)))
        b = list(rng.choice(list("abcdef"), size=rng.integers(0, 80)))
        assert S.lcs_length(a, b) == _lcs_table(a, b)
    assert S.lcs_length(list("ABCBDAB"), list("BDCABA")) == 4  # the textbook example


# SQuAD v1.1's official evaluation functions, written out independently here.
def _squad_normalize(s):
    def remove_articles(text):
        return re.sub(r"\b(a|an|the)\b", " ", text)

    def white_space_fix(text):
        return " ".join(text.split())

    def remove_punc(text):
        exclude = set(string.punctuation)
        return "".join(ch for ch in text if ch not in exclude)

    return white_space_fix(remove_articles(remove_punc(s.lower())))


def _squad_f1(prediction, ground_truth):
    p = _squad_normalize(prediction).split()
    g = _squad_normalize(ground_truth).split()
    common = collections.Counter(p) & collections.Counter(g)
    same = sum(common.values())
    if same == 0:
        return 0
    precision, recall = same / len(p), same / len(g)
    return (2 * precision * recall) / (precision + recall)


def test_token_f1_and_exact_match_follow_squad():
    for response, reference in PAIRS[:600]:
        assert S.token_f1(response, reference).value == pytest.approx(_squad_f1(response, reference), abs=1e-12)
        assert S.exact_match(response, reference).passed == (_squad_normalize(response) == _squad_normalize(reference))
    # hand case: pred {cat, sat} vs gold {cat, sat, down}: P=1, R=2/3, F1=0.8
    assert S.token_f1("The cat sat.", "a cat sat down").value == pytest.approx(0.8)
    assert S.token_f1("x", ["nope", "x"]).value == 1.0
    assert S.exact_match("  The Answer!", "answer").passed


def test_includes_respects_word_boundaries_and_lists():
    assert S.includes("Refunds take 5-7 business days.", ["5 to 7 business days", "5-7 business days"]).passed
    assert not S.includes("It costs $19.99 a month", "$9.99").passed
    assert not S.includes("It costs 19.99 a month", "9.99").passed
    assert S.includes("It costs 9.99.", "9.99").passed
    assert S.includes("RETURN WITHIN 30 DAYS", "30 days").passed
    assert S.includes("won\u2019t", "won't").passed
    s = S.includes("nothing here", ["a", "b"])
    assert not s.passed and "missing" in s.reason and s.value == 0.0


def test_regex_numeric_and_concise_hand_cases():
    assert S.regex_match("Order A-1234 shipped", r"[A-Z]-\d{4}").passed
    assert not S.regex_match("no order", [r"\d+"]).passed
    with pytest.raises(ValueError, match="regular expression"):
        S.regex_match("x", "(")
    assert S.numeric_close("That is $1,204.50 in total", 1204.5).passed
    assert S.numeric_close("about 7 days", "5 days", abs_tol=2).passed
    assert not S.numeric_close("about 7 days", "5 days", abs_tol=1).passed
    assert S.numeric_close("grew 10.4%", 10, rel_tol=0.05).passed
    assert not S.numeric_close("no numbers", 3).passed
    with pytest.raises(ValueError, match="no number"):
        S.numeric_close("5", "five")
    with pytest.raises(TypeError):
        S.numeric_close("5", True)
    assert S.concise("one two three", max_words=3).passed
    c = S.concise("one two three four", max_words=2)
    assert not c.passed and c.value == 0.5


def test_json_schema_checks_parse_and_schema():
    schema = {"type": "object", "properties": {"refund": {"type": "number"}}, "required": ["refund"]}
    assert S.json_schema('{"refund": 12.5}', schema).passed
    bad = S.json_schema('{"refund": "lots"}', schema)
    assert not bad.passed and "refund" in bad.reason
    broken = S.json_schema('{"refund": ', schema)
    assert not broken.passed and "not valid JSON" in broken.reason
    assert S.json_schema('{"refund": 1}', '{"type": "object"}').passed
    with pytest.raises(ValueError, match="JSON Schema"):
        S.json_schema("{}", {"type": 12})


def test_tfidf_cosine_equals_scikit_learn():
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.metrics.pairwise import cosine_similarity

    for response, reference in PAIRS[:200]:
        ours = S.tfidf_cosine(response, reference).value
        docs = [response, reference]
        try:
            X = TfidfVectorizer().fit_transform(docs)
            theirs = float(cosine_similarity(X[0], X[1])[0, 0])
        except ValueError:  # empty vocabulary
            theirs = 0.0
        assert ours == pytest.approx(theirs, abs=1e-12)
    corpus = [r for _, r in PAIRS[:150]]
    model = S.TfidfModel(corpus)
    vec = TfidfVectorizer().fit(corpus)
    for response, reference in PAIRS[150:200]:
        X = vec.transform([response, reference])
        assert model.cosine(response, reference) == pytest.approx(float(cosine_similarity(X[0], X[1])[0, 0]), abs=1e-12)
    assert model.scorer(threshold=0.0)("a b", "a b").passed


def test_scores_refuse_bad_input():
    with pytest.raises(TypeError, match="response must be a string"):
        S.rouge_l(None, "x")
    with pytest.raises(TypeError, match="response must be a string"):
        S.includes(42, "x")
    with pytest.raises(TypeError, match="expected"):
        S.includes("x", [])
    with pytest.raises(TypeError, match="expected"):
        S.exact_match("x", 3)
    with pytest.raises(ValueError, match="NaN"):
        S.Score(float("nan"), False, "x")


def test_scorer_helper_fixes_options_and_names_them():
    strict = S.scorer(S.rouge_l, threshold=0.9)
    assert strict.__name__ == "rouge_l(threshold=0.9)"
    assert not strict("a b c", "a b d").passed


def test_embedding_similarity_is_optional():
    if S.semantic_available():
        pytest.importorskip("sentence_transformers")
        pytest.skip("semantic extra installed; model weights are not downloaded in tests")
    with pytest.raises(ImportError, match="semantic"):
        S.embedding_similarity("a", "b")
