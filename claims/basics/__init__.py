"""The ground floor: the vocabulary of enums, errors, dates, near spellings. Imports nothing of the project."""
