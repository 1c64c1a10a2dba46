"""messaging models."""
