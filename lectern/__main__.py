"""`python -m lectern`: the same command line as `lectern`."""

import sys

from .cli import main

if __name__ == "__main__":
    sys.exit(main())
