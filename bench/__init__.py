"""Benchmarks (`make bench` / `python -m bench`): scripts that print a table; never tests."""
