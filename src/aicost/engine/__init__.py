"""The cost engine: a validated design and a price book in, an Estimate out."""
