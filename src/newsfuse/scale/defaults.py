"""What a batch run does when not told otherwise (light: the command line imports it)."""

STAGES = ("events", "summaries", "analysis")
"""How far a run goes: events only, events with summaries, or summaries and analysis too."""
DEFAULT_BLOCK_DAYS = 28.0
"""Days of publication time in each block events are grouped in."""
