"""Publishing an analysis: :func:`check_publishable`, the kit's checklist for a draft write-up.

It reads the draft's words: simulated data named, no employer or personal data, intervals and a baseline
beside every percentage, limitations stated, and (on request) a decision with its reason and a comparison
at the same alert volume.
"""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd


def check_publishable(
    draft: str,
    *,
    uses_simulated_data: bool,
    employer_terms: Iterable[str] = (),
    require_decision: bool = False,
    require_same_volume: bool = False,
) -> pd.DataFrame:
    """Check a draft write-up against the kit's publishing checklist; one row per check.

    1. *simulated named*: when the analysis ran on simulated data, the draft says "simulated";
    2. *no employer data*: none of ``employer_terms`` (your employer's or clients' names,
       internal system names) appears, case-insensitive;
    3. *no personal data*: no e-mail address and no identifier of eight or more digits;
    4. *intervals named*: every sentence that quotes a percentage names a 90% or 95% interval
       in that sentence, unless it is the sentence that states the baseline;
    5. *baseline named*: a draft that quotes a percentage names the trivial baseline (the word
       "baseline") it compares with;
    6. *limitations stated*: the draft has a limitation (the word "limitation");
    7. *decision stated* (only with ``require_decision=True``): one sentence names the decision (the word
       "decision", "decide" or "recommend") and gives its reason in the same sentence (the word "because");
    8. *compared at the same volume* (only with ``require_same_volume=True``, for alerting models compared
       with a rule or another model): the draft says it compared them at the same alert volume (the words
       "same alert volume", "same volume" or "same number of alerts"). It reads words: a draft that says
       the volumes differ and compares anyway still needs a reader.

    Parameters
    ----------
    draft : str
        The draft's text (anything else is refused with a ``TypeError``).
    uses_simulated_data : bool
        Whether the analysis ran on simulated data.
    employer_terms : iterable of str, default ()
        Names that must not appear; one string instead of a list is refused with a ``TypeError``.
    require_decision : bool, default False
        Add the *decision stated* check (as the first row).
    require_same_volume : bool, default False
        Add the *compared at the same volume* check (as the last row).

    Returns
    -------
    pandas.DataFrame
        One row per check, indexed by its name, with ``passes`` (bool) and ``why`` (what was found).

    Examples
    --------
    >>> t = check_publishable("Simulated data. 61% recall (95% interval 52% to 70%). Baseline: 1% at random. "
    ...                       "Limitations: one seed.", uses_simulated_data=True)
    >>> bool(t["passes"].all())
    True
    >>> bool(check_publishable("Simulated. 61% recall (95% interval 52% to 70%); precision 68%. Baseline 1%. "
    ...                        "Limitation: one seed.", uses_simulated_data=True).loc["intervals named", "passes"])
    True
    >>> bool(check_publishable("Simulated. 61% recall (95% interval 52% to 70%). Precision was 68%. Baseline 1%. "
    ...                        "Limitation: one seed.", uses_simulated_data=True).loc["intervals named", "passes"])
    False
    >>> bool(check_publishable("Decision: ship it, because it beats the rule. Limitation: one seed.",
    ...                        uses_simulated_data=False, require_decision=True).loc["decision stated", "passes"])
    True
    >>> bool(check_publishable("Recall 61% against the rule's 8% (95% interval on each). Baseline: the rule. "
    ...                        "Limitation: one seed.", uses_simulated_data=False,
    ...                        require_same_volume=True).loc["compared at the same volume", "passes"])
    False
    >>> check_publishable("Acme's fraud model: 61% recall.", uses_simulated_data=False,
    ...                   employer_terms=["Acme"]).loc["no employer data", "why"]
    'mentions “Acme”'
    """
    import re

    if not isinstance(draft, str):
        raise TypeError(f"draft must be text, got {type(draft).__name__}")
    if isinstance(employer_terms, str):
        raise TypeError("employer_terms must be a list of names, not one string")
    low = draft.lower()
    found = [t for t in employer_terms if str(t).strip() and str(t).strip().lower() in low]
    percent = re.compile(r"\d\s?%")
    has_percent = bool(percent.search(draft))
    sentences = [x for x in re.split(r"(?<=[.!?])\s+", draft) if percent.search(x)]
    interval = re.compile(r"\b(90|95)\s?%[^.]{0,30}interval", flags=re.IGNORECASE)
    bare = [x for x in sentences if not interval.search(x) and "baseline" not in x.lower()]
    has_baseline = "baseline" in low
    personal = re.findall(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+|\b\d{8,}\b", draft)

    def quoted(items):
        return ", ".join(f"\u201c{x}\u201d" for x in items)

    def short(text, limit=60):
        text = text.strip()
        return text if len(text) <= limit else text[:limit].rsplit(" ", 1)[0] + " \u2026"

    rows = [
        (
            "simulated named",
            not uses_simulated_data or "simulated" in low,
            "the analysis used simulated data; the draft must say so" if uses_simulated_data else "no simulated data",
        ),
        ("no employer data", not found, f"mentions {quoted(found)}" if found else "no employer or client names found"),
        (
            "no personal data",
            not personal,
            f"found {quoted(personal)}" if personal else "no e-mail addresses or long IDs",
        ),
        (
            "intervals named",
            not bare,
            f"a percentage with no 90% or 95% interval beside it: {quoted([short(bare[0])])}"
            if bare
            else "every sentence that quotes a percentage names a 90% or 95% interval"
            if has_percent
            else "no percentages",
        ),
        (
            "baseline named",
            not has_percent or has_baseline,
            "names the trivial baseline it compares with"
            if has_percent and has_baseline
            else "quotes results with no trivial baseline beside them"
            if has_percent
            else "no percentages",
        ),
        (
            "limitations stated",
            "limitation" in low,
            "says what the analysis cannot tell" if "limitation" in low else "no limitations section",
        ),
    ]
    if require_decision:
        decided = [
            x
            for x in re.split(r"(?<=[.!?])\s+", draft)
            if re.search(r"\b(decision|decided?|recommend\w*)\b", x, flags=re.IGNORECASE)
        ]
        reasoned = [x for x in decided if re.search(r"\bbecause\b", x, flags=re.IGNORECASE)]
        rows.insert(
            0,
            (
                "decision stated",
                bool(reasoned),
                "states a decision and its reason in one sentence"
                if reasoned
                else "names a decision but no reason ('because') beside it"
                if decided
                else "no decision ('decision', 'decide' or 'recommend')",
            ),
        )
    if require_same_volume:
        same = bool(re.search(r"\bsame (alert )?volume\b|\bsame number of alerts\b", draft, flags=re.IGNORECASE))
        rows.append(
            (
                "compared at the same volume",
                same,
                "compares at the same alert volume"
                if same
                else "no comparison at the same alert volume ('same volume' or 'same number of alerts')",
            )
        )
    return pd.DataFrame(rows, columns=["check", "passes", "why"]).set_index("check")
