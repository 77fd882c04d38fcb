from editorial import compat

# Before any app's wagtail_hooks module is imported (editorial precedes wagtail_2fa in INSTALLED_APPS).
compat.install()
