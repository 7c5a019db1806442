"""Decision support over the warehouse: service-level what-if scenarios (``decisions.whatif``).

Dagster-free, so the command line and the Dagster asset call the same functions.
"""
