// Package logging is procstar's "logging" module (the level constants,
// basicConfig, getLogger and the module functions of Python's logging) and
// the multiprocessing logger builtins get_logger and log_to_stderr.
//
// A Logger value is bound to the *mplog.Logger of the thread that called
// get_logger; the process name of each line is read at call time from the
// calling thread's procenv.Env.
package logging

import (
	"strings"

	"go.starlark.net/starlark"
	"go.starlark.net/starlarkstruct"

	"github.com/procstar/procstar/builtins/internal/intarg"
	"github.com/procstar/procstar/internal/lazy"
	"github.com/procstar/procstar/runtime/mplog"
	"github.com/procstar/procstar/runtime/procenv"
	"github.com/procstar/procstar/runtime/pyerr"
	"github.com/procstar/procstar/runtime/pyformat"
)

// Module returns a new "logging" module: the level constants, and Python's
// logging proper (std.go).
func Module() *starlarkstruct.Module {
	startTime.Get()
	members := stdMembers()
	for k, v := range (starlark.StringDict{
		"NOTSET":   starlark.MakeInt(mplog.NOTSET),
		"DEBUG":    starlark.MakeInt(mplog.DEBUG),
		"INFO":     starlark.MakeInt(mplog.INFO),
		"WARNING":  starlark.MakeInt(mplog.WARNING),
		"WARN":     starlark.MakeInt(mplog.WARNING),
		"ERROR":    starlark.MakeInt(mplog.ERROR),
		"CRITICAL": starlark.MakeInt(mplog.CRITICAL),
		"FATAL":    starlark.MakeInt(mplog.CRITICAL),
	}) {
		members[k] = v
	}
	return &starlarkstruct.Module{Name: "logging", Members: members}
}

func typeError(err error) error { return pyerr.New(pyerr.TypeError, "%s", err.Error()) }

// GetLogger is the function of multiprocessing.get_logger(): the Logger of
// the calling thread's process (procenv.Get(thread).Log).
func GetLogger(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if err := starlark.UnpackPositionalArgs(b.Name(), args, kwargs, 0); err != nil {
		return nil, typeError(err)
	}
	log, err := envLogger(thread)
	if err != nil {
		return nil, err
	}
	log.MarkUsed()
	bindMP(log, true)
	return Logger{log: log}, nil
}

// envLogger returns the calling thread's multiprocessing logger.
func envLogger(thread *starlark.Thread) (*mplog.Logger, error) {
	log := procenv.Get(thread).Log
	if log == nil {
		return nil, pyerr.New(pyerr.RuntimeError, "this thread has no multiprocessing logger (procenv.Env.Log is nil)")
	}
	return log, nil
}

// LogToStderr is the function of multiprocessing.log_to_stderr(level=None):
// it enables the stderr output of the process's logger, sets its level if
// one is given, and returns the Logger.
func LogToStderr(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var lv starlark.Value = starlark.None
	if err := starlark.UnpackArgs(b.Name(), args, kwargs, "level?", &lv); err != nil {
		return nil, typeError(err)
	}
	n, err := unpackLevel(lv)
	if err != nil {
		return nil, err
	}
	log, err := envLogger(thread)
	if err != nil {
		return nil, err
	}
	// As CPython's: get_logger(), then one more StreamHandler with
	// multiprocessing's format (each call adds one). The runtime's own
	// records (process start and exit) go to stderr through log.
	s := bindMP(log, true)
	h, err := newMPHandler()
	if err != nil {
		return nil, err
	}
	std.mu.Lock()
	s.handlers = editList(s.handlers, h, true)
	std.mu.Unlock()
	log.ToStderr(n)
	return Logger{log: log}, nil
}

// level is a logging level: an int, a level name ("INFO") or None (NOTSET,
// meaning "unchanged" for log_to_stderr).
type level int

// Unpack sets l from v, failing with Python's ValueError or TypeError.
func (l *level) Unpack(v starlark.Value) error {
	// Python's _checkLevel takes any int, a bool among them.
	switch v := intarg.BoolAsInt(v).(type) {
	case starlark.NoneType:
		*l = mplog.NOTSET
		return nil
	case starlark.Int:
		n, err := starlark.AsInt32(v)
		if err != nil {
			return err
		}
		*l = level(n)
		return nil
	case starlark.String:
		// Python's _nameToLevel, addLevelName's names included.
		n, ok := levelNumber(string(v))
		if !ok {
			return pyerr.New(pyerr.ValueError, "Unknown level: %s", pyRepr(string(v)))
		}
		*l = level(n)
		return nil
	}
	return pyerr.New(pyerr.TypeError, "Level not an integer or a valid string: %s", pyformat.Repr(v))
}

// unpackLevel unpacks one level argument, keeping the ValueError/TypeError of
// level.Unpack.
func unpackLevel(v starlark.Value) (int, error) {
	var l level
	if err := l.Unpack(v); err != nil {
		return 0, err
	}
	return int(l), nil
}

// setLevelArg is the level of Logger.setLevel: an int or a level name;
// None, which log_to_stderr takes, is Python's TypeError here.
func setLevelArg(v starlark.Value) (int, error) {
	if v == starlark.None {
		return 0, pyerr.New(pyerr.TypeError, "Level not an integer or a valid string: None")
	}
	return unpackLevel(v)
}

// Logger is the Starlark value of the multiprocessing logger (type
// "Logger"), with Python's setLevel, getEffectiveLevel, isEnabledFor, log,
// debug, info, warning, error and critical.
type Logger struct {
	log *mplog.Logger
}

// NewLogger returns the Logger value of l.
func NewLogger(l *mplog.Logger) Logger { return Logger{log: l} }

var (
	_ starlark.Value       = Logger{}
	_ starlark.HasSetField = Logger{}
)

func (l Logger) String() string {
	return "<Logger multiprocessing (" + mplog.LevelName(l.effective()) + ")>"
}
func (l Logger) Type() string         { return "Logger" }
func (l Logger) Freeze()              {}
func (l Logger) Truth() starlark.Bool { return true }
func (l Logger) Hash() (uint32, error) {
	return starlark.String("multiprocessing").Hash()
}

// effective is Python's getEffectiveLevel: NOTSET defers to the root
// logger's level (RootLevel, when the runtime set it as the logger's root).
func (l Logger) effective() int { return l.log.Effective() }

// loggerMethod is the signature of a method in loggerMethods.
type loggerMethod func(l Logger, thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error)

// loggerMethods are multiprocessing's Logger's methods, built on first use.
var loggerMethods = lazy.Value[map[string]loggerMethod]{New: func() map[string]loggerMethod {
	return map[string]loggerMethod{
		"setLevel":          Logger.setLevel,
		"getEffectiveLevel": Logger.getEffectiveLevel,
		"isEnabledFor":      Logger.isEnabledFor,
		"log":               Logger.logMethod,
		"debug":             levelMethod(mplog.DEBUG),
		"info":              levelMethod(mplog.INFO),
		"warning":           levelMethod(mplog.WARNING),
		"error":             levelMethod(mplog.ERROR),
		"critical":          levelMethod(mplog.CRITICAL),
	}
}}

func (l Logger) Attr(name string) (starlark.Value, error) {
	switch name {
	case "name":
		return starlark.String("multiprocessing"), nil
	case "level":
		return starlark.MakeInt(l.log.Level()), nil
	}
	m, ok := loggerMethods.Get()[name]
	if !ok {
		// The rest of a logging.Logger (handlers, propagate, addHandler,
		// ...) is the tree's logger "multiprocessing", the same logger.
		return bindMP(l.log, false).Attr(name)
	}
	return starlark.NewBuiltin(name, func(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
		return m(l, thread, b, args, kwargs)
	}).BindReceiver(l), nil
}

func (l Logger) AttrNames() []string {
	return (&StdLogger{}).AttrNames()
}

// SetField implements starlark.HasSetField: logger.propagate = False and
// the like, on the tree's logger "multiprocessing" (level on l's).
func (l Logger) SetField(name string, v starlark.Value) error {
	return bindMP(l.log, false).SetField(name, v)
}

func (l Logger) setLevel(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var lv starlark.Value
	// Python's setLevel(self, level): level= works too.
	if err := starlark.UnpackArgs(b.Name(), args, kwargs, "level", &lv); err != nil {
		return nil, typeError(err)
	}
	n, err := setLevelArg(lv)
	if err != nil {
		return nil, err
	}
	l.log.SetLevel(n)
	return starlark.None, nil
}

func (l Logger) getEffectiveLevel(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if err := starlark.UnpackPositionalArgs(b.Name(), args, kwargs, 0); err != nil {
		return nil, typeError(err)
	}
	return starlark.MakeInt(l.effective()), nil
}

func (l Logger) isEnabledFor(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	lv, err := levelArg(b.Name(), args, kwargs)
	if err != nil {
		return nil, err
	}
	return starlark.Bool(lv >= l.effective()), nil
}

// levelArg unpacks the one argument of isEnabledFor(self, level), given by
// position or as level=; a bool is an int, as in Python.
func levelArg(fn string, args starlark.Tuple, kwargs []starlark.Tuple) (int, error) {
	var v starlark.Value
	if err := starlark.UnpackArgs(fn, args, kwargs, "level", &v); err != nil {
		return 0, typeError(err)
	}
	var lv int
	if err := starlark.UnpackPositionalArgs(fn, starlark.Tuple{intarg.BoolAsInt(v)}, nil, 1, &lv); err != nil {
		return 0, typeError(err)
	}
	return lv, nil
}

func (l Logger) logMethod(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if len(args) < 2 {
		return nil, pyerr.New(pyerr.TypeError, "log: got %d arguments, want at least 2 (level, msg)", len(args))
	}
	lv, ok := intarg.BoolAsInt(args[0]).(starlark.Int) // a bool is an int
	if !ok {
		return nil, pyerr.New(pyerr.TypeError, "level must be an integer")
	}
	n, err := starlark.AsInt32(lv)
	if err != nil {
		return nil, pyerr.New(pyerr.TypeError, "level must be an integer")
	}
	return l.emit(thread, b, n, args[1:], kwargs)
}

func levelMethod(lv int) func(l Logger, thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	return func(l Logger, thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
		if len(args) < 1 {
			return nil, pyerr.New(pyerr.TypeError, "%s: missing argument for msg", b.Name())
		}
		return l.emit(thread, b, lv, args, kwargs)
	}
}

// emit logs args[0] % args[1:] at level lv. Like Python, the message is only
// formatted when the level is enabled; without log_to_stderr, records of
// WARNING and above go to stderr as the bare message (Python's "last
// resort" handler).
func (l Logger) emit(thread *starlark.Thread, b *starlark.Builtin, lv int, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	for _, kv := range kwargs {
		switch kv[0].(starlark.String) {
		case "exc_info", "stack_info", "stacklevel", "extra":
			// accepted and ignored
		default:
			return nil, pyerr.New(pyerr.TypeError, "%s: unexpected keyword argument %s", b.Name(), kv[0])
		}
	}
	if s := boundMP(l.log); s != nil {
		// The logger "multiprocessing" of logging's tree: its filters,
		// handlers (log_to_stderr's among them) and propagation apply, as
		// for any logger.
		return s.emit(thread, b.Name(), lv, args, kwargs)
	}
	if lv < l.effective() {
		return starlark.None, nil
	}
	env := procenv.Get(thread)
	enabled, _ := l.log.Enabled()
	if !enabled && lv < mplog.WARNING {
		return starlark.None, nil
	}
	msg, err := format(args[0], args[1:])
	if err != nil {
		return nil, err
	}
	switch {
	case enabled:
		name := "MainProcess"
		if env.ProcessName != nil {
			name = env.ProcessName()
		}
		l.log.Log(lv, name, msg)
	case env.Stderr != nil:
		env.Stderr.Write([]byte(msg + "\n"))
	}
	return starlark.None, nil
}

// newMPHandler is the handler log_to_stderr adds: a StreamHandler on
// sys.stderr with multiprocessing's DEFAULT_LOGGING_FORMAT.
func newMPHandler() (*Handler, error) {
	f, err := newFormatter(starlark.String("[%(levelname)s/%(processName)s] %(message)s"), nil, "%", true, nil)
	if err != nil {
		return nil, err
	}
	h := newStreamHandler(starlark.None)
	h.formatter = f
	return h, nil
}

// format is Python's LogRecord.getMessage: str(msg), %-formatted with args
// when there are any (a single dict argument is used as the mapping).
func format(msg starlark.Value, args starlark.Tuple) (string, error) {
	s, ok := starlark.AsString(msg)
	if !ok {
		s = pyformat.Str(msg)
	}
	if len(args) == 0 {
		return s, nil
	}
	var operand starlark.Value = args
	if len(args) == 1 {
		if d, ok := args[0].(*starlark.Dict); ok && d.Len() > 0 {
			operand = d
		}
	}
	// Python's str % args (%.1f, %5d, %r, ...), not Starlark's narrower %.
	return pyformat.Percent(s, operand)
}

// pyRepr quotes s like Python's repr of a str.
func pyRepr(s string) string {
	q := "'"
	if strings.Contains(s, "'") && !strings.Contains(s, `"`) {
		q = `"`
	}
	var b strings.Builder
	b.WriteString(q)
	for _, r := range s {
		switch {
		case r == '\\':
			b.WriteString(`\\`)
		case string(r) == q:
			b.WriteString(`\` + q)
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\r':
			b.WriteString(`\r`)
		case r == '\t':
			b.WriteString(`\t`)
		case r < 0x20 || r == 0x7f:
			b.WriteString(`\x` + string("0123456789abcdef"[r>>4]) + string("0123456789abcdef"[r&0xF]))
		default:
			b.WriteRune(r)
		}
	}
	b.WriteString(q)
	return b.String()
}
