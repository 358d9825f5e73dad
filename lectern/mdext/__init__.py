"""markdown-it-py extensions, one per file, in the mdit-py-plugins shape."""
