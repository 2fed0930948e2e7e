package main

// Terminal manners: a run that takes more than a second says on
// stderr what it is doing, on one line that it rewrites in place and
// clears before anything else is printed; a run that is quicker, or whose
// stderr is not a terminal (CI logs, pipes, go vet wrappers), prints
// nothing. Diffs are coloured only when stdout is a terminal and NO_COLOR
// is not set. Both use isTerminal, which tests replace.

import (
	"fmt"
	"io"
	"os"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/mapfix/mapfix/pipeline"
	"github.com/urfave/cli/v2"
)

// progressDelay is how long a run goes before it shows progress. A
// variable so that tests can make every run slow.
var progressDelay = time.Second

// progressTick is how often the elapsed time on the progress line is
// brought up to date once it shows.
const progressTick = time.Second

// isTerminal reports whether w is a terminal. A character device is taken
// for one (so is /dev/null, where what is written does no harm), which
// needs no dependency beyond os. A variable so that tests can pretend.
var isTerminal = func(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	fi, err := f.Stat()
	return err == nil && fi.Mode()&os.ModeCharDevice != 0
}

// useColor reports whether output to w may be coloured: w is a terminal
// and the user has not asked for no colour (https://no-color.org: NO_COLOR
// set to anything but the empty string).
func useColor(w io.Writer) bool {
	return os.Getenv("NO_COLOR") == "" && isTerminal(w)
}

// withProgress runs a driver function, showing its stages on stderr when
// stderr is a terminal. The progress line is gone when it returns, so the
// caller's output starts on a clean line.
func withProgress(c *cli.Context, cfg pipeline.Config, run func(pipeline.Config) (*pipeline.Report, error)) (*pipeline.Report, error) {
	w := c.App.ErrWriter
	if !isTerminal(w) {
		return run(cfg)
	}
	p := newProgress(w, progressDelay)
	defer p.stop()
	cfg.Progress = p.stage
	return run(cfg)
}

// progress is the line that shows which stage a run is in and for how
// long, once the run has gone on for longer than its delay.
type progress struct {
	w     io.Writer
	start time.Time
	delay time.Duration
	timer *time.Timer // shows the line at start+delay, then every progressTick

	mu      sync.Mutex
	current string // the stage the run is in; "" before the first
	width   int    // columns written on the line since it was last cleared
	stopped bool
}

func newProgress(w io.Writer, delay time.Duration) *progress {
	p := &progress{w: w, start: time.Now(), delay: delay}
	// tick uses p.timer: hold it off until p.timer is set.
	p.mu.Lock()
	defer p.mu.Unlock()
	p.timer = time.AfterFunc(delay, p.tick)
	return p
}

// stage records that the run has entered a stage, shown at once when the
// delay is already over.
func (p *progress) stage(name string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.current = name
	if time.Since(p.start) >= p.delay {
		p.show()
	}
}

func (p *progress) tick() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.stopped {
		return
	}
	p.show()
	p.timer.Reset(progressTick)
}

// show rewrites the line in place: a carriage return, the text, and
// spaces over what is left of a longer earlier text. That needs no
// terminal escape sequences. p.mu is held.
func (p *progress) show() {
	if p.stopped || p.current == "" {
		return
	}
	line := fmt.Sprintf("mapfix: %s… %s", p.current, time.Since(p.start).Round(time.Second))
	n := utf8.RuneCountInString(line)
	fmt.Fprintf(p.w, "\r%s%s", line, strings.Repeat(" ", max(p.width-n, 0)))
	p.width = max(p.width, n)
}

// stop clears the line, if one was shown, and shows no more.
func (p *progress) stop() {
	p.timer.Stop()
	p.mu.Lock()
	defer p.mu.Unlock()
	p.stopped = true
	if p.width > 0 {
		fmt.Fprintf(p.w, "\r%s\r", strings.Repeat(" ", p.width))
		p.width = 0
	}
}
