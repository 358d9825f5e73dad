"""Entry point from a checkout: `python3 build.py --help`, the same as `lectern --help`.

The project is the folder this file lives in (its content/, templates/ and assets/), wherever it is run from.
"""

from pathlib import Path

from lectern.cli import run

if __name__ == "__main__":
    run(root=Path(__file__).resolve().parent)
