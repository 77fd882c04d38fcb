"""wagtail-2fa 1.8.0 imports `wagtail.users.widgets.UserListingButton`, which Wagtail 8 removed
(labd/wagtail-2fa#283); this provides that one name as Wagtail's own ListingButton until a fixed release."""

import importlib.util
import sys
import types


def _user_listing_button(name):
    if name == "UserListingButton":
        from wagtail.admin.widgets import ListingButton

        return ListingButton
    raise AttributeError(name)


def install():
    if "wagtail.users.widgets" in sys.modules or importlib.util.find_spec("wagtail.users.widgets") is not None:
        return
    shim = types.ModuleType("wagtail.users.widgets")
    shim.__getattr__ = _user_listing_button  # resolved lazily: the app registry is not ready yet
    sys.modules["wagtail.users.widgets"] = shim
