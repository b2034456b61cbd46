"""The only floor that speaks SQL: the engines, their dialects and migrations, one store that
writes and one module that reads."""
