"""Quality gates: GX suites per dataset (``suites/``), the runner, reports and the ownership rules.

Importing this package does not import Great Expectations; only running suites does.
"""

import sys
import warnings

# GX imports pyspark when it is installed (the ``spark`` extra), and pyspark 4's Spark Connect
# check calls ``sys.exit(0)`` on import when ``__main__`` has neither ``__spec__`` nor
# ``__file__`` (``python -c``), taking it for a doctest run. A quality gate must never end
# with a silent exit 0, so give such a ``__main__`` a file name before GX is imported.
_main = sys.modules.get("__main__")
if (
    _main is not None
    and getattr(_main, "__spec__", None) is None
    and not hasattr(_main, "__file__")
):
    _main.__file__ = "<string>"

# ... and pyspark warns, on that same import, that it does not support pandas 3: not ours.
warnings.filterwarnings(
    "ignore", message="PySpark does not yet fully support", category=FutureWarning
)
