"""Price data: the genai-prices catalog, user price files and inline prices."""
