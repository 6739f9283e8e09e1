module github.com/basehttpserver/basehttpserver

go 1.20

require (
	github.com/google/go-cmp v0.6.0
	github.com/rogpeppe/go-internal v1.12.0
)

require (
	golang.org/x/sys v0.0.0-20220722155257-8c9f86f7a55f // indirect
	golang.org/x/tools v0.1.12 // indirect
)
