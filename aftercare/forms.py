"""Forms of the request pages; the API validates its input with the same forms."""

from django import forms
from django.utils.translation import gettext_lazy as _

from org.models import Unit

from .enums import Channel, Complexity, Rating, RequestCategory, Urgency
from .models.request import MILESTONES
from .services.requests import ROUTABLE_UNIT_KINDS

DATE = forms.DateInput(attrs={"type": "date"})
YES_NO = [("yes", _("Yes")), ("no", _("No"))]


def _units():
    return Unit.objects.filter(is_active=True, kind__in=ROUTABLE_UNIT_KINDS).order_by(
        "kind", "review_order", "code"
    )


class RequestForm(forms.Form):
    project = forms.ModelChoiceField(label=_("Project"), queryset=None)
    title = forms.CharField(label=_("Title"), max_length=200)
    category = forms.ChoiceField(label=_("Category"), choices=RequestCategory.choices)
    description = forms.CharField(label=_("Description"), widget=forms.Textarea(attrs={"rows": 4}))
    blocks_milestone = forms.ChoiceField(
        label=_("Milestone it blocks"), choices=[("", _("None"))] + MILESTONES, required=False
    )
    urgency = forms.ChoiceField(label=_("Urgency"), choices=Urgency.choices, initial=Urgency.NORMAL)
    channel = forms.ChoiceField(
        label=_("Channel"), choices=[c for c in Channel.choices if c[0] != Channel.ONLINE], required=False
    )
    file = forms.FileField(label=_("Attachment"), required=False)

    def __init__(self, *args, projects, on_behalf, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["project"].queryset = projects
        only = list(projects[:2])
        if len(only) == 1:  # an enterprise with one project need not choose it
            self.fields["project"].initial = only[0].pk
        if not on_behalf:
            del self.fields["channel"]


class RouteForm(forms.Form):
    lead_unit = forms.ModelChoiceField(label=_("Lead unit"), queryset=Unit.objects.none())
    assisting_units = forms.ModelMultipleChoiceField(
        label=_("Assisting units"), queryset=Unit.objects.none(), required=False
    )
    complexity = forms.ChoiceField(
        label=_("Complexity"), choices=Complexity.choices, initial=Complexity.GENERAL
    )
    committed_date = forms.DateField(
        label=_("Committed date (complex requests)"), required=False, widget=DATE
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lead_unit"].queryset = _units()
        self.fields["assisting_units"].queryset = _units()


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}))


class NoteForm(forms.Form):
    note = forms.CharField(label=_("Note"), widget=forms.Textarea(attrs={"rows": 2}))


class OptionalNoteForm(forms.Form):
    note = forms.CharField(label=_("Note"), widget=forms.Textarea(attrs={"rows": 2}), required=False)


class AnswerForm(forms.Form):
    answer = forms.CharField(label=_("Answer to the lead unit"), widget=forms.Textarea(attrs={"rows": 2}))


class SettleForm(forms.Form):
    assignment = forms.IntegerField(widget=forms.HiddenInput)
    upheld = forms.ChoiceField(label=_("Uphold the objection?"), choices=YES_NO)
    new_unit = forms.ModelChoiceField(label=_("New unit"), queryset=Unit.objects.none(), required=False)
    note = forms.CharField(label=_("Note"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["new_unit"].queryset = _units()


class ExtensionForm(forms.Form):
    new_due = forms.DateField(label=_("New close date"), widget=DATE)
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}))


class DecideExtensionForm(forms.Form):
    extension = forms.IntegerField(widget=forms.HiddenInput)
    approve = forms.ChoiceField(label=_("Approve?"), choices=YES_NO)
    note = forms.CharField(label=_("Note"), required=False)


class ProposeForm(forms.Form):
    resolution = forms.CharField(label=_("Resolution"), widget=forms.Textarea(attrs={"rows": 3}))
    file = forms.FileField(label=_("Evidence"), required=False)


class ConfirmForm(forms.Form):
    rating = forms.TypedChoiceField(
        label=_("Your rating"),
        choices=Rating.choices,
        coerce=int,
        widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
    )
    comment = forms.CharField(label=_("Comment"), widget=forms.Textarea(attrs={"rows": 2}), required=False)


class WithdrawalAnswerForm(forms.Form):
    confirm = forms.ChoiceField(label=_("Confirm the withdrawal?"), choices=YES_NO)
    note = forms.CharField(label=_("Note"), required=False)


class PublishForm(forms.Form):
    question = forms.CharField(label=_("Question (anonymised)"), widget=forms.Textarea(attrs={"rows": 2}))
    answer = forms.CharField(label=_("Answer (anonymised)"), widget=forms.Textarea(attrs={"rows": 3}))


class AccountForm(forms.Form):
    project = forms.ModelChoiceField(label=_("Project of the company"), queryset=None)
    username = forms.CharField(label=_("Login name"), max_length=150)
    password = forms.CharField(label=_("Initial password"), widget=forms.PasswordInput, min_length=8)
    contact_name = forms.CharField(label=_("Contact person"), max_length=150)
    mobile = forms.CharField(label=_("Mobile"), max_length=20, required=False)
