import factory
import wagtail_factories

from members.models import MemberLibraryContact, MemberLibraryIndexPage, MemberLibraryPage


class MemberLibraryIndexPageFactory(wagtail_factories.PageFactory):
    title = "Member libraries"

    class Meta:
        model = MemberLibraryIndexPage


class MemberLibraryPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"University Library {n}")
    short_name = factory.Sequence(lambda n: f"UL{n}")
    country = "KZ"
    city = "Almaty"

    class Meta:
        model = MemberLibraryPage


class MemberLibraryContactFactory(factory.django.DjangoModelFactory):
    page = factory.SubFactory(MemberLibraryPageFactory)
    name = "Aigerim Nurlanovna"
    role = "Director"
    email = "director@example.edu.kz"

    class Meta:
        model = MemberLibraryContact
