"""Project forms. Amounts are entered and shown in 万元 and stored in yuan."""

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from org.enums import Role, UnitKind
from org.models import Unit, User
from xianju_invest.text import validate_single_line

from .enums import DecisionOutcome, DocumentType, ProjectKind, ProjectState
from .models import Project
from .services import EDITABLE_FIELDS, TRANSITION_FIELDS

WAN = Decimal("10000")
MONEY_FIELDS = [
    "total_investment",
    "fixed_asset_investment",
    "equipment_investment",
    "contracted_investment",
    "funds_received",
    "expected_output",
    "expected_tax",
]


class WanField(forms.DecimalField):
    """Entered in 万元 (up to 6 decimals = 1 fen); cleaned to yuan."""

    def __init__(self, **kwargs):
        kwargs.setdefault("max_digits", 18)
        kwargs.setdefault("decimal_places", 6)
        kwargs.setdefault("min_value", Decimal("0"))
        super().__init__(**kwargs)

    def prepare_value(self, value):
        if isinstance(value, Decimal | int):
            return format((Decimal(value) / WAN).normalize(), "f")
        return value

    def clean(self, value):
        value = super().clean(value)
        return None if value is None else (value * WAN).quantize(Decimal("0.01"))


def bootstrap(form):
    for field in form.fields.values():
        widget = field.widget
        if isinstance(widget, forms.CheckboxInput):
            widget.attrs.setdefault("class", "form-check-input")
        elif isinstance(widget, forms.Select | forms.SelectMultiple):
            widget.attrs.setdefault("class", "form-select")
        else:
            widget.attrs.setdefault("class", "form-control")


def staff_users():
    return User.objects.filter(is_active=True, groups__name=Role.PROMOTION_STAFF).distinct().order_by("id")


def host_units():
    return Unit.objects.filter(is_active=True).exclude(kind__in=[UnitKind.LEADERSHIP, UnitKind.EXPERT])


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class ProjectForm(forms.ModelForm):
    class Meta:
        model = Project
        fields = EDITABLE_FIELDS
        widgets = {f: DateInput() for f in EDITABLE_FIELDS if f.endswith("_date") or f == "deadline"}
        labels = {
            "total_investment": _("total investment (10k yuan)"),
            "fixed_asset_investment": _("fixed-asset investment (10k yuan)"),
            "equipment_investment": _("productive equipment investment (10k yuan)"),
            "contracted_investment": _("contracted investment (10k yuan)"),
            "funds_received": _("funds actually received (10k yuan)"),
            "expected_output": _("expected annual output (10k yuan)"),
            "expected_tax": _("expected annual tax (10k yuan)"),
        }
        field_classes = {f: WanField for f in MONEY_FIELDS}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["responsible_unit"].queryset = host_units()
        self.fields["service_cadre"].queryset = staff_users()
        self.fields["platform"].queryset = Unit.objects.filter(kind=UnitKind.PLATFORM)
        self.fields["chain_link"].queryset = self.fields["chain_link"].queryset.select_related("chain")
        for name in ("total_investment", "fixed_asset_investment"):
            self.fields[name].required = True
        self.fields["kind"].required = False  # left empty: a new investment
        bootstrap(self)

    def clean_kind(self):
        return self.cleaned_data.get("kind") or ProjectKind.NEW

    def _post_clean(self):
        super()._post_clean()
        # A rejected amount leaves the old value on the instance; comparing with it only confuses.
        for field, bound in (
            ("fixed_asset_investment", "total_investment"),
            ("equipment_investment", "fixed_asset_investment"),
        ):
            if bound in self._errors and field in self._errors:
                kept = [e for e in self._errors[field].as_data() if e.code != "exceeds"]
                if kept:
                    self._errors[field] = self.error_class(kept, renderer=self.renderer)
                else:
                    del self._errors[field]


class ProjectCreateForm(ProjectForm):
    initial_state = forms.ChoiceField(
        label=_("starts as"),
        choices=[(s.value, s.label) for s in (ProjectState.LEAD, ProjectState.INTAKE)],
        initial=ProjectState.LEAD,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        bootstrap(self)


TRANSITION_FORM_FIELDS = {
    "responsible_unit": lambda: forms.ModelChoiceField(
        queryset=host_units(), label=_("responsible unit"), required=False
    ),
    "deadline": lambda: forms.DateField(label=_("deadline"), required=False, widget=DateInput()),
    "contract_date": lambda: forms.DateField(label=_("contract date"), required=False, widget=DateInput()),
    "contracted_investment": lambda: WanField(label=_("contracted investment (10k yuan)"), required=False),
    "service_cadre": lambda: forms.ModelChoiceField(
        queryset=staff_users(), label=_("service cadre"), required=False
    ),
    "land_supplied_date": lambda: forms.DateField(
        label=_("land supply date"), required=False, widget=DateInput()
    ),
    "actual_start_date": lambda: forms.DateField(
        label=_("actual start date"), required=False, widget=DateInput()
    ),
    "actual_completion_date": lambda: forms.DateField(
        label=_("actual completion date"), required=False, widget=DateInput()
    ),
    "actual_production_date": lambda: forms.DateField(
        label=_("actual production date"), required=False, widget=DateInput()
    ),
    "actual_capacity_date": lambda: forms.DateField(
        label=_("actual capacity date"), required=False, widget=DateInput()
    ),
}


class TransitionForm(forms.Form):
    """The data one step asks for; the service decides what is required."""

    note = forms.CharField(label=_("note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, project, to, **kwargs):
        super().__init__(*args, prefix=f"t-{to}", **kwargs)
        self.project, self.to = project, to
        for name in TRANSITION_FIELDS.get(to, []):
            self.fields[name] = TRANSITION_FORM_FIELDS[name]()
            self.fields[name].initial = getattr(project, name)
        self.order_fields([*TRANSITION_FIELDS.get(to, []), "note"])
        bootstrap(self)

    @property
    def label(self):
        return ProjectState(self.to).label

    def step_data(self):
        """Only what was filled in; empty fields leave the project's value as it is."""
        return {k: v for k, v in self.cleaned_data.items() if k != "note" and v not in (None, "")}


class DocumentForm(forms.Form):
    doc_type = forms.ChoiceField(label=_("document type"), choices=DocumentType.choices)
    title = forms.CharField(label=_("title"), max_length=200, validators=[validate_single_line])
    file = forms.FileField(label=_("file"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        bootstrap(self)


class TaskForceForm(forms.Form):
    lead = forms.ModelChoiceField(label=_("task force lead"), queryset=User.objects.none(), required=False)
    members = forms.ModelMultipleChoiceField(label=_("members"), queryset=User.objects.none(), required=False)
    experts = forms.ModelMultipleChoiceField(label=_("experts"), queryset=User.objects.none(), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        people = User.objects.filter(is_active=True).select_related("unit").order_by("unit__kind", "id")
        self.fields["lead"].queryset = people
        self.fields["members"].queryset = people
        self.fields["experts"].queryset = people.filter(groups__name=Role.EXPERT)
        bootstrap(self)


class DecisionForm(forms.Form):
    body = forms.ModelChoiceField(label=_("deciding body"), queryset=Unit.objects.none())
    outcome = forms.ChoiceField(label=_("decision"), choices=DecisionOutcome.choices)
    decided_on = forms.DateField(label=_("decided on"), widget=DateInput())
    note = forms.CharField(label=_("note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, bodies, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["body"].queryset = Unit.objects.filter(pk__in=[b.pk for b in bodies])
        bootstrap(self)
