#!/usr/bin/env python
"""Django's command-line utility; the installed `endorse` command does the same."""

from endorse.cli import main

if __name__ == "__main__":
    main()
