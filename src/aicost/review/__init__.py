"""Cost review: compare designs between two versions and check budgets.

`discovery` turns files, directories and globs into design paths. `git` reads the base
versions from a git revision, and `pairs` matches base and head designs. `diff` prices
both sides and splits each change into its design part and its price part. `budget`
checks the limits from design files and the command line.
"""
