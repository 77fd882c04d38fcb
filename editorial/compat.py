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


def two_factor_login_view():
    """wagtail-2fa's code form relies on django-otp guessing the device, which django-otp 1.7.5 stopped
    doing ("Please select a device"); this form names the user's TOTP device (the only kind wagtail-2fa makes)."""
    from django_otp.plugins.otp_totp.models import TOTPDevice
    from wagtail_2fa.forms import TokenForm
    from wagtail_2fa.views import LoginView

    from django.core.exceptions import ValidationError

    class DeviceNamingTokenForm(TokenForm):
        def clean(self):
            refusal = ValidationError(self.otp_error_messages["invalid_token"], code="invalid_token")
            for device in TOTPDevice.objects.devices_for_user(self.user, confirmed=True):
                self.cleaned_data["otp_device"] = device.persistent_id
                try:
                    self.clean_otp(self.user)
                except ValidationError as error:
                    refusal = error
                else:
                    return self.cleaned_data
            raise refusal

    return LoginView.as_view(form_class=DeviceNamingTokenForm)
