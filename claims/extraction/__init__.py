"""Finding claims in documents: sentences, speakers, attribution, candidate claims. Rules without I/O."""
