from django import forms
from django.utils.translation import gettext_lazy as _

from org.enums import UnitKind
from org.models import Unit, User
from projects.enums import ProjectState
from projects.models import Project

from .enums import Verdict
from .models import ReviewRound


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input; each is checked by the sign service (type and size)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"class": "form-control"}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        if isinstance(data, (list, tuple)):
            return [super(MultipleFileField, self).clean(d, initial) for d in data if d]
        return [super().clean(data, initial)] if data else []


class SignForm(forms.Form):
    verdict = forms.ChoiceField(label=_("Opinion"), choices=Verdict.choices, widget=forms.RadioSelect)
    reason = forms.CharField(
        label=_("Reasons"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "class": "form-control"}),
        help_text=_("Required unless you agree."),
    )
    conditions = forms.CharField(
        label=_("Conditions"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "class": "form-control"}),
        help_text=_("Required when you agree with conditions."),
    )
    files = MultipleFileField(label=_("Attachments"), required=False)


def _x_units():
    return Unit.objects.filter(
        is_active=True,
        is_fixed_reviewer=False,
        kind__in=[UnitKind.PLATFORM, UnitKind.EXPERT, UnitKind.DEPARTMENT],
    ).order_by("kind", "review_order", "code")


class OpenRoundForm(forms.Form):
    project = forms.ModelChoiceField(
        label=_("Project"),
        queryset=Project.objects.none(),
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    extra_units = forms.ModelMultipleChoiceField(
        label=_("“X” reviewers (platform, experts, third parties)"),
        queryset=Unit.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("The 8 fixed departments and the project's platform are added automatically."),
    )
    platform_left_out_reason = forms.CharField(
        label=_("Leave the project's platform out: reason"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2, "class": "form-control"}),
        help_text=_("Only if the platform should not review this project; the reason goes into the minutes."),
    )
    expert = forms.ModelChoiceField(
        label=_("Invited expert"),
        queryset=User.objects.none(),
        required=False,
        widget=forms.Select(attrs={"class": "form-select"}),
        help_text=_("Only the invited expert sees the round."),
    )
    due = forms.DateField(
        label=_("Deadline for opinions"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date", "class": "form-control"}),
        help_text=_("Leave empty for the default number of working days."),
    )
    note = forms.CharField(
        label=_("Note to reviewers"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2, "class": "form-control"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["project"].queryset = (
            Project.objects.filter(state=ProjectState.PRE_REVIEW)
            .exclude(review_rounds__state="open")
            .select_related("platform")
            .order_by("name")
        )
        self.fields["extra_units"].queryset = _x_units()
        self.fields["expert"].queryset = User.objects.filter(
            is_active=True, unit__kind=UnitKind.EXPERT
        ).select_related("unit")

    def clean(self):
        data = super().clean()
        expert = data.get("expert")
        if expert is not None and expert.unit not in (data.get("extra_units") or []):
            data["extra_units"] = [*(data.get("extra_units") or []), expert.unit]
        return data


class TermsForm(forms.ModelForm):
    """The entry threshold, responsible unit and project deadline the round sets."""

    class Meta:
        model = ReviewRound
        fields = [
            "min_investment_intensity",
            "min_tax_per_mu",
            "max_energy_per_output",
            "project_energy_per_output",
            "environmental_limits",
            "responsible_unit",
            "project_deadline",
        ]
        widgets = {
            "min_investment_intensity": forms.NumberInput(attrs={"class": "form-control", "step": "0.01"}),
            "min_tax_per_mu": forms.NumberInput(attrs={"class": "form-control", "step": "0.01"}),
            "max_energy_per_output": forms.NumberInput(attrs={"class": "form-control", "step": "0.0001"}),
            "project_energy_per_output": forms.NumberInput(attrs={"class": "form-control", "step": "0.0001"}),
            "environmental_limits": forms.Textarea(attrs={"rows": 2, "class": "form-control"}),
            "responsible_unit": forms.Select(attrs={"class": "form-select"}),
            "project_deadline": forms.DateInput(
                attrs={"type": "date", "class": "form-control"}, format="%Y-%m-%d"
            ),
        }


class AddParticipantForm(forms.Form):
    unit = forms.ModelChoiceField(
        label=_("Reviewer unit"),
        queryset=Unit.objects.none(),
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    invitee = forms.ModelChoiceField(
        label=_("Invited person"),
        queryset=User.objects.none(),
        required=False,
        widget=forms.Select(attrs={"class": "form-select"}),
        help_text=_("For experts and third parties: only this person sees and signs."),
    )
    due = forms.DateField(
        label=_("Deadline"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date", "class": "form-control"}),
    )

    def __init__(self, *args, round=None, **kwargs):
        super().__init__(*args, **kwargs)
        units = _x_units()
        if round is not None:
            units = units.exclude(pk__in=round.opinions.values("unit_id"))
        self.fields["unit"].queryset = units
        self.fields["invitee"].queryset = User.objects.filter(
            is_active=True, unit__kind=UnitKind.EXPERT
        ).select_related("unit")


class CloseForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for closing"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2, "class": "form-control"}),
    )
