module golint.test/testdata

go 1.19
