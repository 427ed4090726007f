"""Benchmarks: each kcdesk workload measured beside its raw limit in the same run."""
