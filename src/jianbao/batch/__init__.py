"""Batch runs over many pages: local worker processes or Spark, resumable by shard markers.

inputs.py lists the pages, shards.py cuts and writes a shard, local.py and spark.py run the shards,
dedup.py finds near-duplicate articles, output.py writes the final tables, report.py the run report,
run.py ties them together and commands.py is ``jianbao batch``.
"""

from jianbao.batch.run import BatchOptions, run_batch

__all__ = ["BatchOptions", "run_batch"]
