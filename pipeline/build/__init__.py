"""The build: decide what is stale, render it in jobs, commit all-or-nothing, record it.

stages   the build as a list of named stages (check, load, plan, render, commit)
state    what the last good build made from what (a cache, never an authority)
jobs     independent work dealt to the machine's cores
commit   the write-ahead journal that puts outputs in place all-or-nothing
lock     one build at a time per output folder
report   what a build did
"""
