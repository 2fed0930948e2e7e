package diff

import "testing"

func TestColor(t *testing.T) {
	const (
		b = "\x1b[1m"
		c = "\x1b[36m"
		r = "\x1b[31m"
		g = "\x1b[32m"
		x = "\x1b[m"
	)
	tests := []struct{ name, in, want string }{
		{"empty", "", ""},
		{
			"one file",
			"--- a/p.go\n+++ b/p.go\n@@ -1,3 +1,3 @@\n a\n-b\n+c\n d\n",
			b + "--- a/p.go" + x + "\n" + b + "+++ b/p.go" + x + "\n" + c + "@@ -1,3 +1,3 @@" + x + "\n" +
				" a\n" + r + "-b" + x + "\n" + g + "+c" + x + "\n d\n",
		},
		{
			// "-- x" and "++ y" lines removed and added are not headers,
			// and the second file's headers are.
			"two files, header-like body lines",
			"--- a/p\n+++ b/p\n@@ -1 +1 @@\n--- x\n\\ No newline at end of file\n++++ y\n" +
				"--- /dev/null\n+++ b/q\n@@ -0,0 +1 @@\n+z\n",
			b + "--- a/p" + x + "\n" + b + "+++ b/p" + x + "\n" + c + "@@ -1 +1 @@" + x + "\n" +
				r + "--- x" + x + "\n\\ No newline at end of file\n" + g + "++++ y" + x + "\n" +
				b + "--- /dev/null" + x + "\n" + b + "+++ b/q" + x + "\n" + c + "@@ -0,0 +1 @@" + x + "\n" +
				g + "+z" + x + "\n",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Color(tt.in); got != tt.want {
				t.Errorf("Color:\n%q\nwant:\n%q", got, tt.want)
			}
		})
	}
}
