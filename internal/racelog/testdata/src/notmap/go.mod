module notmap

go 1.26
