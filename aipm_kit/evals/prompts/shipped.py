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
    """Two prompt versions, their simulated answers on the shipped cases, and the hand-labelled examples."""

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

    Examples
    --------
    >>> ps = load_prompt_set()
    >>> sorted(ps.prompts)
    ['A', 'B']
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
