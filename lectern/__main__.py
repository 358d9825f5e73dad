"""`python -m lectern`: the same command line as `lectern`."""

from .cli import run

if __name__ == "__main__":
    run()
