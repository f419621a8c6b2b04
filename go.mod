module jixiao

go 1.26.8

require (
	github.com/alecthomas/kong v1.17.0
	github.com/goccy/go-yaml v1.19.2
	github.com/shopspring/decimal v1.6.0
)
