"""What customers write, read as plain Python: model numbers, dates, fire reports."""
