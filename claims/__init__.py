"""claims: a credibility tracker for conflicting claims. The floors, bottom to top: basics, figures,
extraction, rules, readers, storage, operations, output, cli; each imports only its own floor and those below."""
