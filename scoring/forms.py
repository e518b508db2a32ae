from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from chains.models import IndustryChain
from org.models import Unit
from projects.models import Project

from .enums import GROUP_UNIT_KIND

WAN = Decimal("10000")


class ChallengeForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    description = forms.CharField(
        label=_("Description"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    industry_chain = forms.ModelChoiceField(
        label=_("Target industry chain"),
        queryset=IndustryChain.objects.filter(is_active=True),
        to_field_name="code",
        empty_label=_("Any chain"),
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
