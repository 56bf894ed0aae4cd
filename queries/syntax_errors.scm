; Parse errors: tree-sitter's recovery nodes. Both become GL000 diagnostics;
; the rest of the file is still lowered.
(ERROR) @error
(MISSING) @missing
