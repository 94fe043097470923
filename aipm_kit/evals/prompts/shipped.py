"""The prompt set the course ships: two prompt versions, their simulated answers and the hand labels.

:func:`load_prompt_set` reads them from the support-eval data folder into a :class:`PromptSet`,
refusing a stored prompt whose hash does not match its text.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from .versions import PromptAnswers, PromptVersion, prompt_version


@dataclass(frozen=True)
class PromptSet:
    """Two prompt versions, their simulated answers on the shipped cases, and the hand-labelled examples.

    Made by :func:`load_prompt_set`. ``model(prompt_id)`` gives one version's answers as a
    :class:`~aipm_kit.evals.prompts.versions.PromptAnswers` the runner can score; an unknown id
    raises ``KeyError`` naming the ones there are.

    Parameters
    ----------
    prompts : Mapping of str to PromptVersion
        The versions by id.
    answers : Mapping of str to list of dict
        Each version's answer rows by prompt id (``id``, ``prompt_id``, ``prompt_hash``,
        ``response``), as :class:`~aipm_kit.evals.prompts.versions.PromptAnswers` takes them.
    labelled : pandas.DataFrame
        The hand-labelled example answers, one row each, with whether each invents a policy
        (``hallucinated``) and whether its citation holds (``citation_ok``).

    Examples
    --------
    >>> ps = load_prompt_set()
    >>> ps
    PromptSet(A@db2f4fc2913b, B@a676084b8470; 33 hand-labelled examples)
    >>> ps.model("B")
    PromptAnswers(B@a676084b8470, 150 answers)
    >>> ps.model("C")
    Traceback (most recent call last):
    ...
    KeyError: "no prompt version 'C'; have ['A', 'B']"
    """

    prompts: Mapping[str, PromptVersion]
    answers: Mapping[str, Sequence[dict]]  # prompt id -> answer rows
    labelled: Any  # DataFrame of hand-labelled examples

    def model(self, prompt_id: str) -> PromptAnswers:
        if prompt_id not in self.prompts:
            raise KeyError(f"no prompt version {prompt_id!r}; have {sorted(self.prompts)}")
        return PromptAnswers(self.prompts[prompt_id], self.answers[prompt_id])

    def __repr__(self) -> str:
        shown = ", ".join(p.label for p in self.prompts.values())
        return f"PromptSet({shown}; {len(self.labelled)} hand-labelled examples)"


def load_prompt_set() -> PromptSet:
    """The shipped prompt versions A and B (answers **simulated**) and the hand-labelled examples.

    Read from the support-eval data folder (``prompts.jsonl``, ``prompt_answers_<id>.jsonl`` and
    ``prompt_labels.jsonl``). A stored prompt whose ``hash`` is not the hash of its text raises
    ``ValueError`` naming the line.

    Returns
    -------
    PromptSet
        The two versions, 150 answers under each (one per shipped case) and the hand-labelled
        examples as a DataFrame.

    Examples
    --------
    >>> ps = load_prompt_set()
    >>> sorted(ps.prompts)
    ['A', 'B']
    >>> {pid: len(rows) for pid, rows in ps.answers.items()}
    {'A': 150, 'B': 150}
    >>> len(ps.labelled), sorted(ps.labelled.columns)[:3]
    (33, ['citation_ok', 'expected', 'hallucinated'])
    """
    import pandas as pd

    from ..cases import read_jsonl, support_eval_dir

    folder = support_eval_dir()
    prompts = {}
    for row in read_jsonl(folder / "prompts.jsonl"):
        p = prompt_version(row["id"], row["text"])
        if p.hash != row.get("hash"):
            raise ValueError(
                f"prompts.jsonl line {row['__line__']}: stored hash {row.get('hash')!r} does not "
                f"match the text ({p.hash!r})"
            )
        prompts[p.id] = p
    answers = {
        pid: [
            {k: v for k, v in r.items() if k != "__line__"} for r in read_jsonl(folder / f"prompt_answers_{pid}.jsonl")
        ]
        for pid in prompts
    }
    labelled = pd.DataFrame(
        [{k: v for k, v in r.items() if k != "__line__"} for r in read_jsonl(folder / "prompt_labels.jsonl")]
    )
    return PromptSet(prompts, answers, labelled)
