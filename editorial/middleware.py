"""wagtail-2fa's check, only where a signed-in user can be: the admins, or a request carrying a session.

wagtail-2fa's middleware reads `request.user` on every request, which loads the session and makes
every anonymous public page `Vary: Cookie`. A request without a session cookie has no user to verify
(the session is the only way to sign in here), so outside the admins it is passed straight on; with a
session cookie (staff half-way through sign-in included) the check runs everywhere, as before.
"""

from wagtail_2fa.middleware import VerifyUserPermissionsMiddleware

from django.conf import settings

ALWAYS_CHECKED_PATHS = ("/admin/", "/django-admin/")


class StaffTwoFactorMiddleware(VerifyUserPermissionsMiddleware):
    def __call__(self, request):
        if settings.SESSION_COOKIE_NAME not in request.COOKIES and not request.path_info.startswith(
            ALWAYS_CHECKED_PATHS
        ):
            return self.get_response(request)
        return super().__call__(request)
