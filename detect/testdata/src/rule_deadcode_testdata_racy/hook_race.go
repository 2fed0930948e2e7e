//go:build race

package main

import _ "corpus/src/rule_deadcode_testdata_racy/testdata/hook"
