"""One quality suite per dataset: ``<dataset>.py`` exports the factory ``<dataset>()``."""
