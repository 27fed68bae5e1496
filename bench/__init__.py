"""Benchmarks of Kongsi at scale (``make bench``); not an installed app."""
