package logging

import (
	"fmt"
	"io"
	"os"
	"regexp"
	"strings"
	"sync"
	"time"

	"go.starlark.net/starlark"

	"github.com/procstar/procstar/builtins/internal/oserr"
	"github.com/procstar/procstar/builtins/timemod"
	"github.com/procstar/procstar/runtime/mplog"
	"github.com/procstar/procstar/runtime/procenv"
	"github.com/procstar/procstar/runtime/pyerr"
	"github.com/procstar/procstar/runtime/pyformat"
)

// Python's logging module proper (SPEC §8): a tree of named loggers whose
// records reach the root's handler, set by basicConfig; without one, records
// of WARNING and above are written bare to stderr (the "last resort"). Its
// state is the process's, as Python's is: a child re-runs the top level, so
// a basicConfig there configures it too.
var std = struct {
	mu      sync.Mutex
	loggers map[string]*StdLogger
	out     io.Writer      // the root's handler; nil: none (last resort)
	file    *os.File       // out when logging to a file (filename=)
	stream  starlark.Value // basicConfig's stream= when out is streamMarker
	format  string
	datefmt string
}{loggers: map[string]*StdLogger{}}

const defaultFormat = "%(levelname)s:%(name)s:%(message)s"

// StdLogger is a logging.Logger: a name and a level (NOTSET: the nearest
// ancestor's).
type StdLogger struct {
	name  string
	level int
}

// stdLogger returns the logger of a dotted name ("" or "root": the root).
func stdLogger(name string) *StdLogger {
	if name == "" {
		name = "root"
	}
	std.mu.Lock()
	defer std.mu.Unlock()
	l := std.loggers[name]
	if l == nil {
		l = &StdLogger{name: name}
		if name == "root" {
			l.level = mplog.WARNING
		}
		std.loggers[name] = l
	}
	return l
}

// effective is the level that applies to l: its own or its nearest
// ancestor's with one set.
func (l *StdLogger) effective() int {
	std.mu.Lock()
	defer std.mu.Unlock()
	for name := l.name; ; {
		if x := std.loggers[name]; x != nil && x.level != mplog.NOTSET {
			return x.level
		}
		if name == "root" {
			return mplog.WARNING
		}
		i := strings.LastIndexByte(name, '.')
		if i < 0 {
			name = "root"
		} else {
			name = name[:i]
		}
	}
}

func (l *StdLogger) String() string {
	return fmt.Sprintf("<%s %s (%s)>", map[bool]string{true: "RootLogger", false: "Logger"}[l.name == "root"], l.name, mplog.LevelName(l.effective()))
}
func (l *StdLogger) Type() string          { return "Logger" }
func (l *StdLogger) Freeze()               {}
func (l *StdLogger) Truth() starlark.Bool  { return starlark.True }
func (l *StdLogger) Hash() (uint32, error) { return starlark.String(l.name).Hash() }

var stdLoggerMethods = []string{"critical", "debug", "error", "exception", "getChild", "getEffectiveLevel", "info", "isEnabledFor", "log", "setLevel", "warning"}

func (l *StdLogger) AttrNames() []string {
	return append([]string{"level", "name"}, stdLoggerMethods...)
}

func (l *StdLogger) Attr(name string) (starlark.Value, error) {
	switch name {
	case "name":
		return starlark.String(l.name), nil
	case "level":
		std.mu.Lock()
		defer std.mu.Unlock()
		return starlark.MakeInt(l.level), nil
	}
	for _, m := range stdLoggerMethods {
		if m == name {
			return starlark.NewBuiltin(name, func(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
				return l.call(thread, name, args, kwargs)
			}).BindReceiver(l), nil
		}
	}
	return nil, nil
}

var levelOf = map[string]int{"debug": mplog.DEBUG, "info": mplog.INFO, "warning": mplog.WARNING,
	"error": mplog.ERROR, "exception": mplog.ERROR, "critical": mplog.CRITICAL}

func (l *StdLogger) call(thread *starlark.Thread, name string, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	switch name {
	case "setLevel":
		var v starlark.Value
		if err := starlark.UnpackPositionalArgs(name, args, kwargs, 1, &v); err != nil {
			return nil, typeError(err)
		}
		lv, err := setLevelArg(v)
		if err != nil {
			return nil, err
		}
		std.mu.Lock()
		l.level = lv
		std.mu.Unlock()
		return starlark.None, nil
	case "getChild":
		var suffix string
		if err := starlark.UnpackPositionalArgs(name, args, kwargs, 1, &suffix); err != nil {
			return nil, typeError(err)
		}
		if l.name != "root" {
			suffix = l.name + "." + suffix
		}
		return stdLogger(suffix), nil
	case "getEffectiveLevel":
		if err := starlark.UnpackPositionalArgs(name, args, kwargs, 0); err != nil {
			return nil, typeError(err)
		}
		return starlark.MakeInt(l.effective()), nil
	case "isEnabledFor":
		var lv int
		if err := starlark.UnpackPositionalArgs(name, args, kwargs, 1, &lv); err != nil {
			return nil, typeError(err)
		}
		return starlark.Bool(lv >= l.effective()), nil
	case "log":
		if len(args) < 2 {
			return nil, pyerr.New(pyerr.TypeError, "log() missing 2 required positional arguments: 'level' and 'msg'")
		}
		lv, err := starlark.AsInt32(args[0])
		if err != nil {
			return nil, pyerr.New(pyerr.TypeError, "level must be an integer")
		}
		return l.emit(thread, name, lv, args[1:], kwargs)
	}
	if len(args) < 1 {
		return nil, pyerr.New(pyerr.TypeError, "%s() missing 1 required positional argument: 'msg'", name)
	}
	return l.emit(thread, name, levelOf[name], args, kwargs)
}

// emit formats and writes one record, in one write (lines of processes
// logging to one file or stream never interleave).
func (l *StdLogger) emit(thread *starlark.Thread, fn string, lv int, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	excInfo := fn == "exception"
	for _, kv := range kwargs {
		switch kv[0].(starlark.String) {
		case "exc_info":
			excInfo = bool(kv[1].Truth())
		case "stack_info", "stacklevel", "extra":
		default:
			return nil, pyerr.New(pyerr.TypeError, "%s() got an unexpected keyword argument %s", fn, kv[0])
		}
	}
	if lv < l.effective() {
		return starlark.None, nil
	}
	env := procenv.Get(thread)
	std.mu.Lock()
	out, stream, fmtStr, datefmt := std.out, std.stream, std.format, std.datefmt
	std.mu.Unlock()
	if out == nil {
		// The last resort: the bare message, WARNING and above.
		if lv < mplog.WARNING || env.Stderr == nil {
			return starlark.None, nil
		}
		fmtStr = "%(message)s"
	}
	// As Python's Handler.handleError, a record that cannot be formatted
	// is reported on stderr and the script goes on.
	msg, err := format(args[0], args[1:])
	line := ""
	if err == nil {
		line, err = record(env, l.name, lv, msg, fmtStr, datefmt)
	}
	if err != nil {
		if env.Stderr != nil {
			io.WriteString(env.Stderr, fmt.Sprintf("--- Logging error ---\n%v\nMessage: %s\nArguments: %s\n",
				err, pyformat.Repr(args[0]), pyformat.Repr(args[1:])))
		}
		return starlark.None, nil
	}
	if excInfo {
		line += "\nNoneType: None" // Python's traceback text outside an except block
	}
	switch out {
	case nil, stderrMarker:
		out = env.Stderr
	case streamMarker:
		// A stream= of basicConfig: Python's StreamHandler writes and
		// flushes it.
		write, err := starlark.Call(thread, attrOf(stream, "write"), starlark.Tuple{starlark.String(line + "\n")}, nil)
		if err == nil && write != nil {
			if flush, _ := stream.(starlark.HasAttrs).Attr("flush"); flush != nil {
				_, err = starlark.Call(thread, flush, nil, nil)
			}
		}
		return starlark.None, err
	}
	if out != nil {
		io.WriteString(out, line+"\n")
	}
	return starlark.None, nil
}

// attrOf is v's attribute name, or None (which fails the call) without one.
func attrOf(v starlark.Value, name string) starlark.Value {
	if h, ok := v.(starlark.HasAttrs); ok {
		if a, _ := h.Attr(name); a != nil {
			return a
		}
	}
	return starlark.None
}

// streamMarker stands for basicConfig's stream= (std.stream) as the handler.
var streamMarker io.Writer = &strings.Builder{}

// stderrMarker stands for the calling thread's stderr as the handler.
var stderrMarker io.Writer = &strings.Builder{}

// record is a LogRecord formatted with fmtStr (Python's %-style fields).
func record(env *procenv.Env, name string, lv int, msg, fmtStr, datefmt string) (string, error) {
	now := time.Now().In(timemod.Local())
	process := "MainProcess"
	if env.ProcessName != nil {
		process = env.ProcessName()
	}
	asctime := now.Format("2006-01-02 15:04:05") + fmt.Sprintf(",%03d", now.Nanosecond()/1e6)
	if datefmt != "" {
		asctime = timemod.Strftime(datefmt, now)
	}
	d := starlark.NewDict(12)
	for k, v := range map[string]starlark.Value{
		"name": starlark.String(name), "levelname": starlark.String(mplog.LevelName(lv)),
		"levelno": starlark.MakeInt(lv), "message": starlark.String(msg), "msg": starlark.String(msg),
		"asctime": starlark.String(asctime), "created": starlark.Float(float64(now.UnixNano()) / 1e9),
		"msecs": starlark.Float(float64(now.Nanosecond()) / 1e6), "process": starlark.MakeInt(os.Getpid()),
		"processName": starlark.String(process), "thread": starlark.MakeInt(0), "threadName": starlark.String("MainThread"),
	} {
		d.SetKey(starlark.String(k), v)
	}
	line, err := pyformat.Percent(fmtStr, d)
	if err != nil {
		return "", pyerr.New(pyerr.ValueError, "logging format %q: %v", fmtStr, err)
	}
	return line, nil
}

// basicConfig is logging.basicConfig: it sets the root's handler (stderr,
// stream=, or filename opened with filemode), format, datefmt and level,
// unless a handler is set already (force=True replaces it). Its steps and
// errors come in CPython 3.11's order: a ValueError for an invalid format
// leaves the root without a handler; one for a bad level or an unknown
// keyword comes after the handler is set.
func basicConfig(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if len(args) > 0 {
		return nil, pyerr.New(pyerr.TypeError, "basicConfig() takes 0 positional arguments but %d were given", len(args))
	}
	var lv, fmtStr, datefmt, filename, stream starlark.Value = starlark.None, starlark.None, starlark.None, starlark.None, starlark.None
	filemode := "a"
	force := false
	var known []starlark.Tuple
	var unknown []string
	for _, kv := range kwargs {
		switch k := string(kv[0].(starlark.String)); k {
		case "level", "format", "datefmt", "filename", "filemode", "force", "stream":
			known = append(known, kv)
		case "encoding", "errors": // files are written as given (UTF-8)
		default:
			unknown = append(unknown, k)
		}
	}
	if err := starlark.UnpackArgs(b.Name(), nil, known, "level?", &lv, "format?", &fmtStr, "datefmt?", &datefmt,
		"filename?", &filename, "filemode?", &filemode, "force?", &force, "stream?", &stream); err != nil {
		return nil, typeError(err)
	}
	std.mu.Lock()
	defer std.mu.Unlock()
	if force {
		if std.file != nil {
			std.file.Close()
		}
		std.out, std.file, std.stream = nil, nil, nil
	}
	if std.out != nil {
		return starlark.None, nil
	}
	name, _ := starlark.AsString(filename)
	if stream != starlark.None && name != "" {
		return nil, pyerr.New(pyerr.ValueError, "'stream' and 'filename' should not be specified together")
	}
	var file *os.File
	if name != "" {
		flags := os.O_WRONLY | os.O_CREATE | os.O_APPEND // one write per record: atomic between processes
		if filemode == "w" {
			flags |= os.O_TRUNC
		}
		f, err := os.OpenFile(procenv.Get(thread).Path(name), flags, 0o666)
		if err != nil {
			return nil, oserr.New(err, name)
		}
		file = f
	}
	format := defaultFormat
	if s, ok := starlark.AsString(fmtStr); ok {
		format = s
	}
	if !validFormat.MatchString(format) {
		if file != nil {
			file.Close()
		}
		return nil, pyerr.New(pyerr.ValueError, "Invalid format '%s' for '%%' style", format)
	}
	switch {
	case file != nil:
		std.out, std.file = file, file
	case stream != starlark.None:
		std.out, std.stream = streamMarker, stream
	default:
		std.out = stderrMarker
	}
	std.format = format
	std.datefmt = ""
	if s, ok := starlark.AsString(datefmt); ok {
		std.datefmt = s
	}
	if lv != starlark.None {
		var l level
		if err := l.Unpack(lv); err != nil {
			return nil, err
		}
		root := std.loggers["root"]
		if root == nil {
			root = &StdLogger{name: "root"}
			std.loggers["root"] = root
		}
		root.level = int(l)
	}
	if unknown != nil {
		return nil, pyerr.New(pyerr.ValueError, "Unrecognised argument(s): %s", strings.Join(unknown, ", "))
	}
	return starlark.None, nil
}

// validFormat is Python's PercentStyle.validation_pattern: a format needs
// one %(name) field.
var validFormat = regexp.MustCompile(`(?i)%\(\w+\)[#0+ -]*(\*|\d+)?(\.(\*|\d+))?[diouxefgcrsa%]`)

// getLevelName is logging.getLevelName(level): the name of a level, the
// level of a name, "Level %s" for others.
func getLevelName(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var v starlark.Value
	if err := starlark.UnpackPositionalArgs(b.Name(), args, kwargs, 1, &v); err != nil {
		return nil, typeError(err)
	}
	if s, ok := v.(starlark.String); ok {
		var l level
		if l.Unpack(s) == nil {
			return starlark.MakeInt(int(l)), nil
		}
		return starlark.String("Level " + string(s)), nil
	}
	if n, err := starlark.AsInt32(v); err == nil {
		if n == mplog.NOTSET {
			return starlark.String("NOTSET"), nil
		}
		return starlark.String(mplog.LevelName(n)), nil
	}
	return starlark.String("Level " + pyformat.Str(v)), nil
}

// getLoggerStd is logging.getLogger(name=None).
func getLoggerStd(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var name starlark.Value = starlark.None
	if err := starlark.UnpackArgs(b.Name(), args, kwargs, "name?", &name); err != nil {
		return nil, typeError(err)
	}
	s, _ := starlark.AsString(name)
	return stdLogger(s), nil
}

// moduleFunc is logging.debug, info, ...: the root logger's method, after
// a basicConfig() with the defaults if the root has no handler, as Python's.
func moduleFunc(name string) *starlark.Builtin {
	return starlark.NewBuiltin(name, func(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
		std.mu.Lock()
		if std.out == nil {
			std.out, std.format = stderrMarker, defaultFormat
		}
		std.mu.Unlock()
		return stdLogger("root").call(thread, name, args, kwargs)
	})
}

// shutdown is logging.shutdown(): records are written as they come, so
// there is nothing to flush.
func shutdown(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if err := starlark.UnpackPositionalArgs(b.Name(), args, kwargs, 0); err != nil {
		return nil, typeError(err)
	}
	return starlark.None, nil
}

// stdMembers are the module's functions of Python's logging proper.
func stdMembers() starlark.StringDict {
	m := starlark.StringDict{
		"basicConfig":  starlark.NewBuiltin("basicConfig", basicConfig),
		"getLogger":    starlark.NewBuiltin("getLogger", getLoggerStd),
		"getLevelName": starlark.NewBuiltin("getLevelName", getLevelName),
		"shutdown":     starlark.NewBuiltin("shutdown", shutdown),
	}
	for _, name := range []string{"debug", "info", "warning", "error", "critical", "exception", "log"} {
		m[name] = moduleFunc(name)
	}
	return m
}
