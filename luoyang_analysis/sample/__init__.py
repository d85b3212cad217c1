"""The illustrative sample delivery (示例数据): generated, never official statistics.

``python -m luoyang_analysis.sample data/raw/sample`` writes it. May import the
catalogue and the deliveries' data contract.
"""

from luoyang_analysis.sample.generator import DEFAULT_SEED, generate, main, to_csv_bytes, write

__all__ = ["DEFAULT_SEED", "generate", "main", "to_csv_bytes", "write"]
