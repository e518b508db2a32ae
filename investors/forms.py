"""Investor, contact, interaction, origin and ceremony forms; amounts entered in 万元."""

from django import forms
from django.utils.translation import gettext_lazy as _

from projects.enums import SIGNED_STATES, ProjectState
from projects.forms import DateInput, WanField, bootstrap, staff_users
from projects.models import Project

from .enums import SourceKind
from .models import Investor, Source


class InvestorForm(forms.ModelForm):
    id_number = forms.CharField(label=_("ID number"), max_length=30, required=False)
    mobile = forms.CharField(label=_("mobile"), max_length=20, required=False)

    class Meta:
        model = Investor
        fields = [
            "kind",
            "name",
            "credit_code",
            "is_local",
            "industry_code",
            "platform",
            "local_since",
            "source",
            "industry",
            "city",
            "hometown",
            "note",
        ]
        widgets = {"local_since": DateInput()}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["source"].queryset = Source.objects.filter(is_active=True)
        if self.instance.pk:
            # Identifiers are never sent back to the browser: leave empty to keep them.
            self.fields["id_number"].help_text = self.instance.id_number_masked
            self.fields["mobile"].help_text = self.instance.mobile_masked
        bootstrap(self)

    def service_data(self):
        data = {k: self.cleaned_data[k] for k in self.Meta.fields}
        for secret in ("id_number", "mobile"):
            if self.cleaned_data.get(secret):
                data[secret] = self.cleaned_data[secret].strip()
        return data

    def _post_clean(self):
        # The service validates the instance (and refuses a second record of the same company).
        pass


class ContactForm(forms.Form):
    name = forms.CharField(label=_("name"), max_length=60)
    title = forms.CharField(label=_("title"), max_length=60, required=False)
    mobile = forms.CharField(label=_("mobile"), max_length=20, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        bootstrap(self)


INTERACTION_FIELDS = [
    "kind",
    "date",
    "project",
    "place_kind",
    "outpost",
    "place",
    "attendees",
    "outcome",
    "next_step",
    "next_step_due",
    "expanding",
    "downsizing",
    "moving_away",
    "supplier_needs",
]


class InteractionForm(forms.Form):
    kind = forms.ChoiceField(label=_("kind"), choices=[])
    date = forms.DateField(label=_("date"), widget=DateInput())
    project = forms.ModelChoiceField(label=_("project"), queryset=Project.objects.none(), required=False)
    place_kind = forms.ChoiceField(label=_("where"), choices=[])
    outpost = forms.ModelChoiceField(
        label=_("outpost office"), queryset=Source.objects.none(), required=False
    )
    place = forms.CharField(label=_("place"), max_length=200, required=False)
    attendees = forms.CharField(
        label=_("attendees"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    outcome = forms.CharField(label=_("outcome"), widget=forms.Textarea(attrs={"rows": 3}))
    next_step = forms.CharField(label=_("next step"), max_length=200, required=False)
    next_step_due = forms.DateField(label=_("next step due"), widget=DateInput(), required=False)
    expanding = forms.BooleanField(label=_("plans to expand"), required=False)
    downsizing = forms.BooleanField(label=_("downsizing"), required=False)
    moving_away = forms.BooleanField(label=_("may move away"), required=False)
    supplier_needs = forms.BooleanField(label=_("needs suppliers"), required=False)

    def __init__(self, *args, projects=None, **kwargs):
        from .enums import InteractionKind, PlaceKind

        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = InteractionKind.choices
        self.fields["place_kind"].choices = PlaceKind.choices
        self.fields["outpost"].queryset = Source.objects.filter(kind=SourceKind.OUTPOST, is_active=True)
        if projects is None:
            del self.fields["project"]
        else:
            self.fields["project"].queryset = projects
        bootstrap(self)


class OriginForm(forms.Form):
    source = forms.ModelChoiceField(label=_("source"), queryset=Source.objects.none(), required=False)
    introduced_by = forms.ModelChoiceField(
        label=_("introduced by (local firm)"), queryset=Investor.objects.none(), required=False
    )
    owner = forms.ModelChoiceField(label=_("lead owner"), queryset=staff_users(), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["source"].queryset = Source.objects.filter(is_active=True)
        self.fields["introduced_by"].queryset = Investor.objects.filter(is_local=True)
        self.fields["owner"].queryset = staff_users()
        bootstrap(self)


class CeremonyForm(forms.Form):
    name = forms.CharField(label=_("name"), max_length=200)
    date = forms.DateField(label=_("date"), widget=DateInput())
    place = forms.CharField(label=_("place"), max_length=200, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        bootstrap(self)


class ListingForm(forms.Form):
    project = forms.ModelChoiceField(label=_("project"), queryset=Project.objects.none())
    amount = WanField(label=_("signed amount (10k yuan)"), required=False)
    relisting = forms.BooleanField(
        label=_("Listed again: already signed, this ceremony signs nothing"), required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Awaiting signing, or signed already (listed again).
        self.fields["project"].queryset = Project.objects.filter(
            state__in=[ProjectState.DECISION, *SIGNED_STATES]
        ).order_by("name")
        bootstrap(self)
