module github.com/mapfix/mapfix/bench

go 1.26.0

require (
	github.com/mapfix/mapfix v0.0.0
	github.com/orcaman/concurrent-map/v2 v2.0.1
	github.com/puzpuzpuz/xsync/v4 v4.5.0
)

replace github.com/mapfix/mapfix => ../
