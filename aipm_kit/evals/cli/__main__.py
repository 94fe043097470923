"""``python -m aipm_kit.evals.cli ...``: the same as ``aipm eval ...``."""

import sys

if __name__ == "__main__":  # pragma: no cover - only when run with python -m (importing it does nothing)
    from . import main

    sys.exit(main())
