module github.com/mapfix/mapfix/scripts/labelled

go 1.26.0
