from django import forms
from django.utils.translation import gettext_lazy as _

from community.models import Marketplace, Member
from community.roles import Role

ROLE_LABELS = [
    (Role.MEMBER.value, _("Member (seller)")),
    (Role.MENTOR.value, _("Mentor")),
    (Role.TREASURER.value, _("Treasurer")),
    (Role.LEADER.value, _("Leader / manager")),
]


class MemberRegisterForm(forms.Form):
    full_name = forms.CharField(label=_("Full name"), max_length=120)
    phone = forms.CharField(
        label=_("Phone number"),
        max_length=32,
        help_text=_("Example: 0812 3456 7890"),
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}),
    )
    username = forms.CharField(label=_("Username (to sign in)"), max_length=150)
    password = forms.CharField(
        label=_("First password"),
        max_length=128,
        widget=forms.PasswordInput(render_value=False),
        help_text=_("At least 8 letters/digits. The member can change it later."),
    )
    village = forms.CharField(label=_("Village/hamlet"), max_length=120, required=False)
    occupation = forms.CharField(label=_("Occupation"), max_length=120, required=False)
    roles = forms.MultipleChoiceField(
        label=_("Roles"),
        choices=ROLE_LABELS,
        initial=[Role.MEMBER.value],
        widget=forms.CheckboxSelectMultiple,
    )
    mentor = forms.ModelChoiceField(
        label=_("Mentor"),
        queryset=Member.objects.filter(user__groups__name=Role.MENTOR).distinct(),
        required=False,
        empty_label=_("— none yet —"),
    )


class ProfileForm(forms.Form):
    full_name = forms.CharField(label=_("Full name"), max_length=120)
    phone = forms.CharField(
        label=_("Phone number"),
        max_length=32,
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}),
    )
    village = forms.CharField(label=_("Village/hamlet"), max_length=120, required=False)
    occupation = forms.CharField(label=_("Occupation"), max_length=120, required=False)


class ShopForm(forms.Form):
    marketplace = forms.ChoiceField(label=_("Marketplace"), choices=Marketplace.choices)
    name = forms.CharField(label=_("Shop name"), max_length=120)
    url = forms.URLField(
        label=_("Shop link (optional)"),
        required=False,
        assume_scheme="https",
        widget=forms.URLInput(attrs={"inputmode": "url"}),
    )


def form_error_text(form) -> str:
    """Return a bound form's errors as one line, "Label: message" per field.

    For the small action forms (cancel, reject, untick) whose page redirects
    back and shows the problem as a message instead of re-rendering the form.
    """
    parts = []
    for name, errors in form.errors.items():
        field = form.fields.get(name)
        label = str(field.label) if field is not None and field.label else ""
        parts.extend(f"{label}: {error}" if label else str(error) for error in errors)
    return " ".join(parts)
