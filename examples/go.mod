module github.com/structfuzz/structfuzz/examples

go 1.24

require github.com/structfuzz/structfuzz v0.0.0

require github.com/dvyukov/go-fuzz v0.0.0-20220726122315-1d375ef9f9f6

replace github.com/structfuzz/structfuzz => ../
