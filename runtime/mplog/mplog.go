// Package mplog is the multiprocessing logger of a procstar process: the
// logger scripts get from get_logger() and that the runtime reports process
// starts and exits to.
package mplog

import (
	"fmt"
	"io"
	"sync"
)

// Levels, as Python's logging module numbers them.
const (
	NOTSET   = 0
	DEBUG    = 10
	INFO     = 20
	WARNING  = 30
	ERROR    = 40
	CRITICAL = 50
)

// LevelName returns Python's name of a level.
func LevelName(level int) string {
	switch level {
	case DEBUG:
		return "DEBUG"
	case INFO:
		return "INFO"
	case WARNING:
		return "WARNING"
	case ERROR:
		return "ERROR"
	case CRITICAL:
		return "CRITICAL"
	}
	return fmt.Sprintf("Level %d", level)
}

// Logger is Python's multiprocessing logger: silent until log_to_stderr()
// attaches the stderr handler, then it prints "[LEVEL/ProcessName] message".
type Logger struct {
	mu      sync.Mutex
	w       io.Writer
	level   int // NOTSET means WARNING, as Python's root logger
	enabled bool
}

// New returns a logger that writes to w once enabled.
func New(w io.Writer) *Logger { return &Logger{w: w} }

// ToStderr enables the handler (log_to_stderr) and, if level > 0, sets it.
func (l *Logger) ToStderr(level int) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.enabled = true
	if level > 0 {
		l.level = level
	}
}

// Inherit sets up a child's logger from its parent's Enabled: the handler
// if the parent had it, and the parent's level either way (as CPython's
// spawn passes log_level whenever the parent's logger exists).
func (l *Logger) Inherit(enabled bool, level int) {
	if enabled {
		l.ToStderr(level)
	} else if level > 0 {
		l.SetLevel(level)
	}
}

// SetLevel sets the logger's level.
func (l *Logger) SetLevel(level int) {
	l.mu.Lock()
	l.level = level
	l.mu.Unlock()
}

// Level returns the configured level (NOTSET if never set).
func (l *Logger) Level() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.level
}

// Enabled reports whether the handler is attached, and the level it uses.
func (l *Logger) Enabled() (bool, int) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.enabled, l.level
}

// Log writes one line if the logger is enabled and level is high enough.
func (l *Logger) Log(level int, process, msg string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if !l.enabled {
		return
	}
	eff := l.level
	if eff == NOTSET {
		eff = WARNING
	}
	if level < eff {
		return
	}
	// One Write per line so lines of different processes never interleave.
	fmt.Fprintf(l.w, "[%s/%s] %s\n", LevelName(level), process, msg)
}
