"""WSGI entry point for waitress (``roviec serve``) or any WSGI server."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "roviec.settings")
application = get_wsgi_application()
