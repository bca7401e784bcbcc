"""The command line: arguments, messages for people and scripts, and the watch loop."""
