; Suppression directives: golangci-lint's `//nolint…` and staticcheck's
; `//lint:ignore …` / `//lint:file-ignore …`. Only these comments are kept in
; the IR; every other comment is dropped with the tree.
((comment) @directive
  (#match? @directive "^//(nolint|lint:)"))
