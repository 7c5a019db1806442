"""chainseg package."""
