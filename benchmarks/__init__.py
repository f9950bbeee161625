"""Benchmarks at national scale (issue 8): a generator of source files in the real formats
(`scale`), import throughput and memory per format (`imports`). See benchmarks/README.md."""
