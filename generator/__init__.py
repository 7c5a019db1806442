"""Synthetic source-system extracts for chainseg (``chainseg generate``).

One entry point, :func:`generate`, writes all 19 entities of sources.md in their native
formats and landing layout, with the defects of ``generator.defects`` and a manifest.
"""

from generator.core import generate

__all__ = ["generate"]
