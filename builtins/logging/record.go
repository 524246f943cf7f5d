package logging

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"time"

	"go.starlark.net/starlark"

	"github.com/procstar/procstar/builtins/catch"
	"github.com/procstar/procstar/internal/lazy"
	"github.com/procstar/procstar/runtime/mplog"
	"github.com/procstar/procstar/runtime/procenv"
	"github.com/procstar/procstar/runtime/pyerr"
	"github.com/procstar/procstar/runtime/pyformat"
)

// Level names, as Python's _levelToName and _nameToLevel: addLevelName
// changes both, for the process.
var levels struct {
	mu     sync.RWMutex
	once   sync.Once // makes the tables, on first use
	toName map[int]string
	toNum  map[string]int
	order  []string // the names in insertion order (getLevelNamesMapping)
}

// levelTables makes the level tables, once, before levels.mu is taken.
func levelTables() {
	levels.once.Do(func() {
		levels.toName = map[int]string{mplog.CRITICAL: "CRITICAL", mplog.ERROR: "ERROR", mplog.WARNING: "WARNING",
			mplog.INFO: "INFO", mplog.DEBUG: "DEBUG", mplog.NOTSET: "NOTSET"}
		levels.toNum = map[string]int{"CRITICAL": mplog.CRITICAL, "FATAL": mplog.CRITICAL, "ERROR": mplog.ERROR,
			"WARN": mplog.WARNING, "WARNING": mplog.WARNING, "INFO": mplog.INFO, "DEBUG": mplog.DEBUG, "NOTSET": mplog.NOTSET}
		levels.order = []string{"CRITICAL", "FATAL", "ERROR", "WARN", "WARNING", "INFO", "DEBUG", "NOTSET"}
	})
}

// levelName is Python's getLevelName of an int level.
func levelName(lv int) string {
	levelTables()
	levels.mu.RLock()
	defer levels.mu.RUnlock()
	if s, ok := levels.toName[lv]; ok {
		return s
	}
	return fmt.Sprintf("Level %d", lv)
}

// levelNumber is the level of a name, if it has one.
func levelNumber(name string) (int, bool) {
	levelTables()
	levels.mu.RLock()
	defer levels.mu.RUnlock()
	n, ok := levels.toNum[name]
	return n, ok
}

func addLevelName(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var lv int
	var name string
	if err := starlark.UnpackArgs(b.Name(), args, kwargs, "level", &lv, "levelName", &name); err != nil {
		return nil, typeError(err)
	}
	levelTables()
	levels.mu.Lock()
	defer levels.mu.Unlock()
	levels.toName[lv] = name
	if _, ok := levels.toNum[name]; !ok {
		levels.order = append(levels.order, name)
	}
	levels.toNum[name] = lv
	return starlark.None, nil
}

func getLevelNamesMapping(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if err := starlark.UnpackPositionalArgs(b.Name(), args, kwargs, 0); err != nil {
		return nil, typeError(err)
	}
	levelTables()
	levels.mu.RLock()
	defer levels.mu.RUnlock()
	d := starlark.NewDict(len(levels.order))
	for _, k := range levels.order {
		d.SetKey(starlark.String(k), starlark.MakeInt(levels.toNum[k]))
	}
	return d, nil
}

// startTime is logging's _startTime, the base of relativeCreated: the time
// the module is loaded (Module), as Python's import sets it, or of the first
// record before that (a Pool task's log of multiprocessing's logger).
var startTime = lazy.Value[time.Time]{New: time.Now}

// Record is a logging.LogRecord: its attributes are a dict, as Python's
// record.__dict__, so that a format reads them all, a filter may set new
// ones and extra= adds its keys.
type Record struct {
	d *starlark.Dict
}

var (
	_ starlark.HasSetField = (*Record)(nil)
)

func (r *Record) String() string {
	return fmt.Sprintf("<LogRecord: %s, %s, %s, %s, \"%s\">", r.str("name"), r.str("levelno"), r.str("pathname"), r.str("lineno"), r.str("msg"))
}
func (r *Record) Type() string          { return "LogRecord" }
func (r *Record) Freeze()               {} // a record stays writable, as Python's
func (r *Record) Truth() starlark.Bool  { return starlark.True }
func (r *Record) Hash() (uint32, error) { return 0, fmt.Errorf("unhashable type: LogRecord") }

func (r *Record) get(name string) starlark.Value {
	v, found, _ := r.d.Get(starlark.String(name))
	if !found {
		return starlark.None
	}
	return v
}

func (r *Record) str(name string) string { return pyformat.Str(r.get(name)) }

func (r *Record) set(name string, v starlark.Value) { r.d.SetKey(starlark.String(name), v) }

func (r *Record) Attr(name string) (starlark.Value, error) {
	if name == "getMessage" {
		return starlark.NewBuiltin("getMessage", func(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			if err := starlark.UnpackPositionalArgs(b.Name(), args, kwargs, 0); err != nil {
				return nil, typeError(err)
			}
			s, err := r.message()
			if err != nil {
				return nil, err
			}
			return starlark.String(s), nil
		}).BindReceiver(r), nil
	}
	v, found, _ := r.d.Get(starlark.String(name))
	if !found {
		return nil, nil
	}
	return v, nil
}

func (r *Record) AttrNames() []string {
	names := []string{"getMessage"}
	for _, k := range r.d.Keys() {
		names = append(names, string(k.(starlark.String)))
	}
	sort.Strings(names)
	return names
}

func (r *Record) SetField(name string, v starlark.Value) error {
	r.set(name, v)
	return nil
}

// message is LogRecord.getMessage: str(msg), %-formatted with args when
// there are any.
func (r *Record) message() (string, error) {
	msg := r.get("msg")
	s, ok := starlark.AsString(msg)
	if !ok {
		s = pyformat.Str(msg)
	}
	args := r.get("args")
	if !args.Truth() {
		return s, nil
	}
	// Python's str % args (%.1f, %5d, %r, ...), not Starlark's narrower %.
	return pyformat.Percent(s, args)
}

// caller is the position of a logging call: the Starlark frame stacklevel
// frames up from the builtin (built-ins in between, such as catch, are not
// counted), or the outermost one if the stack is shorter, as Python's
// findCaller.
type caller struct {
	path, fn string
	line     int
}

// pyFuncName is Python's co_name of a Starlark frame's function.
func pyFuncName(name string) string {
	switch name {
	case "<toplevel>":
		return "<module>"
	case "lambda":
		return "<lambda>"
	}
	return name
}

func findCaller(thread *starlark.Thread, stacklevel int) caller {
	c := caller{path: "(unknown file)", fn: "(unknown function)"}
	if thread == nil {
		return c
	}
	if stacklevel < 1 {
		stacklevel = 1
	}
	for depth := 1; depth < thread.CallStackDepth(); depth++ {
		fr := thread.CallFrame(depth)
		if !scriptFrame(fr) {
			continue
		}
		c = caller{path: fr.Pos.Filename(), fn: fr.Name, line: int(fr.Pos.Line)}
		if stacklevel--; stacklevel == 0 {
			break
		}
	}
	c.fn = pyFuncName(c.fn)
	if c.path != "(unknown file)" && !filepath.IsAbs(c.path) {
		// Python's co_filename of the main script is absolute (3.9+).
		if abs, err := filepath.Abs(c.path); err == nil {
			c.path = abs
		}
	}
	return c
}

// scriptFrame says whether fr is a Starlark function's: a builtin's (catch,
// sorted calling its key) is no frame in Python, whose C functions have
// none, so the caller is the script's function that called it.
func scriptFrame(fr starlark.CallFrame) bool {
	return fr.Pos.IsValid() && fr.Pos.Filename() != "<builtin>"
}

// stackText is a record's stack_info: the Starlark frames from the
// outermost to the caller, in the shape of Python's traceback.print_stack.
func stackText(thread *starlark.Thread, stacklevel int) string {
	var frames []string
	for depth := 1; depth < thread.CallStackDepth(); depth++ {
		fr := thread.CallFrame(depth)
		if !scriptFrame(fr) {
			continue
		}
		if stacklevel > 1 {
			stacklevel--
			continue
		}
		frames = append(frames, fmt.Sprintf("  File \"%s\", line %d, in %s", fr.Pos.Filename(), fr.Pos.Line, pyFuncName(fr.Name)))
	}
	var b strings.Builder
	b.WriteString("Stack (most recent call last):")
	for i := len(frames) - 1; i >= 0; i-- {
		b.WriteString("\n" + frames[i])
	}
	return b.String()
}

// newRecord is Logger.makeRecord: the LogRecord of one call, with
// Python's attributes in Python's order, then extra's.
func newRecord(thread *starlark.Thread, name string, lv int, msg starlark.Value, args starlark.Tuple, excInfo starlark.Value, at caller, extra starlark.Value) (*Record, error) {
	now := time.Now()
	ns := now.UnixNano()
	var rargs starlark.Value = args
	if len(args) == 1 {
		// A single non-empty mapping is the record's args (%(key)s).
		if d, ok := args[0].(*starlark.Dict); ok && d.Len() > 0 {
			rargs = d
		}
	}
	process := "MainProcess"
	if thread != nil {
		if env := procenv.Get(thread); env != nil && env.ProcessName != nil {
			process = env.ProcessName()
		}
	}
	filename := filepath.Base(at.path)
	module := strings.TrimSuffix(filename, filepath.Ext(filename))
	if at.path == "(unknown file)" {
		filename, module = at.path, "Unknown module"
	}
	created := float64(ns) / 1e9
	r := &Record{d: starlark.NewDict(24)}
	for _, kv := range []struct {
		k string
		v starlark.Value
	}{
		{"name", starlark.String(name)},
		{"msg", msg},
		{"args", rargs},
		{"levelname", starlark.String(levelName(lv))},
		{"levelno", starlark.MakeInt(lv)},
		{"pathname", starlark.String(at.path)},
		{"filename", starlark.String(filename)},
		{"module", starlark.String(module)},
		{"exc_info", excInfo},
		{"exc_text", starlark.None},
		{"stack_info", starlark.None},
		{"lineno", starlark.MakeInt(at.line)},
		{"funcName", starlark.String(at.fn)},
		{"created", starlark.Float(created)},
		{"msecs", starlark.Float(float64(ns%1e9/1e6) + 0.0)},
		{"relativeCreated", starlark.Float(float64(ns-startTime.Get().UnixNano()) / 1e6)},
		// One Starlark thread per process runs the script: Python's main
		// thread, whose id on Linux is the pid.
		{"thread", starlark.MakeInt(os.Getpid())},
		{"threadName", starlark.String("MainThread")},
		{"processName", starlark.String(process)},
		{"process", starlark.MakeInt(os.Getpid())},
		{"taskName", starlark.None},
	} {
		r.set(kv.k, kv.v)
	}
	if extra != nil && extra != starlark.None {
		d, ok := extra.(*starlark.Dict)
		if !ok {
			return nil, pyerr.New(pyerr.TypeError, "'%s' object is not iterable", pyformat.TypeName(extra))
		}
		for _, kv := range d.Items() {
			k, ok := kv[0].(starlark.String)
			if !ok {
				return nil, pyerr.New(pyerr.TypeError, "attribute name must be string, not '%s'", pyformat.TypeName(kv[0]))
			}
			if _, found, _ := r.d.Get(k); found || k == "message" || k == "asctime" {
				return nil, pyerr.New(pyerr.KeyError, "\"Attempt to overwrite %s in LogRecord\"", pyRepr(string(k)))
			}
			r.d.SetKey(k, kv[1])
		}
	}
	return r, nil
}

// makeLogRecord is logging.makeLogRecord(dict): a record with Python's
// defaults for LogRecord(None, None, "", 0, "", (), None, None), updated
// from dict.
func makeLogRecord(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var d *starlark.Dict
	if err := starlark.UnpackPositionalArgs(b.Name(), args, kwargs, 1, &d); err != nil {
		return nil, typeError(err)
	}
	r, _ := newRecord(thread, "", 0, starlark.String(""), nil, starlark.None, caller{}, nil)
	for _, kv := range []struct {
		k string
		v starlark.Value
	}{
		{"name", starlark.None}, {"levelname", starlark.String("Level None")}, {"levelno", starlark.None},
		{"pathname", starlark.String("")}, {"filename", starlark.String("")}, {"module", starlark.String("")},
		{"funcName", starlark.None},
	} {
		r.set(kv.k, kv.v)
	}
	for _, kv := range d.Items() {
		r.d.SetKey(kv[0], kv[1])
	}
	return r, nil
}

// excText is the text Formatter.formatException gives a record's
// exc_info: a procstar error value (from catch) as its traceback's last
// line, "Type: message"; True outside an except block as Python's
// "NoneType: None".
func excText(v starlark.Value) string {
	if e, ok := v.(*catch.Error); ok {
		return e.Typ + ": " + e.Message
	}
	return "NoneType: None"
}
