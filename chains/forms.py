from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from org.models import Unit

from .enums import TargetSource
from .models import ChainLink, IndustryChain


def bootstrap(form):
    for field in form.fields.values():
        css = "form-select" if isinstance(field.widget, forms.Select) else "form-control"
        field.widget.attrs.setdefault("class", css)


class PlatformForm(forms.Form):
    platform = forms.ModelChoiceField(
        label=_("platform"),
        queryset=Unit.objects.filter(kind="platform", industry_chains__isnull=False).distinct(),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        bootstrap(self)


class TargetImportForm(forms.Form):
    chain = forms.ModelChoiceField(
        label=_("industry chain"), queryset=IndustryChain.objects.filter(is_active=True)
    )
    name = forms.CharField(label=_("list name"), max_length=200)
    source = forms.ChoiceField(label=_("source"), choices=TargetSource.choices)
    default_link = forms.ModelChoiceField(
        label=_("link for rows that name none"),
        queryset=ChainLink.objects.select_related("chain"),
        required=False,
        help_text=_("Optional; rows may name their link or carry an industry code instead."),
    )
    default_owner = forms.ModelChoiceField(
        label=_("owner for rows that name none"),
        queryset=get_user_model()
        .objects.filter(is_active=True, groups__permissions__codename="manage_chains")
        .distinct(),
        required=False,
    )
    file = forms.FileField(
        label=_("workbook (.xlsx)"),
        help_text=_("Columns: 企业名称, 统一社会信用代码, 环节, 行业代码, 匹配理由, 负责人."),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        bootstrap(self)

    def clean(self):
        data = super().clean()
        link, chain = data.get("default_link"), data.get("chain")
        if link and chain and link.chain_id != chain.pk:
            self.add_error("default_link", _("This link belongs to another chain."))
        return data


class PlacementForm(forms.Form):
    """Put a firm or a project on a chain link by hand, or back on automatic placement."""

    link = forms.ModelChoiceField(
        label=_("chain link"),
        queryset=ChainLink.objects.none(),
        required=False,
        empty_label=_("Automatic: by industry code"),
        error_messages={"invalid_choice": _("Choose one of the listed links, or automatic placement.")},
    )
    note = forms.CharField(label=_("reason (for the audit trail)"), max_length=200, required=False)

    def __init__(self, *args, links, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["link"].queryset = links
        bootstrap(self)
