"""Response headers that Django 5.2 does not set by itself: CSP, Permissions-Policy, no-store."""

# No inline script or style, no third-party host: every asset is served from the portal itself.
CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)
PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()"


class SecurityHeadersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        response.headers.setdefault("Cross-Origin-Resource-Policy", "same-origin")
        # Only look at a user the view already loaded: touching the session here would add
        # "Vary: Cookie" to public pages and defeat their caching.
        user = getattr(request, "_cached_user", None)
        if user is not None and user.is_authenticated:
            # Pages behind a login are never stored by a browser or proxy.
            response.headers["Cache-Control"] = "no-store, private"
        return response
