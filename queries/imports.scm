; Import specs: the optional local name and the path.
(import_spec
  name: (_)? @name
  path: (_) @path) @spec
