"""The support note: what customers and the review team will see week to week, and when to escalate.

The escalation lines are :func:`~aipm_kit.communicate.rollback.flag_count_lines`, set from the weekly count's own
noise like the rollback line.
"""

from __future__ import annotations

from ._common import _sim
from .result import ModelResult
from .rollback import flag_count_lines


def support_note(result: ModelResult) -> str:
    """What customers and the review team will see, week to week, and when to escalate.

    The escalation lines come from :func:`flag_count_lines`: a healthy week's
    count of flags lands outside them only by chance, about as rarely as a
    healthy week trips the rollback line. With ``band_reviews_per_week`` set, the
    queue counts the borderline payments reviewed after they go through as well;
    with ``assumed_inputs``, the review minutes are called assumed.

    Parameters
    ----------
    result : ModelResult
        A result, as :func:`summarise_fraud_result` builds it.

    Returns
    -------
    str
        The support note as one Markdown paragraph, headed ``**Support.**`` (``(simulated data)`` added for a
        simulated result).

    Examples
    --------
    >>> from aipm_kit.communicate import ModelResult
    >>> r = ModelResult.example()
    >>> print(support_note(r))
    **Support.** Expect about 200 flagged payments a week under the model (the rules flag 500). ...
    Escalate to the fraud team if a week shows fewer than 165 or more than 237 flags: a week at the model's
    expected rate lands outside these lines by chance in 1.0% of weeks.
    """
    r = result
    lines = flag_count_lines(max(r.alerts_per_week, 1e-9))
    queue = (
        f"{r.low_confidence_per_week:,.0f} a week are borderline and go to the manual queue, at {'an assumed' if r.assumed_inputs else 'about'} "
        f"{r.review_minutes_per_alert:.0f} minutes each."
        if r.band_reviews_per_week <= 0
        else f"The review queue holds the flagged payments plus {r.band_reviews_per_week:,.0f} borderline payments a "
        f"week that are not held but reviewed after they go through: {r.alerts_per_week:,.1f} + "
        f"{r.band_reviews_per_week:,.1f} = {r.reviews_per_week:,.1f} reviews a week before rounding "
        f"(under {r.baseline_name}, {r.baseline_alerts_per_week:,.0f}), at {'an assumed' if r.assumed_inputs else 'about'} "
        f"{r.review_minutes_per_alert:.0f} minutes each."
    )
    return (
        f"**Support{_sim(r)}.** Expect about {r.alerts_per_week:,.0f} flagged payments a week under the model "
        f"({r.baseline_name} flag {r.baseline_alerts_per_week:,.0f}). Each flagged payment is put on hold until a "
        f"reviewer checks it; the model never declines one on its own. About {r.false_flags_per_week:,.0f} a week "
        f"will be genuine customers, so tell a flagged customer the payment is on hold for a check, never that they "
        f"are suspected of fraud. {queue} Escalate to the fraud team if a week "
        f"shows fewer than {lines.low} or more than {lines.high} flags: a week at the model's expected rate lands outside "
        f"these lines by chance in {lines.chance:.1%} of weeks."
    )
