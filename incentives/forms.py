"""Reward forms. Amounts are typed in 万元 where staff expect it and cleaned to yuan."""

from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from org.enums import UnitKind
from org.models import Unit
from projects.enums import Category
from projects.forms import WanField, bootstrap

from .enums import BeneficiaryKind, InstallmentState, ObjectionOutcome, Reward

MAX_BENEFICIARIES = 6


class _Bootstrapped:
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        bootstrap(self)


class RegisterFilterForm(_Bootstrapped, forms.Form):
    reward = forms.ChoiceField(label=_("Reward"), required=False, choices=[("", "—"), *Reward.choices])
    state = forms.ChoiceField(
        label=_("State"), required=False, choices=[("", "—"), *InstallmentState.choices]
    )
    year = forms.IntegerField(label=_("Year due"), required=False, min_value=2000, max_value=2100)
    platform = forms.ModelChoiceField(
        label=_("Platform"), required=False, queryset=Unit.objects.filter(kind=UnitKind.PLATFORM)
    )
    kind = forms.ChoiceField(
        label=_("Beneficiary kind"), required=False, choices=[("", "—"), *BeneficiaryKind.choices]
    )


class FiguresForm(_Bootstrapped, forms.Form):
    fixed_asset_investment = WanField(label=_("Verified fixed-asset investment (10k yuan)"))
    equipment_investment = WanField(label=_("Verified productive equipment investment (10k yuan)"))
    land_area = forms.DecimalField(
        label=_("Verified land area (mu)"), max_digits=10, decimal_places=2, min_value=Decimal("0.01")
    )
    document = forms.FileField(label=_("Supporting document"))


class TaxForm(_Bootstrapped, forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    amount = WanField(label=_("County-retained tax (10k yuan)"))


class TaxImportForm(_Bootstrapped, forms.Form):
    file = forms.FileField(label=_("Tax bureau list (.xlsx)"))


class BeneficiaryForm(_Bootstrapped, forms.Form):
    name = forms.CharField(label=_("Name"), max_length=100, required=False)
    kind = forms.ChoiceField(label=_("Kind"), choices=BeneficiaryKind.choices, required=False)
    share = forms.DecimalField(label=_("Share (%)"), max_digits=5, decimal_places=2, required=False)
    identifier = forms.CharField(label=_("ID number or credit code"), max_length=30, required=False)
    bank_name = forms.CharField(label=_("Bank"), max_length=100, required=False)
    account = forms.CharField(label=_("Bank account"), max_length=40, required=False)


BeneficiaryFormSet = forms.formset_factory(BeneficiaryForm, extra=0, max_num=MAX_BENEFICIARIES, min_num=1)


class PayForm(_Bootstrapped, forms.Form):
    paid_on = forms.DateField(label=_("Paid on"), widget=forms.DateInput(attrs={"type": "date"}))
    voucher_no = forms.CharField(label=_("Voucher number"), max_length=40)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["paid_on"].initial = timezone.localdate()


class NoteForm(_Bootstrapped, forms.Form):
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class WithdrawForm(_Bootstrapped, forms.Form):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}))


class AdjustmentForm(_Bootstrapped, forms.Form):
    amount = forms.DecimalField(label=_("Amount (yuan; negative to reduce)"), max_digits=16, decimal_places=2)
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}))


class ObjectionForm(_Bootstrapped, forms.Form):
    name = forms.CharField(label=_("Your name"), max_length=60)
    contact = forms.CharField(label=_("How to reach you"), max_length=100)
    text = forms.CharField(label=_("Objection"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))


class ResolveForm(_Bootstrapped, forms.Form):
    outcome = forms.ChoiceField(
        label=_("Outcome"), choices=[c for c in ObjectionOutcome.choices if c[0] != ObjectionOutcome.OPEN]
    )
    resolution = forms.CharField(label=_("Resolution"), widget=forms.Textarea(attrs={"rows": 2}))


class WhatIfForm(_Bootstrapped, forms.Form):
    total_investment = WanField(label=_("Total investment (10k yuan)"))
    fixed_asset_investment = WanField(label=_("Fixed-asset investment (10k yuan)"))
    equipment_investment = WanField(label=_("Productive equipment investment (10k yuan)"), required=False)
    land_area = forms.DecimalField(
        label=_("Land (mu)"), max_digits=10, decimal_places=2, min_value=Decimal("0.01")
    )
    intensity_threshold = forms.DecimalField(
        label=_("Intensity threshold (10k yuan per mu)"),
        max_digits=10,
        decimal_places=2,
        min_value=0,
        required=False,
        help_text=_("Empty: the version's default."),
    )
    expected_tax = WanField(label=_("Expected retained tax a year (10k yuan)"), required=False)
    category = forms.ChoiceField(label=_("Category"), choices=Category.choices, initial=Category.INDUSTRIAL)
    version = forms.ModelChoiceField(label=_("Policy version"), queryset=None, empty_label=None)

    def __init__(self, *args, **kwargs):
        from .models import PolicyVersion

        super().__init__(*args, **kwargs)
        self.fields["version"].queryset = PolicyVersion.objects.order_by("-effective_from")

    def clean(self):
        data = super().clean()
        total, fai = data.get("total_investment"), data.get("fixed_asset_investment")
        if total is not None and fai is not None and fai > total:
            raise ValidationError(_("Fixed-asset investment cannot exceed the total investment."))
        equipment = data.get("equipment_investment")
        if equipment is not None and fai is not None and equipment > fai:
            raise ValidationError(_("Equipment investment cannot exceed the fixed-asset investment."))
        return data
