module github.com/structfuzz/structfuzz/benchmarks

go 1.24

require (
	github.com/AdaLogics/go-fuzz-headers v0.0.0-20240806141605-e8a1dd7889d6
	github.com/BurntSushi/toml v1.1.0
	github.com/goccy/go-yaml v1.12.0
	github.com/gomarkdown/markdown v0.0.0-20191123064959-2c17d62f5098
	github.com/google/gofuzz v1.2.0
	github.com/structfuzz/structfuzz v0.0.0
	github.com/structfuzz/structfuzz/examples v0.0.0
)

require (
	github.com/dvyukov/go-fuzz v0.0.0-20220726122315-1d375ef9f9f6 // indirect
	github.com/fatih/color v1.10.0 // indirect
	github.com/mattn/go-colorable v0.1.8 // indirect
	github.com/mattn/go-isatty v0.0.12 // indirect
	golang.org/x/sys v0.6.0 // indirect
	golang.org/x/xerrors v0.0.0-20200804184101-5ec99f83aff1 // indirect
)

replace (
	github.com/structfuzz/structfuzz => ../
	github.com/structfuzz/structfuzz/examples => ../examples
)
