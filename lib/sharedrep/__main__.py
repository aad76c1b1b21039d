"""``python -m sharedrep ...``: see :mod:`sharedrep.cli`."""
import sys

from .cli import main

sys.exit(main())
