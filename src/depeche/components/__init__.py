"""depeche's spaCy components: one module or folder per registered factory.

Each component reads what the components before it put on the Doc (see `depeche.docattrs`)
and adds its own record objects there; `depeche.convert` turns the Doc into an ArticleRecord.
"""
