module jsonmap

go 1.26
