// Package mplog is the multiprocessing logger of a procstar process: the
// logger scripts get from get_logger() and that the runtime reports process
// starts and exits to.
package mplog

import (
	"fmt"
	"io"
	"sync"
	"sync/atomic"
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
	mu        sync.Mutex
	w         io.Writer
	level     int // NOTSET defers to the root logger's level
	enabled   bool
	used      bool // the script asked for the logger (MarkUsed)
	inherited bool // set up from the parent's (Inherit)
}

// rootLevel gives the level of the logging module's root logger, which a
// NOTSET level defers to, as Python's multiprocessing logger is a child of
// the root logger. The logging module sets it when a script first uses it
// (its loggers are the OS process's, as this is); until then the root
// logger is at its default, WARNING.
var rootLevel atomic.Pointer[func() int]

// SetRootLevel sets the function that gives the root logger's level.
func SetRootLevel(f func() int) { rootLevel.Store(&f) }

// Effective is Python's getEffectiveLevel: the logger's level, or the root
// logger's when it is NOTSET.
func (l *Logger) Effective() int {
	l.mu.Lock()
	level := l.level
	l.mu.Unlock()
	if level != NOTSET {
		return level
	}
	if root := rootLevel.Load(); root != nil {
		return (*root)() // called unlocked: it takes the logging module's lock
	}
	return WARNING
}

// MarkUsed records that the script asked for the logger (get_logger,
// log_to_stderr): from then on its children start with its level, as
// CPython's spawn passes it once multiprocessing's logger exists.
func (l *Logger) MarkUsed() {
	l.mu.Lock()
	l.used = true
	l.mu.Unlock()
}

// ChildLevel is the level a child's logger starts with (Inherit): as
// CPython's spawn, the effective level once the script asked for the
// logger, and NOTSET (nothing passed) before.
func (l *Logger) ChildLevel() int {
	l.mu.Lock()
	used := l.used
	l.mu.Unlock()
	if !used {
		return NOTSET
	}
	return l.Effective()
}

// New returns a logger that writes to w once enabled.
func New(w io.Writer) *Logger { return &Logger{w: w} }

// ToStderr enables the handler (log_to_stderr) and, if level > 0, sets it.
func (l *Logger) ToStderr(level int) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.enabled, l.used = true, true
	if level > 0 {
		l.level = level
	}
}

// Inherit sets up a child's logger from its parent's Enabled: the handler
// if the parent had it, and the parent's level either way (as CPython's
// spawn passes log_level whenever the parent's logger exists).
func (l *Logger) Inherit(enabled bool, level int) {
	if enabled || level > 0 {
		l.mu.Lock()
		l.inherited = true
		l.mu.Unlock()
	}
	if enabled {
		l.ToStderr(level)
	} else if level > 0 {
		l.SetLevel(level)
	}
}

// Inherited reports whether the logger was set up from the parent's
// (CPython's spawn calls get_logger() in the child then, and
// log_to_stderr() if the parent had).
func (l *Logger) Inherited() bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.inherited
}

// SetLevel sets the logger's level.
func (l *Logger) SetLevel(level int) {
	l.mu.Lock()
	l.level, l.used = level, true
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
	enabled := l.enabled
	l.mu.Unlock()
	if !enabled {
		// Every process logs its start and end: a logger never enabled
		// does not ask the root logger's level, which would page in the
		// logging module at each start.
		return
	}
	eff := l.Effective()
	l.mu.Lock()
	defer l.mu.Unlock()
	if level < eff {
		return
	}
	// One Write per line so lines of different processes never interleave.
	fmt.Fprintf(l.w, "[%s/%s] %s\n", LevelName(level), process, msg)
}
