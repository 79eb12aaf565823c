"""Design files: YAML input, strict models and validation."""
