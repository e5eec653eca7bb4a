"""Set up Django for subcommands that need the database."""

import os


def setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "roviec.settings")
    import django

    django.setup()
