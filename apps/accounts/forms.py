"""The admin's form for API keys: domains as checkboxes, an expiry in the future."""
from django import forms
from django.utils import timezone

from apps.accounts.models import DOMAIN_CHOICES, ApiKey


class ApiKeyForm(forms.ModelForm):
    domains = forms.MultipleChoiceField(
        choices=DOMAIN_CHOICES, required=False, widget=forms.CheckboxSelectMultiple,
        help_text="The domains where the key reaches its access level; none ticked means every domain.",
    )

    class Meta:
        model = ApiKey
        fields = ("name", "owner", "domains", "access_level", "expires_at")

    def clean_domains(self):
        return sorted(set(self.cleaned_data["domains"]))

    def clean_expires_at(self):
        expires_at = self.cleaned_data.get("expires_at")
        changed = "expires_at" in self.changed_data
        if expires_at is not None and changed and expires_at <= timezone.now():
            raise forms.ValidationError("The expiry is already past; give a future time or leave it empty.")
        return expires_at
