module example.com/sample

go 1.24

require (
	github.com/dvyukov/go-fuzz v0.0.0-20220726122315-1d375ef9f9f6
	github.com/structfuzz/structfuzz v0.0.0
)

replace github.com/structfuzz/structfuzz => ../../../..
