module ops

go 1.26
