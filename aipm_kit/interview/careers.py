"""Careers: roles worth joining, read from fictional job postings and team interviews.

:data:`POSITIONING` says how to position yourself by background; :data:`CAREER_FLAGS` are the green and
red flags a candidate looks for (:data:`QUESTIONS_TO_ASK` the question for each); :class:`RolePosting`
and :data:`ROLE_POSTINGS` are the kit's fictional roles, :func:`check_role_flags` checks a learner's flags
for one and :func:`score_roles` scores them all with a stated rubric.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

import pandas as pd

from ._answers import _flag_set

#: How to position yourself by background: ``key -> (background, lead with, close the gap by, evidence from the kit)``.
POSITIONING = {
    "engineer": (
        "Engineer as bridge",
        "you read a model report and a pipeline, and can say what each means for the business",
        "business framing: the cost of each error, who decides, what a launch gate asks",
        "notebook 01's gate 1 (model vs hand rule in dollars) and notebook 05's one result for five audiences",
    ),
    "pm": (
        "PM with transferable skills",
        "prioritisation, experiments, stakeholders: the job is the same, the product is uncertain",
        "the uncertainty of models: slices, intervals, drift, label delay",
        "this notebook's case (a slice with its interval) and notebook 04's A/B test, planned from a minimum effect",
    ),
    "domain_expert": (
        "Domain expert",
        "you know which errors hurt whom and what the labels really mean",
        "the model lifecycle and its vocabulary: validation, thresholds, monitoring, rollback",
        "notebook 02's label audit and ethical review, and a portfolio project near your domain",
    ),
}

#: Flags a candidate looks for in a posting and a team interview: ``key -> (kind, what it looks like)``.
CAREER_FLAGS = {
    "clear_ownership": (
        "green",
        "one named role owns the model's results after launch, with the say on launch and rollback",
    ),
    "mlops": (
        "green",
        "models reach production through a repeatable pipeline: versioned, monitored, with a rollback switch",
    ),
    "realistic_expectations": (
        "green",
        "the plan allows for data work and a baseline first, and promises nothing before the evidence is in",
    ),
    "vague_mandate": ("red", "the job is 'AI' in general: the posting names no decision, no user and no metric"),
    "siloed_data_science": ("red", "the people who build the models sit apart from product and hand models over"),
    "unknown_performance": (
        "red",
        "nobody in the room can say how well the current model performs, or how it is measured",
    ),
    "overpromising": (
        "red",
        "leaders promise what the model will do (replace people, hit a number, by a date) "
        "beyond what its measured performance supports",
    ),
}

#: The question to ask about each flag, when the posting and the interview gave no evidence either way.
QUESTIONS_TO_ASK = {
    "clear_ownership": "Who owns this model's results after launch, and who may switch it off?",
    "mlops": "How does a model get from a notebook to production, and how would you roll it back today?",
    "realistic_expectations": "What does the first quarter look like if the data turns out worse than hoped?",
    "vague_mandate": "Which decision should AI improve first, for which user, measured how?",
    "siloed_data_science": "When the model misbehaves in production, who from data science is in the room?",
    "unknown_performance": "What are the current model's precision and recall, on what data, measured when?",
    "overpromising": "What happens to the plan if the model's measured performance stays where it is today?",
}


@dataclass(frozen=True)
class RolePosting:
    """A fictional job posting with notes from the team interview, and the flags its text shows.

    ``evidence`` maps each flag the text shows to the words that show it;
    ``against`` maps a flag the text speaks against (a green flag it denies, a red one it rules out) to those words. A
    green flag not in ``evidence`` is not shown: ask about it. ``flags`` is the set of flags shown; :meth:`render`
    gives the posting and the interview notes as Markdown (shown that way in a notebook).

    Parameters
    ----------
    key : str
        The role's short name ("A", "B", ...).
    title : str
        The job title.
    company : str
        The (fictional) company.
    stage : str
        "startup" or "enterprise".
    posting : str
        The posting's text.
    interview : tuple
        The interview notes, as ``((speaker, words), ...)``.
    evidence : Mapping[str, str]
        Flag name (from :data:`CAREER_FLAGS`) -> the words that show it.
    against : Mapping[str, str], default {}
        Flag name -> the words that speak against it.

    Examples
    --------
    >>> role = RolePosting("X", "AI PM", "Examplar", "startup", "Own the churn model's launch calls.",
    ...                    (("CTO", "We ship weekly behind a flag."),), {"clear_ownership": "own the launch calls"})
    >>> sorted(role.flags)
    ['clear_ownership']
    >>> print(role.render())
    #### Role X: AI PM, Examplar (startup, fictional)
    > **Posting:** Own the churn model's launch calls.
    <BLANKLINE>
    **From the team interview:**
    - *CTO:* “We ship weekly behind a flag.”
    """

    key: str
    title: str
    company: str
    stage: str  # "startup" or "enterprise"
    posting: str
    interview: tuple  # ((speaker, words), ...)
    evidence: Mapping[str, str]
    against: Mapping[str, str] = field(default_factory=dict)

    @property
    def flags(self) -> frozenset:
        return frozenset(self.evidence)

    def render(self) -> str:
        """The posting and the interview notes as Markdown."""
        lines = [
            f"#### Role {self.key}: {self.title}, {self.company} ({self.stage}, fictional)",
            f"> **Posting:** {self.posting}",
            "",
            "**From the team interview:**",
        ]
        lines += [f"- *{who}:* \u201c{words}\u201d" for who, words in self.interview]
        return "\n".join(lines)

    def _repr_markdown_(self) -> str:
        from ..story import escape_dollars

        return escape_dollars(self.render())


#: Four roles written for the kit: the companies, people and numbers are fictional.
ROLE_POSTINGS = (
    RolePosting(
        "A",
        "Head of AI Product",
        "Crestmoor Insurance",
        "enterprise",
        "Crestmoor is putting AI at the heart of everything we do. You will own our AI vision across every line "
        "of business and find opportunities to use generative AI everywhere.",
        (
            (
                "Hiring manager",
                "Our data scientists sit in the analytics department. Product sends them requests "
                "through a ticket queue and they send back a model.",
            ),
            ("Candidate", "How well does the claims-triage model do today?"),
            ("Hiring manager", "Well, I believe. The data scientists would know; we don't track it on our side."),
        ),
        {
            "vague_mandate": "AI at the heart of everything ... generative AI everywhere",
            "siloed_data_science": "requests through a ticket queue and they send back a model",
            "unknown_performance": "the data scientists would know; we don't track it on our side",
        },
    ),
    RolePosting(
        "B",
        "AI Product Manager, Payments Risk",
        "Ledgerleaf",
        "startup",
        "You will own the fraud model's roadmap and make its launch and rollback calls, working with our ML lead. "
        "First goal: "
        "fewer false declines on card payments without letting more fraud through.",
        (
            (
                "ML lead",
                "Last month's audit sample put us at 71% precision and 58% recall. Chargeback labels take up "
                "to 90 days, so last month's recall is provisional: it counts only the fraud charged back so "
                "far.",
            ),
            (
                "CEO",
                "We expect the first quarter to go on data and on beating our rules baseline. Nothing ships that "
                "doesn't beat it.",
            ),
            ("ML lead", "Deploys are manual for now: I retrain in a notebook and copy the model file to the server."),
        ),
        {
            "clear_ownership": "own the fraud model's roadmap and make its launch and rollback calls",
            "realistic_expectations": "the first quarter goes on data and on beating the rules baseline",
        },
        {"mlops": "deploys are manual: retrain in a notebook, copy the model file to the server"},
    ),
    RolePosting(
        "C",
        "Product Manager, Triage Assistant",
        "Northway Health",
        "enterprise",
        "Own the nurse-triage assistant end to end: you are accountable for its results in the clinics and chair "
        "the go/no-go and rollback decisions with the clinical safety lead.",
        (
            (
                "Engineering manager",
                "Every model version goes through our registry and runs in shadow mode first; "
                "the monitoring dashboard pages us when input drift crosses its line, and rolling "
                "back is one command.",
            ),
            (
                "Data scientist, in the product team",
                "Last quarter we audited 1,000 calls: 400 needed urgent care "
                "and the assistant flagged 364 of them, a sensitivity of 91% "
                "(95% Wilson interval 88% to 93%). So about one urgent call in "
                "eleven still needs a nurse to catch it.",
            ),
            ("Director", "The board expects the assistant to replace first-line triage calls by the second quarter."),
        ),
        {
            "clear_ownership": "accountable for its results ... chair the go/no-go and rollback decisions",
            "mlops": "registry, shadow mode, monitoring that pages, rollback in one command",
            "overpromising": "the board expects it to replace first-line triage calls by the second quarter, while "
            "it misses about one urgent call in eleven",
        },
        {"realistic_expectations": "the board expects it to replace first-line triage calls by the second quarter"},
    ),
    RolePosting(
        "D",
        "Founding PM, Writing Copilot",
        "Quillstack",
        "startup",
        "Be the first PM on Quillstack's writing copilot for sales teams. We ship every day.",
        (
            (
                "CTO",
                "Every model version is tracked, deployed behind a feature flag and monitored for errors and "
                "latency; rolling back is one click.",
            ),
            (
                "CTO",
                "The model itself comes from an outside ML agency. They deliver a new version each quarter and we "
                "don't talk to them in between.",
            ),
            ("Candidate", "How often are the suggestions accepted today?"),
            ("CEO", "We haven't measured that yet, but the demo wows every investor."),
        ),
        {
            "mlops": "tracked versions, feature flag, monitoring, one-click rollback",
            "siloed_data_science": "an outside agency delivers a version each quarter; no contact in between",
            "unknown_performance": "we haven't measured that yet",
        },
        {"vague_mandate": "it names a product and its user: a writing copilot for sales teams"},
    ),
)


def check_role_flags(role: RolePosting, answer) -> tuple[bool, str]:
    """Compare a learner's flags for ``role`` with the ones its text shows; quote the evidence for each miss.

    A flag named but not shown is explained too: the words that speak against it, or what it would look like,
    and that it is a question to ask rather than a flag to count.

    Parameters
    ----------
    role : RolePosting
        The role the learner read (anything else is refused with a ``TypeError``).
    answer : list of str or str
        The learner's flag names from :data:`CAREER_FLAGS`, as a list or one string split on commas or
        semicolons; an unknown name is refused with a ``ValueError``.

    Returns
    -------
    tuple of (bool, str)
        Whether the answer matches the flags shown exactly, and the feedback: every flag with its evidence when
        right, every miss and every extra otherwise.

    Examples
    --------
    >>> ok, feedback = check_role_flags(ROLE_POSTINGS[1], "clear_ownership, mlops")
    >>> ok
    False
    >>> print(feedback)
    Role B: missed `realistic_expectations`: the text says “the first quarter goes on data and on beating the rules
    baseline”; `mlops` is not shown in role B: the text speaks against it (“deploys are manual: retrain in a
    notebook, copy the model file to the server”); that is a question to ask, not a flag to count.
    >>> check_role_flags(ROLE_POSTINGS[1], ["clear_ownership", "realistic_expectations"])[0]
    True
    """
    if not isinstance(role, RolePosting):
        raise TypeError(f"role must be a RolePosting, got {type(role).__name__}")
    got = _flag_set(answer, CAREER_FLAGS, "flag")
    missed, extra = sorted(role.flags - got), sorted(got - role.flags)
    if not missed and not extra:
        return True, f"Role {role.key}: " + "; ".join(f"`{f}` ({role.evidence[f]})" for f in sorted(role.flags)) + "."
    parts = [f"missed `{m}`: the text says \u201c{role.evidence[m]}\u201d" for m in missed]
    parts += [
        f"`{e}` is not shown in role {role.key}: "
        + (
            f"the text speaks against it (\u201c{role.against[e]}\u201d)"
            if e in role.against
            else f"nothing in the text shows it ({CAREER_FLAGS[e][1]})"
        )
        + "; that is a question to ask, not a flag to count"
        for e in extra
    ]
    return False, f"Role {role.key}: " + "; ".join(parts) + "."


def score_roles(roles: Iterable[RolePosting] = ROLE_POSTINGS) -> pd.DataFrame:
    """Each role's flags and its score: green flags shown minus red flags shown (the kit's rubric).

    Every flag counts one point, so the score runs from -4 (four red flags) to +3 (three green); ``to_ask``
    lists the green flags with no evidence either way, the questions for the
    next interview. The rubric is a way to read a posting, not a measured
    predictor of how a job turns out.

    Parameters
    ----------
    roles : iterable of RolePosting, default ROLE_POSTINGS
        The roles to score; anything but a :class:`RolePosting` is refused with a ``TypeError``.

    Returns
    -------
    pandas.DataFrame
        One row per role, indexed by its key, with ``company``, ``stage``, ``green``, ``red``, ``score`` and
        ``to_ask`` (the flag names joined by commas).

    Examples
    --------
    >>> score_roles()["score"].to_dict()
    {'A': -3, 'B': 2, 'C': 1, 'D': -1}
    >>> score_roles().loc["B", "to_ask"]
    'mlops'
    """
    rows = []
    for role in roles:
        if not isinstance(role, RolePosting):
            raise TypeError(f"roles must hold RolePosting objects, got {type(role).__name__}")
        greens = sorted(f for f in role.flags if CAREER_FLAGS[f][0] == "green")
        reds = sorted(f for f in role.flags if CAREER_FLAGS[f][0] == "red")
        to_ask = sorted(f for f, (kind, _) in CAREER_FLAGS.items() if kind == "green" and f not in role.flags)
        rows.append(
            {
                "role": role.key,
                "company": role.company,
                "stage": role.stage,
                "green": ", ".join(greens),
                "red": ", ".join(reds),
                "score": len(greens) - len(reds),
                "to_ask": ", ".join(to_ask),
            }
        )
    return pd.DataFrame(rows).set_index("role")
