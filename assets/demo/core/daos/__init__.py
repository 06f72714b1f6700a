"""Data access objects: the only code that queries the models."""
