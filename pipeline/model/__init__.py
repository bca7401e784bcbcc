"""What the publications say, with no input or output: the typed model every writer reads."""
