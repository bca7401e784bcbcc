"""Build the official publications of an office from YAML sources: PDF, Word and more.

The package is layered in the order data flows; a module imports only from its own layer
or those below it (a test checks the import graph):

    errors, files   what every layer may use: the user's errors, safe file access
    model           what the publications say: office, plans, releases, notices, brand
    read            sources on disk -> the checked model (YAML, binding, checks, schemas)
    context         what a writer is given: the project, its model, the options
    render          toolkits the writers share: HTML and CSS, the PDF engine, Word
    writers         one per edition, siblings with one lifecycle
    build           what is stale, the jobs that render it, the all-or-nothing commit
    cli             the command line, its messages, and the watch loop
"""
