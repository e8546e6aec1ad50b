module github.com/structfuzz/structfuzz/tools

go 1.26.0

require (
	github.com/AdamKorcz/go-118-fuzz-build v0.0.0-20250520111509-a70c2aa677fa
	github.com/dvyukov/go-fuzz v0.0.0-20220726122315-1d375ef9f9f6
)

require (
	golang.org/x/mod v0.42.0 // indirect
	golang.org/x/sync v0.24.0 // indirect
	golang.org/x/tools v0.52.0 // indirect
)
