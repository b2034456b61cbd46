"""Everything a person or another program reads: formats, words, charts, pages, workbooks, reports, review."""
