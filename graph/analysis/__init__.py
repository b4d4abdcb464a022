"""Analyses: plain functions over store views that return small typed results."""
