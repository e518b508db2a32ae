from decimal import Decimal

from captcha.fields import CaptchaField, CaptchaTextInput
from django import forms
from django.utils.translation import gettext_lazy as _

from org.enums import UnitKind
from org.models import Unit
from projects.enums import ProjectState
from projects.models import Project
from xianju_invest.text import validate_single_line

from .models import Referral
from .permissions import HOST_UNIT_KINDS
from .validators import attachment_max_count, validate_attachment

WAN = Decimal("10000")


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    widget = MultipleFileInput

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else ([data] if data else [])
        if len(files) > attachment_max_count():
            raise forms.ValidationError(
                _("At most %(n)d files may be attached.") % {"n": attachment_max_count()}
            )
        errors = []
        for upload in files:
            super().clean(upload, initial)
            try:
                validate_attachment(upload)
            except forms.ValidationError as exc:
                errors.extend(f"{upload.name}: {m}" for m in exc.messages)
        if errors:
            raise forms.ValidationError(errors)
        return list(files)


class ReferralForm(forms.ModelForm):
    """The public form. Investment is typed in 万元 and stored in yuan."""

    intended_investment_wan = forms.DecimalField(
        label=_("Intended investment (10,000 yuan)"),
        required=False,
        min_value=0,
        max_digits=12,
        decimal_places=2,
        widget=forms.NumberInput(attrs={"inputmode": "decimal", "step": "0.01"}),
    )
    attachments = MultipleFileField(
        label=_("Attachments"),
        required=False,
        help_text=_("Up to 3 files: pdf, jpg, png, doc(x), xls(x); 5 MB each."),
    )
    privacy_consent = forms.BooleanField(
        label=_("I have read the privacy notice above and agree to the processing it describes."),
        required=True,
        error_messages={"required": _("You must agree to the privacy notice to submit.")},
    )
    # Honeypot: hidden from people, filled by naive bots.
    website = forms.CharField(required=False, label=_("Leave this field empty"))

    class Meta:
        model = Referral
        fields = [
            "referrer_kind",
            "referrer_name",
            "referrer_mobile",
            "referrer_email",
            "referrer_organisation",
            "company_name",
            "company_credit_code",
            "industry",
            "description",
            "company_contact",
            "declared_not_official",
            "declared_not_investor",
        ]
        labels = {
            "declared_not_official": _(
                "I am not acting in my duty as staff of a government body, public institution or "
                "state-owned enterprise."
            ),
            "declared_not_investor": _("I am not the investor, nor one of its controllers."),
        }
        widgets = {
            "referrer_mobile": forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "tel"}),
            "referrer_email": forms.EmailInput(attrs={"autocomplete": "email"}),
            "referrer_name": forms.TextInput(attrs={"autocomplete": "name"}),
            "description": forms.Textarea(attrs={"rows": 4}),
            "company_credit_code": forms.TextInput(attrs={"autocapitalize": "characters"}),
        }
        help_texts = {
            "company_credit_code": _("Optional; 18 characters, on the business licence."),
            "description": _("What the company plans, and how you know of it."),
        }

    def __init__(self, *args, captcha=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["declared_not_official"].required = True
        self.fields["declared_not_investor"].required = True
        self.order_fields([*self.Meta.fields[:8], "intended_investment_wan", *self.Meta.fields[8:]])
        for field in self.fields.values():
            if not isinstance(field.widget, forms.CheckboxInput):
                field.widget.attrs.setdefault("class", "form-control")
        self.fields["referrer_kind"].widget.attrs["class"] = "form-select"
        self.fields["industry"].widget.attrs["class"] = "form-select"
        self.fields["industry"].queryset = self.fields["industry"].queryset.filter(is_active=True)
        self.fields["industry"].empty_label = _("Other / not sure")
        self.fields["website"].widget.attrs.update({"autocomplete": "off", "tabindex": "-1"})
        if captcha:
            self.fields["captcha"] = CaptchaField(
                label=_("Captcha"),
                help_text=_("Type the answer to the sum in the picture."),
                widget=CaptchaTextInput(attrs={"class": "form-control", "autocomplete": "off"}),
            )

    def clean_website(self):
        if self.cleaned_data.get("website"):
            raise forms.ValidationError(_("This field must be left empty."))
        return ""

    def service_data(self):
        data = {k: v for k, v in self.cleaned_data.items() if k in self.Meta.fields}
        wan = self.cleaned_data.get("intended_investment_wan")
        data["intended_investment"] = (wan * WAN).quantize(Decimal("0.01")) if wan is not None else None
        data["privacy_consent"] = self.cleaned_data.get("privacy_consent")
        return data


class StatusForm(forms.Form):
    tracking_code = forms.CharField(
        label=_("Tracking code"), max_length=64, widget=forms.TextInput(attrs={"class": "form-control"})
    )
    mobile_last4 = forms.RegexField(
        label=_("Last 4 digits of your mobile number"),
        regex=r"^\d{4}$",
        max_length=4,
        error_messages={"invalid": _("Enter 4 digits.")},
        widget=forms.TextInput(attrs={"class": "form-control", "inputmode": "numeric"}),
    )


class AcceptForm(forms.Form):
    state = forms.ChoiceField(
        label=_("Enter the ledger as"),
        choices=[(s.value, s.label) for s in (ProjectState.LEAD, ProjectState.INTAKE)],
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    project_name = forms.CharField(
        label=_("Project name"),
        max_length=200,
        validators=[validate_single_line],
        required=False,
        widget=forms.TextInput(attrs={"class": "form-control"}),
    )
    platform = forms.ModelChoiceField(
        label=_("Platform"),
        queryset=Unit.objects.filter(kind=UnitKind.PLATFORM),
        required=False,
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    responsible_unit = forms.ModelChoiceField(
        label=_("Responsible (host) unit"),
        queryset=Unit.objects.filter(kind__in=HOST_UNIT_KINDS),
        required=False,
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    note = forms.CharField(
        label=_("Note"),
        required=False,
        max_length=1000,
        widget=forms.TextInput(attrs={"class": "form-control"}),
    )


class MergeForm(forms.Form):
    project = forms.ModelChoiceField(
        label=_("Project"),
        queryset=Project.objects.active().order_by("name"),
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    note = forms.CharField(
        label=_("Note"),
        required=False,
        max_length=1000,
        widget=forms.TextInput(attrs={"class": "form-control"}),
    )


class RejectForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason (the referrer sees it)"),
        max_length=1000,
        widget=forms.Textarea(attrs={"class": "form-control", "rows": 2}),
    )
