from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from org.models import Unit
from projects.enums import IndustryChain
from projects.models import Project

from .enums import GROUP_UNIT_KIND

WAN = Decimal("10000")


class ChallengeForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    description = forms.CharField(
        label=_("Description"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    industry_chain = forms.ChoiceField(
        label=_("Target industry chain"),
        choices=[("", _("Any chain")), *IndustryChain.choices],
        required=False,
    )
    min_investment_wan = forms.DecimalField(
        label=_("Minimum total investment (10k yuan)"),
        min_value=0,
        max_digits=12,
        decimal_places=2,
        initial=0,
    )
    deadline = forms.DateField(label=_("Challenge deadline"), widget=forms.DateInput(attrs={"type": "date"}))
    bonus = forms.DecimalField(
        label=_("Bonus points"), min_value=Decimal("0.01"), max_digits=6, decimal_places=2
    )

    def service_kwargs(self):
        data = dict(self.cleaned_data)
        data["min_investment"] = data.pop("min_investment_wan") * WAN
        return data


class LinkProjectForm(forms.Form):
    project = forms.ModelChoiceField(label=_("Linked project"), queryset=Project.objects.none())

    def __init__(self, *args, unit=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["project"].queryset = Project.objects.filter(responsible_unit=unit).order_by("name")


class AdjustmentForm(forms.Form):
    unit = forms.ModelChoiceField(
        label=_("Unit"), queryset=Unit.objects.filter(kind__in=GROUP_UNIT_KIND.values(), is_active=True)
    )
    on = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    points = forms.DecimalField(label=_("Points"), max_digits=8, decimal_places=2)
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}))


def scored_units():
    return Unit.objects.filter(kind__in=GROUP_UNIT_KIND.values(), is_active=True).order_by("kind", "code")


class CreditForm(forms.Form):
    """One credited unit and its share; a blank row is left out."""

    unit = forms.ModelChoiceField(label=_("Unit"), queryset=Unit.objects.none(), required=False)
    share_percent = forms.DecimalField(
        label=_("Share (%)"), max_digits=5, decimal_places=2, min_value=Decimal("0.01"), required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = scored_units()
        self.fields["unit"].widget.attrs["class"] = "form-select form-select-sm"
        self.fields["share_percent"].widget.attrs.update(
            {"class": "form-control form-control-sm", "step": "0.01"}
        )

    def clean(self):
        data = super().clean()
        unit, share = data.get("unit"), data.get("share_percent")
        if unit and share is None and "share_percent" not in self.errors:
            self.add_error("share_percent", _("Give this unit's share."))
        if share is not None and not unit:
            self.add_error("unit", _("Choose the unit this share goes to."))
        return data


class BaseCreditFormSet(forms.BaseFormSet):
    def clean(self):
        if any(self.errors):
            return
        seen = set()
        for form in self.forms:
            unit = form.cleaned_data.get("unit")
            if unit in seen:
                raise forms.ValidationError(
                    _("%(unit)s is listed twice; give each unit one row.") % {"unit": unit}
                )
            if unit:
                seen.add(unit)

    def shares(self):
        """{unit: percent} of the filled rows, for services.credits_set."""
        return {
            f.cleaned_data["unit"]: f.cleaned_data["share_percent"]
            for f in self.forms
            if f.cleaned_data.get("unit")
        }


CreditFormSet = forms.formset_factory(
    CreditForm, formset=BaseCreditFormSet, extra=3, max_num=20, validate_max=True
)
