"""The admin's form for API keys: "all domains" or named domains, an expiry in the future."""
from django import forms
from django.utils import timezone

from apps.accounts.models import DOMAIN_CHOICES, ApiKey

SCOPE_REQUIRED_MESSAGE = "Choose the key's domains: tick “All domains” or at least one domain."
SCOPE_BOTH_MESSAGE = "Tick either “All domains” or some domains, not both."


class ApiKeyForm(forms.ModelForm):
    all_domains = forms.BooleanField(
        label="All domains", required=False,
        help_text="The key reaches its access level in every domain, including domains added later.")
    domains = forms.MultipleChoiceField(
        choices=DOMAIN_CHOICES, required=False, widget=forms.CheckboxSelectMultiple,
        help_text="Or the domains where the key reaches its access level.",
    )

    class Meta:
        model = ApiKey
        fields = ("name", "owner", "all_domains", "domains", "access_level", "expires_at")

    def clean_domains(self):
        return sorted(set(self.cleaned_data["domains"]))

    def clean(self):
        # Nothing ticked used to mean "every domain" without anyone choosing it: now it is an error.
        cleaned = super().clean()
        all_domains, domains = cleaned.get("all_domains"), cleaned.get("domains")
        if "domains" in cleaned and not all_domains and not domains:
            self.add_error("domains", SCOPE_REQUIRED_MESSAGE)
        elif all_domains and domains:
            self.add_error("domains", SCOPE_BOTH_MESSAGE)
        return cleaned

    def clean_expires_at(self):
        expires_at = self.cleaned_data.get("expires_at")
        changed = "expires_at" in self.changed_data
        if expires_at is not None and changed and expires_at <= timezone.now():
            raise forms.ValidationError("The expiry is already past; give a future time or leave it empty.")
        return expires_at
