// Package lib offers a hook that race builds fill.
package lib

// Hook is set in race builds.
var Hook func(int)
