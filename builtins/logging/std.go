package logging

import (
	"fmt"
	"strings"
	"sync"

	"go.starlark.net/starlark"

	"github.com/procstar/procstar/builtins/internal/intarg"
	"github.com/procstar/procstar/runtime/mplog"
	"github.com/procstar/procstar/runtime/pyerr"
	"github.com/procstar/procstar/runtime/pyformat"
)

// Python's logging module proper (SPEC §8): a tree of named loggers, each
// with its handlers and filters, records going up to the root while
// propagate is set; without any handler, records of WARNING and above are
// written bare to stderr (the "last resort"). Its state is the process's,
// as Python's is: a child re-runs the top level, so a basicConfig there
// configures it too.
var std = struct {
	mu      sync.Mutex
	loggers map[string]*StdLogger
	disable int // logging.disable's level
}{}

const defaultFormat = "%(levelname)s:%(name)s:%(message)s"

// stdLoggers is std.loggers, made with the root logger on first use;
// std.mu is held.
func stdLoggers() map[string]*StdLogger {
	if std.loggers == nil {
		std.loggers = map[string]*StdLogger{"root": {name: "root", level: mplog.WARNING,
			handlers: starlark.NewList(nil), filters: starlark.NewList(nil), propagate: true}}
		// From now on the root logger's level may change: get_logger()'s
		// defers to it.
		mplog.SetRootLevel(RootLevel)
	}
	return std.loggers
}

// rootLogger is logging.root.
func rootLogger() *StdLogger { return stdLogger("root") }

// RootLevel is the level of logging.root, which the multiprocessing
// logger's NOTSET defers to (mplog.SetRootLevel).
func RootLevel() int { return rootLogger().effective() }

// StdLogger is a logging.Logger: a name, a level (NOTSET: the nearest
// ancestor's), handlers and filters (Starlark lists, as Python's, so that
// logger.handlers.clear() works), propagate and disabled.
type StdLogger struct {
	name      string
	level     int
	handlers  *starlark.List
	filters   *starlark.List
	propagate bool
	disabled  bool

	// mp is set on the logger "multiprocessing": it is get_logger()'s
	// (bindMP), whose level it keeps, so that the two are one logger.
	mp    *mplog.Logger
	gotMP bool // get_logger() has set it up (propagate off)
}

// levelOwn is l's own level; std.mu is held.
func (l *StdLogger) levelOwn() int {
	if l.mp != nil {
		return l.mp.Level()
	}
	return l.level
}

// setLevelOwn sets l's own level; std.mu is held.
func (l *StdLogger) setLevelOwn(lv int) {
	if l.mp != nil {
		l.mp.SetLevel(lv)
		return
	}
	l.level = lv
}

// bindMP makes the logger "multiprocessing" of the tree the process's
// multiprocessing logger log, as in CPython, where get_logger() is
// logging.getLogger("multiprocessing"): one level, one set of handlers.
// get_logger (got) also turns its propagate off, as CPython's does, and so
// does a child's set-up from its parent's logger (mplog.Inherited).
func bindMP(log *mplog.Logger, got bool) *StdLogger {
	l := stdLogger(mpLoggerName)
	std.mu.Lock()
	defer std.mu.Unlock()
	if l.mp != log {
		if l.mp != nil {
			// Another process's logger (a host running scripts one after
			// another): that process's handlers and settings go with it.
			*l = StdLogger{name: l.name, handlers: starlark.NewList(nil), filters: starlark.NewList(nil), propagate: true}
		} else if l.level != mplog.NOTSET && log.Level() == mplog.NOTSET {
			log.SetLevel(l.level) // set on the tree's logger before binding
		}
		l.mp = log
	}
	if !l.gotMP && (got || log.Inherited()) {
		l.gotMP, l.propagate = true, false
		if enabled, _ := log.Enabled(); enabled {
			// A child of a process that called log_to_stderr: CPython's
			// spawn calls it in the child, which adds its handler.
			if h, err := newMPHandler(); err == nil {
				l.handlers = editList(l.handlers, h, true)
			}
		}
	}
	return l
}

// boundMP is the tree's logger "multiprocessing" if it exists and is log's
// (without making the tree).
func boundMP(log *mplog.Logger) *StdLogger {
	std.mu.Lock()
	defer std.mu.Unlock()
	if std.loggers == nil {
		return nil
	}
	if l := std.loggers[mpLoggerName]; l != nil && l.mp == log {
		return l
	}
	return nil
}

// mpLoggerName is the name of multiprocessing's logger.
const mpLoggerName = "multiprocessing"

// value is l as a script sees it: get_logger()'s Logger for the logger
// "multiprocessing".
func (l *StdLogger) value() starlark.Value {
	if l.mp != nil {
		return Logger{log: l.mp}
	}
	return l
}

var _ starlark.HasSetField = (*StdLogger)(nil)

// stdLogger returns the logger of a dotted name ("" or "root": the root).
func stdLogger(name string) *StdLogger {
	if name == "" {
		name = "root"
	}
	std.mu.Lock()
	defer std.mu.Unlock()
	l := stdLoggers()[name]
	if l == nil {
		l = &StdLogger{name: name, handlers: starlark.NewList(nil), filters: starlark.NewList(nil), propagate: true}
		stdLoggers()[name] = l
	}
	return l
}

// parent is the nearest existing ancestor (nil for the root); std.mu is
// held.
func (l *StdLogger) parent() *StdLogger {
	if l.name == "root" {
		return nil
	}
	for name := l.name; ; {
		i := strings.LastIndexByte(name, '.')
		if i < 0 {
			return stdLoggers()["root"]
		}
		name = name[:i]
		if x := stdLoggers()[name]; x != nil {
			return x
		}
	}
}

// effective is the level that applies to l: its own or its nearest
// ancestor's with one set.
func (l *StdLogger) effective() int {
	std.mu.Lock()
	defer std.mu.Unlock()
	for x := l; x != nil; x = x.parent() {
		if lv := x.levelOwn(); lv != mplog.NOTSET {
			return lv
		}
	}
	return mplog.NOTSET
}

// isEnabledFor is Logger.isEnabledFor, with disabled and logging.disable.
func (l *StdLogger) isEnabledFor(lv int) bool {
	std.mu.Lock()
	off := l.disabled || std.disable >= lv
	std.mu.Unlock()
	return !off && lv >= l.effective()
}

func (l *StdLogger) String() string {
	kind := "Logger"
	if l.name == "root" {
		kind = "RootLogger"
	}
	return fmt.Sprintf("<%s %s (%s)>", kind, l.name, levelName(l.effective()))
}
func (l *StdLogger) Type() string {
	return map[bool]string{true: "RootLogger", false: "Logger"}[l.name == "root"]
}
func (l *StdLogger) Freeze()               {}
func (l *StdLogger) Truth() starlark.Bool  { return starlark.True }
func (l *StdLogger) Hash() (uint32, error) { return starlark.String(l.name).Hash() }

var stdLoggerMethods = []string{"addFilter", "addHandler", "critical", "debug", "error", "exception", "fatal", "filter", "getChild", "getEffectiveLevel", "handle", "hasHandlers", "info", "isEnabledFor", "log", "removeFilter", "removeHandler", "setLevel", "warn", "warning"}

func (l *StdLogger) AttrNames() []string {
	return append([]string{"disabled", "filters", "handlers", "level", "name", "parent", "propagate", "root"}, stdLoggerMethods...)
}

func (l *StdLogger) Attr(name string) (starlark.Value, error) {
	std.mu.Lock()
	defer std.mu.Unlock()
	switch name {
	case "name":
		return starlark.String(l.name), nil
	case "level":
		return starlark.MakeInt(l.levelOwn()), nil
	case "handlers":
		return l.handlers, nil
	case "filters":
		return l.filters, nil
	case "propagate":
		return starlark.Bool(l.propagate), nil
	case "disabled":
		return starlark.Bool(l.disabled), nil
	case "root":
		return stdLoggers()["root"], nil
	case "parent":
		if p := l.parent(); p != nil {
			return p.value(), nil
		}
		return starlark.None, nil
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

func (l *StdLogger) SetField(name string, v starlark.Value) error {
	std.mu.Lock()
	defer std.mu.Unlock()
	switch name {
	case "propagate":
		l.propagate = bool(v.Truth())
	case "disabled":
		l.disabled = bool(v.Truth())
	case "level":
		n, err := starlark.AsInt32(intarg.BoolAsInt(v))
		if err != nil {
			return pyerr.New(pyerr.TypeError, "level must be an int")
		}
		l.setLevelOwn(n)
	case "handlers", "filters":
		lst, ok := v.(*starlark.List)
		if !ok {
			return pyerr.New(pyerr.TypeError, "Logger.%s must be a list, not %s", name, pyformat.TypeName(v))
		}
		if name == "handlers" {
			l.handlers = lst
		} else {
			l.filters = lst
		}
	default:
		return starlark.NoSuchAttrError(fmt.Sprintf("%s has no settable .%s field", l.Type(), name))
	}
	return nil
}

func levelOf(method string) int {
	switch method {
	case "debug":
		return mplog.DEBUG
	case "info":
		return mplog.INFO
	case "warning", "warn":
		return mplog.WARNING
	case "error", "exception":
		return mplog.ERROR
	case "critical", "fatal":
		return mplog.CRITICAL
	}
	return 0
}

func (l *StdLogger) call(thread *starlark.Thread, name string, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	switch name {
	case "setLevel":
		var v starlark.Value
		// Python's setLevel(self, level): level= works too.
		if err := starlark.UnpackArgs(name, args, kwargs, "level", &v); err != nil {
			return nil, typeError(err)
		}
		lv, err := setLevelArg(v)
		if err != nil {
			return nil, err
		}
		std.mu.Lock()
		l.setLevelOwn(lv)
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
		if suffix == mpLoggerName {
			return getLoggerMP(thread)
		}
		return stdLogger(suffix), nil
	case "getEffectiveLevel":
		if err := starlark.UnpackPositionalArgs(name, args, kwargs, 0); err != nil {
			return nil, typeError(err)
		}
		return starlark.MakeInt(l.effective()), nil
	case "isEnabledFor":
		lv, err := levelArg(name, args, kwargs)
		if err != nil {
			return nil, err
		}
		return starlark.Bool(l.isEnabledFor(lv)), nil
	case "addHandler", "removeHandler":
		var h *Handler
		if err := starlark.UnpackPositionalArgs(name, args, kwargs, 1, &h); err != nil {
			return nil, typeError(err)
		}
		std.mu.Lock()
		l.handlers = editList(l.handlers, h, name == "addHandler")
		std.mu.Unlock()
		return starlark.None, nil
	case "addFilter", "removeFilter":
		var f starlark.Value
		if err := starlark.UnpackPositionalArgs(name, args, kwargs, 1, &f); err != nil {
			return nil, typeError(err)
		}
		std.mu.Lock()
		l.filters = editList(l.filters, f, name == "addFilter")
		std.mu.Unlock()
		return starlark.None, nil
	case "hasHandlers":
		if err := starlark.UnpackPositionalArgs(name, args, kwargs, 0); err != nil {
			return nil, typeError(err)
		}
		return starlark.Bool(l.hasHandlers()), nil
	case "filter":
		var r *Record
		if err := starlark.UnpackPositionalArgs(name, args, kwargs, 1, &r); err != nil {
			return nil, typeError(err)
		}
		std.mu.Lock()
		filters := l.filters
		std.mu.Unlock()
		return runFilters(thread, filters, r)
	case "handle":
		var r *Record
		if err := starlark.UnpackPositionalArgs(name, args, kwargs, 1, &r); err != nil {
			return nil, typeError(err)
		}
		return starlark.None, l.handle(thread, r)
	case "log":
		if len(args) < 2 {
			return nil, pyerr.New(pyerr.TypeError, "log() missing 2 required positional arguments: 'level' and 'msg'")
		}
		lvArg := intarg.BoolAsInt(args[0]) // a bool is an int, as in Python
		lv, err := starlark.AsInt32(lvArg)
		if _, isInt := lvArg.(starlark.Int); err != nil || !isInt {
			return nil, pyerr.New(pyerr.TypeError, "level must be an integer")
		}
		return l.emit(thread, name, lv, args[1:], kwargs)
	}
	if len(args) < 1 {
		return nil, pyerr.New(pyerr.TypeError, "%s() missing 1 required positional argument: 'msg'", name)
	}
	return l.emit(thread, name, levelOf(name), args, kwargs)
}

// emit is Logger._log: a record of the caller's position, made when the
// level is enabled, handled by l.
func (l *StdLogger) emit(thread *starlark.Thread, fn string, lv int, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var excInfo starlark.Value = starlark.None
	if fn == "exception" {
		excInfo = starlark.True
	}
	var extra starlark.Value
	stacklevel, stackInfo := 1, false
	for _, kv := range kwargs {
		switch kv[0].(starlark.String) {
		case "exc_info":
			excInfo = kv[1]
		case "extra":
			extra = kv[1]
		case "stacklevel":
			n, err := starlark.AsInt32(kv[1])
			if err != nil {
				return nil, pyerr.New(pyerr.TypeError, "stacklevel must be an integer")
			}
			stacklevel = n
		case "stack_info":
			stackInfo = bool(kv[1].Truth())
		default:
			return nil, pyerr.New(pyerr.TypeError, "%s() got an unexpected keyword argument %s", fn, kv[0])
		}
	}
	if !l.isEnabledFor(lv) {
		return starlark.None, nil
	}
	switch excInfo.(type) {
	case starlark.NoneType:
	case starlark.Bool:
		if !excInfo.Truth() {
			excInfo = starlark.None
		} else {
			// sys.exc_info() outside an except block.
			excInfo = starlark.Tuple{starlark.None, starlark.None, starlark.None}
		}
	}
	r, err := newRecord(thread, l.name, lv, args[0], args[1:], excInfo, findCaller(thread, stacklevel), extra)
	if err != nil {
		return nil, err
	}
	if stackInfo {
		r.set("stack_info", starlark.String(stackText(thread, stacklevel)))
	}
	return starlark.None, l.handle(thread, r)
}

// hasHandlers is Logger.hasHandlers.
func (l *StdLogger) hasHandlers() bool {
	std.mu.Lock()
	defer std.mu.Unlock()
	for x := l; x != nil; x = x.parent() {
		if x.handlers.Len() > 0 {
			return true
		}
		if !x.propagate {
			break
		}
	}
	return false
}

// handle is Logger.handle and callHandlers: the logger's filters, then
// the handlers of it and its ancestors while propagate is set, or the
// last resort when there are none.
func (l *StdLogger) handle(thread *starlark.Thread, r *Record) error {
	std.mu.Lock()
	disabled, filters := l.disabled, l.filters
	std.mu.Unlock()
	if disabled {
		return nil
	}
	ok, err := runFilters(thread, filters, r)
	if err != nil || !ok.Truth() {
		return err
	}
	r = ok.(*Record)
	var hs []*Handler
	std.mu.Lock()
	for x := l; x != nil; x = x.parent() {
		for i := 0; i < x.handlers.Len(); i++ {
			if h, ok := x.handlers.Index(i).(*Handler); ok {
				hs = append(hs, h)
			}
		}
		if !x.propagate {
			break
		}
	}
	std.mu.Unlock()
	lv, _ := starlark.AsInt32(r.get("levelno"))
	if len(hs) == 0 {
		hs = []*Handler{lastResort.Get()}
	}
	for _, h := range hs {
		h.mu.Lock()
		hl := h.level
		h.mu.Unlock()
		if lv >= hl {
			if _, err := h.handle(thread, r); err != nil {
				return err
			}
		}
	}
	return nil
}

// basicConfig is logging.basicConfig, as CPython 3.12's: unless the root
// has handlers already (force=True closes and removes them), it adds one
// (a FileHandler for filename=, a StreamHandler for stream= or stderr, or
// those of handlers=) with a Formatter of format=, datefmt=, style=, and
// sets the level. Its steps and errors come in CPython's order: a
// ValueError for an invalid format leaves the root without a handler; one
// for a bad level or an unknown keyword comes after the handler is added.
func basicConfig(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if len(args) > 0 {
		return nil, pyerr.New(pyerr.TypeError, "basicConfig() takes 0 positional arguments but %d were given", len(args))
	}
	kw := map[string]starlark.Value{}
	var order []string
	for _, kv := range kwargs {
		k := string(kv[0].(starlark.String))
		kw[k] = kv[1]
		order = append(order, k)
	}
	pop := func(k string, def starlark.Value) (starlark.Value, bool) {
		v, ok := kw[k]
		delete(kw, k)
		if !ok {
			return def, false
		}
		return v, true
	}
	root := rootLogger()
	force, _ := pop("force", starlark.False)
	encoding, _ := pop("encoding", starlark.None)
	errors, _ := pop("errors", starlark.String("backslashreplace"))
	if force.Truth() {
		std.mu.Lock()
		var old []*Handler
		for i := 0; i < root.handlers.Len(); i++ {
			if h, ok := root.handlers.Index(i).(*Handler); ok {
				old = append(old, h)
			}
		}
		root.handlers = starlark.NewList(nil)
		std.mu.Unlock()
		for _, h := range old {
			h.close()
		}
	}
	std.mu.Lock()
	n := root.handlers.Len()
	std.mu.Unlock()
	if n > 0 {
		return starlark.None, nil
	}
	hv, _ := pop("handlers", starlark.None)
	_, hasStream := kw["stream"]
	_, hasFile := kw["filename"]
	if hv == starlark.None && hasStream && hasFile {
		return nil, pyerr.New(pyerr.ValueError, "'stream' and 'filename' should not be specified together")
	}
	if hv != starlark.None && (hasStream || hasFile) {
		return nil, pyerr.New(pyerr.ValueError, "'stream' or 'filename' should not be specified together with 'handlers'")
	}
	var hs []*Handler
	if hv == starlark.None {
		filename, _ := pop("filename", starlark.None)
		mode, _ := pop("filemode", starlark.String("a"))
		if filename.Truth() {
			name, ok := starlark.AsString(filename)
			m, ok2 := starlark.AsString(mode)
			if !ok || !ok2 {
				return nil, pyerr.New(pyerr.TypeError, "basicConfig: filename and filemode must be str")
			}
			h, err := newFileHandler(thread, name, m, encoding, errors, false)
			if err != nil {
				return nil, err
			}
			hs = append(hs, h)
		} else {
			stream, _ := pop("stream", starlark.None)
			hs = append(hs, newStreamHandler(stream))
		}
	} else {
		iter := starlark.Iterate(hv)
		if iter == nil {
			return nil, pyerr.New(pyerr.TypeError, "'%s' object is not iterable", pyformat.TypeName(hv))
		}
		var x starlark.Value
		for iter.Next(&x) {
			h, ok := x.(*Handler)
			if !ok {
				iter.Done()
				return nil, pyerr.New("AttributeError", "'%s' object has no attribute 'formatter'", pyformat.TypeName(x))
			}
			hs = append(hs, h)
		}
		iter.Done()
	}
	datefmt, _ := pop("datefmt", starlark.None)
	style := "%"
	if v, ok := pop("style", starlark.String("%")); ok {
		s, isStr := starlark.AsString(v)
		if !isStr || len(s) != 1 || styleDefault(s[0]) == "" {
			return nil, pyerr.New(pyerr.ValueError, "Style must be one of: %%,{,$")
		}
		style = s
	}
	format := starlark.Value(starlark.String(map[string]string{"%": defaultFormat, "{": "{levelname}:{name}:{message}", "$": "${levelname}:${name}:${message}"}[style]))
	if v, ok := pop("format", nil); ok {
		format = v
	}
	f, err := newFormatter(format, datefmt, style, true, nil)
	if err != nil {
		return nil, err
	}
	std.mu.Lock()
	for _, h := range hs {
		h.mu.Lock()
		if h.formatter == starlark.None {
			h.formatter = f
		}
		h.mu.Unlock()
		root.handlers = editList(root.handlers, h, true)
	}
	std.mu.Unlock()
	if lv, _ := pop("level", starlark.None); lv != starlark.None {
		var l level
		if err := l.Unpack(lv); err != nil {
			return nil, err
		}
		std.mu.Lock()
		root.level = int(l)
		std.mu.Unlock()
	}
	if len(kw) > 0 {
		var unknown []string
		for _, k := range order {
			if _, ok := kw[k]; ok {
				unknown = append(unknown, k)
			}
		}
		return nil, pyerr.New(pyerr.ValueError, "Unrecognised argument(s): %s", strings.Join(unknown, ", "))
	}
	return starlark.None, nil
}

// getLevelName is logging.getLevelName(level): the name of a level, the
// level of a name, "Level %s" for others.
func getLevelName(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var v starlark.Value
	if err := starlark.UnpackPositionalArgs(b.Name(), args, kwargs, 1, &v); err != nil {
		return nil, typeError(err)
	}
	if s, ok := v.(starlark.String); ok {
		if n, ok := levelNumber(string(s)); ok {
			return starlark.MakeInt(n), nil
		}
		return starlark.String("Level " + string(s)), nil
	}
	if n, err := starlark.AsInt32(v); err == nil {
		return starlark.String(levelName(n)), nil
	}
	return starlark.String("Level " + pyformat.Str(v)), nil
}

// disable is logging.disable(level=CRITICAL).
func disable(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var v starlark.Value = starlark.MakeInt(mplog.CRITICAL)
	if err := starlark.UnpackArgs(b.Name(), args, kwargs, "level?", &v); err != nil {
		return nil, typeError(err)
	}
	n, err := setLevelArg(v)
	if err != nil {
		return nil, err
	}
	std.mu.Lock()
	std.disable = n
	std.mu.Unlock()
	return starlark.None, nil
}

// getLoggerStd is logging.getLogger(name=None).
func getLoggerStd(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var name starlark.Value = starlark.None
	if err := starlark.UnpackArgs(b.Name(), args, kwargs, "name?", &name); err != nil {
		return nil, typeError(err)
	}
	s, ok := starlark.AsString(name)
	if !ok && name != starlark.None {
		return nil, pyerr.New(pyerr.TypeError, "A logger name must be a string")
	}
	if s == mpLoggerName {
		return getLoggerMP(thread)
	}
	return stdLogger(s), nil
}

// getLoggerMP is logging.getLogger("multiprocessing"): the process's
// multiprocessing logger, the one get_logger() returns.
func getLoggerMP(thread *starlark.Thread) (starlark.Value, error) {
	log, err := envLogger(thread)
	if err != nil {
		return nil, err
	}
	return bindMP(log, false).value(), nil
}

// moduleFunc is logging.debug, info, ...: the root logger's method, after
// a basicConfig() with the defaults if the root has no handler, as Python's.
func moduleFunc(name string) *starlark.Builtin {
	return starlark.NewBuiltin(name, func(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
		root := rootLogger()
		std.mu.Lock()
		n := root.handlers.Len()
		std.mu.Unlock()
		if n == 0 {
			if _, err := basicConfig(thread, b, nil, nil); err != nil {
				return nil, err
			}
		}
		return root.call(thread, name, args, kwargs)
	})
}

// shutdown is logging.shutdown(): records are written as they come, so
// there is nothing to flush; files are closed, as Python's.
func shutdown(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if err := starlark.UnpackPositionalArgs(b.Name(), args, kwargs, 0); err != nil {
		return nil, typeError(err)
	}
	handlers.mu.Lock()
	hs := append([]*Handler(nil), handlers.list...)
	handlers.mu.Unlock()
	for _, h := range hs {
		if h.kind == "StreamHandler" {
			h.mu.Lock()
			s := h.stream
			h.mu.Unlock()
			flushStream(thread, s)
		}
		h.close()
	}
	return starlark.None, nil
}

// stdMembers are the module's functions of Python's logging proper.
func stdMembers() starlark.StringDict {
	m := starlark.StringDict{
		"basicConfig":          starlark.NewBuiltin("basicConfig", basicConfig),
		"getLogger":            starlark.NewBuiltin("getLogger", getLoggerStd),
		"getLevelName":         starlark.NewBuiltin("getLevelName", getLevelName),
		"getLevelNamesMapping": starlark.NewBuiltin("getLevelNamesMapping", getLevelNamesMapping),
		"addLevelName":         starlark.NewBuiltin("addLevelName", addLevelName),
		"disable":              starlark.NewBuiltin("disable", disable),
		"shutdown":             starlark.NewBuiltin("shutdown", shutdown),
		"Formatter":            starlark.NewBuiltin("Formatter", formatterNew),
		"StreamHandler":        starlark.NewBuiltin("StreamHandler", streamHandler),
		"FileHandler":          starlark.NewBuiltin("FileHandler", fileHandler),
		"NullHandler":          starlark.NewBuiltin("NullHandler", nullHandler),
		"Filter":               starlark.NewBuiltin("Filter", filterNew),
		"makeLogRecord":        starlark.NewBuiltin("makeLogRecord", makeLogRecord),
		"lastResort":           lastResort.Get(),
		"root":                 rootLogger(),
		"BASIC_FORMAT":         starlark.String(defaultFormat),
	}
	for _, name := range []string{"debug", "info", "warning", "warn", "error", "critical", "fatal", "exception", "log"} {
		m[name] = moduleFunc(name)
	}
	return m
}
