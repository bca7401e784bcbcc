"""The PDF engine: WeasyPrint made strict, bounded and reading only the project's assets."""
