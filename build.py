"""Entry point: `python build.py --help`."""

import sys

from lectern.cli import main

if __name__ == "__main__":
    sys.exit(main())
