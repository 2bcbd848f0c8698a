"""Morocco offshoring sector statistics: ingestion, checks and marts toward the 2030 objectives."""

__version__ = "0.1.0"
