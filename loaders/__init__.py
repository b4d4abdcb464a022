"""Read data files (a CSV folder or an .xlsx workbook), validate them into the model, write them to a store."""

from loaders.validate import InvalidData, Problem, Report, load, load_or_raise

__all__ = ["InvalidData", "Problem", "Report", "load", "load_or_raise"]
