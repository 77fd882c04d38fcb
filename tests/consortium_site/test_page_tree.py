"""What can be created where: the page tree an editor sees in the admin."""

from wagtail.models import Page
from wagtail.test.utils import WagtailPageTestCase

from best_practices.models import BestPracticeArticlePage, BestPracticeIndexPage, StaffingCaseStudyPage
from consortium_site.models import HomePage
from members.models import MemberLibraryIndexPage, MemberLibraryPage

CONTENT_PAGES = (BestPracticeArticlePage, StaffingCaseStudyPage, MemberLibraryPage)


class PageTreeRulesTest(WagtailPageTestCase):
    def test_home_pages_sit_at_the_root_only(self):
        self.assertCanCreateAt(Page, HomePage)
        self.assertAllowedParentPageTypes(HomePage, {Page})

    def test_home_page_holds_the_two_index_pages_and_nothing_else(self):
        self.assertAllowedSubpageTypes(HomePage, {BestPracticeIndexPage, MemberLibraryIndexPage})
        for model in CONTENT_PAGES:
            self.assertCanNotCreateAt(HomePage, model)

    def test_articles_and_case_studies_go_under_the_best_practice_index(self):
        self.assertAllowedSubpageTypes(BestPracticeIndexPage, {BestPracticeArticlePage, StaffingCaseStudyPage})
        self.assertCanNotCreateAt(BestPracticeIndexPage, MemberLibraryPage)
        self.assertCanNotCreateAt(MemberLibraryIndexPage, BestPracticeArticlePage)
        self.assertCanNotCreateAt(MemberLibraryIndexPage, StaffingCaseStudyPage)

    def test_member_libraries_go_under_the_member_directory(self):
        self.assertAllowedSubpageTypes(MemberLibraryIndexPage, {MemberLibraryPage})
        self.assertAllowedParentPageTypes(MemberLibraryPage, {MemberLibraryIndexPage})

    def test_content_pages_are_leaves(self):
        for model in CONTENT_PAGES:
            self.assertAllowedSubpageTypes(model, set())

    def test_index_pages_cannot_be_nested_or_put_at_the_root(self):
        self.assertCanNotCreateAt(Page, BestPracticeIndexPage)
        self.assertCanNotCreateAt(BestPracticeIndexPage, BestPracticeIndexPage)
        self.assertCanNotCreateAt(MemberLibraryIndexPage, MemberLibraryIndexPage)
