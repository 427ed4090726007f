"""The one thing pyproject.toml cannot say: the top-level resources/ folder (fonts, forms,
places, rules, translations, icons) is installed as the package ``kcdesk.resources``.
Everything else is in pyproject.toml."""

from setuptools import find_packages, setup

setup(
    packages=[*find_packages(include=["kcdesk", "kcdesk.*"]), "kcdesk.resources"],
    package_dir={"kcdesk.resources": "resources"},
)
