#!/usr/bin/env python
"""Django's usual entry point; `roviec manage ...` does the same from any folder."""

import os
import sys

if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "roviec.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)
