"""The ledger's filters, shared by the ledger page, the API list, rates and the Excel export."""

from decimal import Decimal

import django_filters as filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from chains.enums import ChainStrategy
from chains.models import ChainLink, IndustryChain
from org.enums import UnitKind
from org.models import Unit

from .enums import Category, Light, ProjectKind, ProjectState, Source
from .models import Project
from .selectors import annotate_lights

WAN = Decimal("10000")
DATE = forms.DateInput(attrs={"type": "date"})


class WanFilter(filters.NumberFilter):
    """An amount entered in 万元, compared with the yuan stored."""

    def filter(self, qs, value):
        return super().filter(qs, None if value in (None, "") else Decimal(value) * WAN)


class LedgerOrderingFilter(filters.OrderingFilter):
    """Sorting with the id as tie-breaker, so pages never repeat or skip a row."""

    def filter(self, qs, value):
        qs = super().filter(qs, value)
        if value:
            last = value[-1]
            return qs.order_by(*qs.query.order_by, "-id" if last.startswith("-") else "id")
        return qs


class LedgerFilterForm(forms.Form):
    def __init__(self, *args, **kwargs):
        from .forms import bootstrap

        super().__init__(*args, **kwargs)
        bootstrap(self)


class ProjectFilter(filters.FilterSet):
    q = filters.CharFilter(method="filter_search", label=_("Search"))
    platform = filters.ModelChoiceFilter(
        queryset=Unit.objects.filter(kind=UnitKind.PLATFORM), label=_("platform")
    )
    industry_chain = filters.ModelChoiceFilter(
        queryset=IndustryChain.objects.all(), to_field_name="code", label=_("industry chain")
    )
    chain_strategy = filters.ChoiceFilter(
        field_name="industry_chain__strategy", choices=ChainStrategy.choices, label=_("chain strategy")
    )
    chain_link = filters.ModelChoiceFilter(
        queryset=ChainLink.objects.select_related("chain"), label=_("chain link")
    )
    category = filters.ChoiceFilter(choices=Category.choices, label=_("category"))
    kind = filters.ChoiceFilter(choices=ProjectKind.choices, label=_("project kind"))
    state = filters.MultipleChoiceFilter(choices=ProjectState.choices, label=_("state"))
    responsible_unit = filters.ModelChoiceFilter(
        queryset=Unit.objects.exclude(kind__in=[UnitKind.LEADERSHIP, UnitKind.EXPERT]),
        label=_("responsible unit"),
    )
    light = filters.ChoiceFilter(choices=Light.choices, method="filter_light", label=_("status light"))
    source = filters.ChoiceFilter(choices=Source.choices, label=_("source"))
    created_from = filters.DateFilter(
        field_name="created_at", lookup_expr="date__gte", label=_("created from"), widget=DATE
    )
    created_to = filters.DateFilter(
        field_name="created_at", lookup_expr="date__lte", label=_("created to"), widget=DATE
    )
    contract_from = filters.DateFilter(
        field_name="contract_date", lookup_expr="gte", label=_("contract date from"), widget=DATE
    )
    contract_to = filters.DateFilter(
        field_name="contract_date", lookup_expr="lte", label=_("contract date to"), widget=DATE
    )
    investment_min = WanFilter(
        field_name="total_investment", lookup_expr="gte", label=_("investment from (10k yuan)"), min_value=0
    )
    investment_max = WanFilter(
        field_name="total_investment", lookup_expr="lte", label=_("investment to (10k yuan)"), min_value=0
    )
    sort = LedgerOrderingFilter(
        fields=(
            ("name", "name"),
            ("investor_name", "investor"),
            ("state", "state"),
            ("total_investment", "investment"),
            ("land_area", "land"),
            ("contract_date", "contract_date"),
            ("next_due", "due"),
            ("created_at", "created"),
        ),
        label=_("sort by"),
    )

    class Meta:
        model = Project
        fields = []
        form = LedgerFilterForm

    def filter_search(self, queryset, name, value):
        value = (value or "").strip()
        if not value:
            return queryset
        return queryset.filter(Q(name__icontains=value) | Q(investor_name__icontains=value))

    def filter_light(self, queryset, name, value):
        if "light" not in queryset.query.annotations:
            queryset = annotate_lights(queryset)
        return queryset.filter(light=value)
