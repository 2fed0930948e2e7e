package pipeline

import (
	"path/filepath"

	"github.com/mapfix/mapfix/internal/racelog"
)

// readRaceLog reads the -race-log file; a relative name is taken from the
// -C directory, as the go command does.
func readRaceLog(cfg Config) (*racelog.Log, error) {
	name := cfg.RaceLog
	if !filepath.IsAbs(name) && cfg.Load.Dir != "" {
		name = filepath.Join(cfg.Load.Dir, name)
	}
	return racelog.ReadFile(name)
}
