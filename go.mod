module github.com/structfuzz/structfuzz

go 1.24
