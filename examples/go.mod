module example.com/mapfixexamples

go 1.26
