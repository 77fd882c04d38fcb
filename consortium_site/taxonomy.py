"""Seed rows of the shared taxonomies; names are English msgids translated in locale/.

gettext_noop marks them for makemessages; models translate them at display time.
"""

from django.utils.translation import gettext_noop as N_

SUSTAINABLE_DEVELOPMENT_GOALS = [
    (1, "no-poverty", N_("No poverty")),
    (2, "zero-hunger", N_("Zero hunger")),
    (3, "good-health", N_("Good health and well-being")),
    (4, "quality-education", N_("Quality education")),
    (5, "gender-equality", N_("Gender equality")),
    (6, "clean-water", N_("Clean water and sanitation")),
    (7, "clean-energy", N_("Affordable and clean energy")),
    (8, "decent-work", N_("Decent work and economic growth")),
    (9, "industry-innovation", N_("Industry, innovation and infrastructure")),
    (10, "reduced-inequalities", N_("Reduced inequalities")),
    (11, "sustainable-cities", N_("Sustainable cities and communities")),
    (12, "responsible-consumption", N_("Responsible consumption and production")),
    (13, "climate-action", N_("Climate action")),
    (14, "life-below-water", N_("Life below water")),
    (15, "life-on-land", N_("Life on land")),
    (16, "peace-justice", N_("Peace, justice and strong institutions")),
    (17, "partnerships", N_("Partnerships for the goals")),
]

STAFFING_CHALLENGES = [
    ("recruitment", N_("Recruitment")),
    ("retention", N_("Retention")),
    ("training", N_("Training and professional development")),
    ("workload", N_("Workload")),
    ("pay", N_("Pay and benefits")),
    ("succession", N_("Succession planning")),
    ("digital-skills", N_("Digital skills")),
    ("language-skills", N_("Language skills")),
    ("restructuring", N_("Restructuring")),
]

LIBRARY_SERVICES = [
    ("reference", N_("Reference and enquiry service")),
    ("interlibrary-loan", N_("Interlibrary loan")),
    ("digitisation", N_("Digitisation")),
    ("information-literacy", N_("Information literacy training")),
    ("research-data", N_("Research data support")),
    ("open-access", N_("Open access and repository")),
    ("plagiarism-checking", N_("Plagiarism checking")),
    ("e-resources", N_("Electronic resources")),
    ("reading-rooms", N_("Reading rooms")),
    ("accessibility", N_("Services for readers with disabilities")),
]

COLLECTION_LANGUAGES = [
    ("kk", N_("Kazakh")),
    ("ru", N_("Russian")),
    ("en", N_("English")),
    ("uz", N_("Uzbek")),
    ("ky", N_("Kyrgyz")),
    ("tg", N_("Tajik")),
    ("tk", N_("Turkmen")),
    ("tr", N_("Turkish")),
    ("de", N_("German")),
    ("fr", N_("French")),
    ("zh", N_("Chinese")),
    ("ar", N_("Arabic")),
    ("fa", N_("Persian")),
]
