"""Quality gates: GX suites per dataset (``suites/``), the runner, reports and the ownership rules.

Importing this package does not import Great Expectations; only running suites does.
"""
