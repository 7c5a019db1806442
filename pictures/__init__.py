"""Pictures and previews of the marts for the Dagster UI, drawn from the warehouse.

Dagster-free: given a DuckDB connection, ``charts`` returns PNG bytes (matplotlib, Agg
backend) and ``preview`` returns Markdown; the orchestration wraps them as materialisation
metadata. Nothing here writes to the warehouse.
"""

from pictures.charts import CHARTS, render_charts
from pictures.preview import png_markdown, preview_markdown, row_counts

__all__ = ["CHARTS", "png_markdown", "preview_markdown", "render_charts", "row_counts"]
