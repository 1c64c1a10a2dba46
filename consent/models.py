"""consent models."""
