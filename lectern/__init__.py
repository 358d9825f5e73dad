"""Lectern: a static bilingual reading-site generator for official documents in Chinese."""

__version__ = "0.1.0"
