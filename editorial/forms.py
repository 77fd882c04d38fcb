from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from wagtail.admin.forms import WagtailAdminPageForm


class InviteMemberEditorForm(forms.Form):
    email = forms.EmailField(
        label=_("Email address"),
        help_text=_("The person receives a link to choose a password; an existing account is reused."),
    )


class MemberLibraryChoicesPageForm(WagtailAdminPageForm):
    """Member library editors may name only their own library; nobody is offered others' unpublished libraries."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from editorial.roles import is_association_staff, libraries_edited_by
        from members.models import MemberLibraryPage

        user = self.for_user
        if user is None or is_association_staff(user):
            return
        own = libraries_edited_by(user)
        if "reporting_library" in self.fields:
            same_language = own.filter(locale_id=self.instance.locale_id)
            choices = same_language if same_language.exists() else own
            field = self.fields["reporting_library"]
            field.queryset = choices
            field.required = True
            field.widget = forms.Select()
            field.widget.choices = field.choices
            if self.instance.reporting_library_id is None and len(choices) == 1:
                self.initial["reporting_library"] = choices[0].pk
        if "related_member_libraries" in self.fields:
            self.fields["related_member_libraries"].queryset = MemberLibraryPage.objects.filter(
                Q(live=True) | Q(pk__in=own.values("pk"))
            )
