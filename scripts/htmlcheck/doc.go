// Package htmlcheck holds the browser test of mapfix check -html: a page
// is only as good as what a browser makes of it, so the test opens the
// pages of the bundled examples and of a module with every kind of fix in
// a headless Chromium and asserts what a reader would see. It is a module
// of its own so that mapfix's go.mod does not carry the browser driver.
//
//	cd scripts/htmlcheck && go test ./...
//
// The test skips, saying so, when no Chromium is installed (apt-get
// install chromium, or CHROME=/path/to/chrome). With
// -screenshot=../../docs/check-html.png it also saves a picture of the
// examples' page, the one the README shows.
package htmlcheck
