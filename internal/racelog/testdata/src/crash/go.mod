module crash

go 1.26
