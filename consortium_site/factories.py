import wagtail_factories

from consortium_site.models import HomePage


class HomePageFactory(wagtail_factories.PageFactory):
    title = "Library Commons"

    class Meta:
        model = HomePage
