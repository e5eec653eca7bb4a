"""Login throttling backend.

django-axes refuses to authenticate without a request. Every login over the
network (the login page, the API token endpoint) passes one and is throttled;
only in-process callers such as the test client's ``login()`` come without,
and have no address to lock out, so they fall through to the model backend.
"""

from axes.backends import AxesStandaloneBackend


class ThrottledLoginBackend(AxesStandaloneBackend):
    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)
