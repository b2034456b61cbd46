"""What a claim is and how claims compare: models, voices, track records, truth discovery, comparison. No I/O."""
