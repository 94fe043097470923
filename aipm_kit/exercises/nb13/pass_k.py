"""pass^k: one task's pass^k computed by hand (exercise 1), and which k the business needs (exercise 3).

Also the reader of a ``"pass^4"`` answer, so the notebook can take the gate again at the learner's k.
"""

from __future__ import annotations

import math

from .. import _as_number, choice, numeric


def pass_hat_by_hand(*, task_id: str, n: int, c: int, k: int, kit_value: float | None = None):
    """Exercise 1: pass^k of one task from its ``n`` trials and ``c`` successes, C(c, k) / C(n, k).

    The answer is accepted within 0.0005. When the task failed at least once, three slips get feedback of
    their own (each only when it differs from the right value): ``(c / n) ** k``, pass@k and pass^1.

    Parameters
    ----------
    task_id : str
        The task's id, for the prompt.
    n : int
        The task's trials.
    c : int
        Its successes, ``0 <= c <= n``.
    k : int
        How many trials must all succeed, ``1 <= k <= n``.
    kit_value : float, optional
        The kit's ``pass_hat_k`` on the same counts, quoted in the solution.

    Returns
    -------
    Exercise
        A ``"by-hand"`` numeric exercise whose ``check`` takes pass^k.

    Raises
    ------
    ValueError
        When ``n``, ``c`` or ``k`` is not an int or out of range.

    Examples
    --------
    >>> q = pass_hat_by_hand(task_id="T008", n=8, c=6, k=4)
    >>> q.check(15 / 70)
    [1 · pass^k of one task, by hand] Correct: 0.2143 is right.
    >>> q.check(0.75**4)
    [1 · pass^k of one task, by hand] Not yet: That is (6/8)^4, the task's success rate to the power 4: ...
    >>> pass_hat_by_hand(task_id="T008", n=4, c=5, k=2)
    Traceback (most recent call last):
    ...
    ValueError: need whole numbers with 0 <= c <= n and 1 <= k <= n, got n=4, c=5, k=2
    """
    if not (isinstance(n, int) and isinstance(c, int) and isinstance(k, int)) or not 0 <= c <= n or not 1 <= k <= n:
        raise ValueError(f"need whole numbers with 0 <= c <= n and 1 <= k <= n, got n={n}, c={c}, k={k}")
    right = math.comb(c, k) / math.comb(n, k)
    wrong = []
    if c < n:
        wrong.append(
            (
                (c / n) ** k,
                f"That is ({c}/{n})^{k}, the task's success rate to the power {k}: it treats the "
                f"{n} trials as if they could be drawn again and again. The unbiased estimate asks "
                f"how many of the ways to pick {k} of the {n} trials pick only successes: "
                f"C({c}, {k}) / C({n}, {k}).",
            )
        )
        wrong.append(
            (
                1 - math.comb(n - c, k) / math.comb(n, k),
                f"That is pass@{k}, the chance that at least one of {k} trials succeeds. pass^{k} asks that "
                f"all {k} succeed.",
            )
        )
        wrong.append((c / n, f"That is pass^1, the task's success rate ({c} of {n}). pass^{k} asks for {k} in a row."))
    wrong = [(w, text) for w, text in wrong if abs(w - right) > 5e-4]
    kit = "" if kit_value is None else f" The kit's `pass_hat_k` gives {kit_value:.4f}."
    return numeric(
        "1 · pass^k of one task, by hand",
        f"Task {task_id} succeeded in {c} of its {n} trials (simulated, agent v1). Compute its pass^{k}, the chance "
        f"that {k} trials of this task all succeed, with `math.comb` (not `pass_hat_k`), then compare it with the "
        f"kit's `scoring.pass_hat_k(n={n}, c={c}, k={k})`.",
        right,
        atol=5e-4,
        practice="by-hand",
        wrong_answers=wrong,
        hints=[
            f"Pick {k} of the {n} trials at random, without putting any back. In how many of the C({n}, {k}) "
            f"ways are all {k} picked trials successes?",
            f"`math.comb({c}, {k}) / math.comb({n}, {k})`",
        ],
        solution=lambda: (
            f"C({c}, {k}) / C({n}, {k}) = {math.comb(c, k)} / {math.comb(n, k)} = {right:.4f}.{kit} "
            f"A task that succeeds {c / n:.0%} of the time gets {k} in a row right only {right:.0%} of "
            "the time: consistency falls much faster than the success rate."
        ),
    )


def business_k(
    *,
    days_between: int,
    trials: int,
    horizon_days: int = 91,
    person_cost: float | None = None,
    wrong_cost: float | None = None,
):
    """Exercise 3: which measure, at which k, the gate holds the agent to when a customer's request recurs.

    A customer brings the same request about every ``days_between`` days and is lost after one bad answer;
    the business judges its support over ``horizon_days`` (a quarter). The customer meets the agent about
    K = round(horizon_days / days_between) times, so the chance that all of them go right is pass^K.
    pass^k for a larger k (at most ``trials``) is stricter, so defensible; pass^1, pass^(K-1) and pass@K are
    not what the customer lives through. The prompt gives the business facts, never K itself.

    Parameters
    ----------
    days_between : int
        Days between a customer's requests; positive.
    trials : int
        Trials per task in the run: the largest k it measures, and at least K.
    horizon_days : int, default 91
        The days over which the business judges its support; positive.
    person_cost : float, optional
        Dollars a person's handling of a request costs, quoted in the prompt.
    wrong_cost : float, optional
        Dollars the clean-up of a wrong refund or change costs, quoted in the prompt.

    Returns
    -------
    Exercise
        A ``"decision"`` choice among ``"pass^1"``, ``"pass^K"``, ``"pass@K"`` and, where they differ,
        ``"pass^(K-1)"`` and ``"pass^trials"``.

    Raises
    ------
    ValueError
        When a count of days is not positive, or K is below 2 or above ``trials``.

    Examples
    --------
    >>> q = business_k(days_between=30, trials=8)
    >>> list(q.options)
    ['pass^1', 'pass^2', 'pass^3', 'pass@3', 'pass^8']
    >>> sorted(k for k in q.options if q.check(k).correct)
    ['pass^3', 'pass^8']
    """
    days_between, trials, horizon_days = int(days_between), int(trials), int(horizon_days)
    if days_between <= 0 or horizon_days <= 0:
        raise ValueError("days_between and horizon_days must be positive")
    K = round(horizon_days / days_between)
    if not 2 <= K <= trials:
        raise ValueError(
            f"{horizon_days} / {days_between} days gives k = {K}, which must lie between 2 and trials ({trials})"
        )
    visits = horizon_days / days_between
    options = {"pass^1": "the chance that one request is handled right (the success rate)"}
    if K - 1 >= 2:
        options[f"pass^{K - 1}"] = f"the chance that all {K - 1} tries at the same request succeed"
    options[f"pass^{K}"] = f"the chance that all {K} tries at the same request succeed"
    options[f"pass@{K}"] = f"the chance that at least one of {K} tries at the same request succeeds"
    if trials > K:
        options[f"pass^{trials}"] = f"the chance that all {trials} tries succeed (the most these trials measure)"
    accepted = {f"pass^{K}"} | ({f"pass^{trials}"} if trials > K else set())
    feedback = {
        "pass^1": (
            f"Not enough: pass^1 is the share of single requests done right. A request every {days_between} "
            f"days is about {visits:.1f} requests in {horizon_days} days, so the customer meets the agent "
            f"{K} times, and one bad answer loses them; a task that succeeds 90% of the time gets {K} in a "
            f"row right only {0.9**K:.0%} of the time."
        ),
        f"pass@{K}": (
            f"Wrong direction: pass@{K} rewards an agent that gets it right once in {K} tries. It fits a "
            "user who can retry and check the result (say, code that must pass its tests); a support "
            "customer does not retry a wrongful refund, and every one of their requests can go wrong."
        ),
        f"pass^{K}": (
            f"Right: {horizon_days} / {days_between} days is about {visits:.1f}, so the customer meets the "
            f"agent {K} times a quarter and must be served right every time; the gate asks for pass^{K}, "
            f"the chance that {K} trials of the same task all succeed."
        ),
    }
    if K - 1 >= 2:
        feedback[f"pass^{K - 1}"] = (
            f"One short: {horizon_days} / {days_between} days is about {visits:.1f} requests, so the customer meets "
            f"the agent {K} times a quarter, and the {K}th bad answer loses them just as the first would."
        )
    if trials > K:
        feedback[f"pass^{trials}"] = (
            f"Defensible but stricter: pass^{trials} covers customers who come back {trials} times, more than the "
            f"{K} a request every {days_between} days gives. It is lower and, resting on fewer ways to pick the "
            "trials, has a wider interval; the gate keeps the same bar at the k you pick, so it is harder to clear."
        )
    return choice(
        "3 · Which k does the business need?",
        f"Suppose (assumptions made for this scenario, `DAYS_BETWEEN_REQUESTS`; there is no ticket history here) "
        f"that a customer who writes in comes back with the same request about every {days_between} days, and that "
        f"the store judges its support over a quarter ({horizon_days} days). One wrong answer is enough for that "
        "customer to stop trusting the agent and phone instead: every later request then takes a person's time"
        + ("" if person_cost is None else f" (about ${person_cost:,.2f} each)")
        + ", and a wrong refund or change "
        "also costs its clean-up" + ("" if wrong_cost is None else f" (about ${wrong_cost:,.0f})") + ". "
        "Which measure should the release gate hold the agent to? "
        f"(This run has {trials} trials per task.)",
        options,
        accepted,
        feedback=feedback,
        practice="decision",
        hints=[
            "Does the customer need one success among several tries, or every try to succeed?",
            "How many times does the customer meet the agent in a quarter?",
        ],
        solution=lambda: f"pass^{K}: " + feedback[f"pass^{K}"],
    )


def k_of(answer) -> int:
    """The k of a ``"pass^4"`` answer (for the notebook's gate at the learner's k).

    Parameters
    ----------
    answer : str
        The learner's answer to :func:`business_k`, such as ``"pass^4"`` (quotes and spaces around it are
        dropped).

    Returns
    -------
    int
        The number after the ``^``.

    Raises
    ------
    ValueError
        When the answer holds no ``^`` (a ``pass@k`` answer, say).

    Examples
    --------
    >>> k_of("pass^4")
    4
    >>> k_of("pass@3")
    Traceback (most recent call last):
    ...
    ValueError: not a pass^k answer: 'pass@3'
    """
    text = str(answer).strip().strip("'\"")
    if "^" not in text:
        raise ValueError(f"not a pass^k answer: {answer!r}")
    return int(_as_number(text.split("^", 1)[1]))
