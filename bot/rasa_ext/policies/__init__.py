"""Dialogue policies of the project."""
