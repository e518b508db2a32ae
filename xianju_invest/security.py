"""The Content-Security-Policy header on every response.

The portal vendors its scripts (static/vendor/) and keeps its own in static files, so scripts
come only from the portal itself: no inline `<script>`, no `on…=` attributes, no eval.
"""

from django.conf import settings


class ContentSecurityPolicyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.policy = "; ".join(f"{name} {value}" for name, value in settings.CONTENT_SECURITY_POLICY.items())

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", self.policy)
        return response
