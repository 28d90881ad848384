"""Routing: where a message runs (local or a cloud provider), and why."""
