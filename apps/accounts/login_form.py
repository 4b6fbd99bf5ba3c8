"""The admin's sign-in form, with the brute-force throttle of apps.accounts.login_throttle.

Installed as `admin.site.login_form` in civicmind/urls.py. A locked username or address is
refused before authenticate() runs, so a correct password guessed during the lockout is
refused too, and the form says why and for how long instead of "wrong password".
"""
from django.contrib.admin.forms import AdminAuthenticationForm
from django.core.exceptions import ValidationError

from apps.accounts.login_throttle import login_failure_record, login_lockout_get, login_success_record


class ThrottledAdminAuthenticationForm(AdminAuthenticationForm):
    def clean(self):
        username = self.cleaned_data.get("username")
        if username is None or not self.cleaned_data.get("password"):
            return super().clean()  # a missing field: the form's own "required" errors
        address = self.request.META.get("REMOTE_ADDR") if self.request is not None else None
        lockout = login_lockout_get(username=username, address=address)
        if lockout is not None:
            raise ValidationError(lockout.message, code="locked")
        try:
            cleaned = super().clean()
        except ValidationError as error:
            if error.code == "invalid_login":  # wrong password, unknown user, or not staff
                started = login_failure_record(username=username, address=address)
                if started is not None:
                    raise ValidationError(started.message, code="locked") from None
            raise
        login_success_record(username=username)
        return cleaned
