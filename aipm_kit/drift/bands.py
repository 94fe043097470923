"""PSI's conventional bands: stable, a moderate shift, a major shift.

The two cut-offs (``PSI_MODERATE``, ``PSI_MAJOR``) are defined once for the kit; PSI's default
alert threshold is ``PSI_MAJOR`` and the figures anchor their colour scales to the bands.
"""

from __future__ import annotations

import math

#: PSI's conventional bands, defined once for the kit: below ``PSI_MODERATE`` the population is
#: stable, from ``PSI_MODERATE`` a moderate shift worth watching, from ``PSI_MAJOR`` a major shift
#: worth acting on (the default alert threshold). Figures anchor their colour scales to them.
PSI_MODERATE = 0.1
PSI_MAJOR = 0.2
PSI_BANDS = {"stable": (0.0, PSI_MODERATE), "moderate": (PSI_MODERATE, PSI_MAJOR), "major": (PSI_MAJOR, math.inf)}


def psi_band(value: float) -> str:
    """The PSI band a value falls in: ``"stable"``, ``"moderate"`` or ``"major"``.

    Parameters
    ----------
    value : float
        A PSI value. Below :data:`PSI_MODERATE` (0.1) is stable, from 0.1 up to :data:`PSI_MAJOR` (0.2)
        moderate, from 0.2 major. NaN is refused (``ValueError``).

    Returns
    -------
    str
        ``"stable"``, ``"moderate"`` or ``"major"``.

    Examples
    --------
    >>> psi_band(0.05), psi_band(0.1), psi_band(0.25)
    ('stable', 'moderate', 'major')
    """
    if value != value:
        raise ValueError("PSI value is NaN: it has no band")
    return "stable" if value < PSI_MODERATE else "moderate" if value < PSI_MAJOR else "major"
