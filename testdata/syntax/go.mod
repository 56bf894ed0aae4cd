module golint.test/syntax

go 1.27
