"""A check the labelling calculators share: an amount that must be a finite number >= 0 (:func:`~aipm_kit._checks.check_amount`)."""

from __future__ import annotations

from .._checks import check_amount as _amount  # noqa: F401
