package logging

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"unsafe"

	"go.starlark.net/starlark"

	"github.com/procstar/procstar/builtins/internal/intarg"
	"github.com/procstar/procstar/builtins/internal/oserr"
	"github.com/procstar/procstar/builtins/sysmod"
	"github.com/procstar/procstar/internal/lazy"
	"github.com/procstar/procstar/runtime/procenv"
	"github.com/procstar/procstar/runtime/pyerr"
	"github.com/procstar/procstar/runtime/pyformat"
	"github.com/procstar/procstar/runtime/textcodec"
)

func hashPtr[T any](p *T) uint32 {
	u := uintptr(unsafe.Pointer(p))
	return uint32(u ^ u>>32)
}

// Handler is a logging handler: StreamHandler, FileHandler, NullHandler,
// or the "last resort" _StderrHandler. Starlark has no classes, so a
// script cannot subclass one; a filter function does what an emit
// override would in most scripts.
type Handler struct {
	kind string

	mu         sync.Mutex
	name       starlark.Value // None or str
	level      int
	formatter  starlark.Value // None or *Formatter
	filters    *starlark.List
	terminator string
	stream     starlark.Value // StreamHandler: its stream (None for a FileHandler until opened)

	// FileHandler
	path, mode string
	encoding   starlark.Value // as given, or "locale" (io.text_encoding(None))
	errors     starlark.Value // None (strict) or the error handler's name
	codec      *textcodec.Codec
	delay      bool
	file       *os.File
	closed     bool
}

var _ starlark.HasSetField = (*Handler)(nil)

// handlers are all the handlers made, for shutdown() (Python's
// _handlerList).
var handlers struct {
	mu   sync.Mutex
	list []*Handler
}

func newHandler(kind string) *Handler {
	h := &Handler{kind: kind, name: starlark.None, formatter: starlark.None, filters: starlark.NewList(nil), terminator: "\n", stream: starlark.None, encoding: starlark.None, errors: starlark.None}
	handlers.mu.Lock()
	handlers.list = append(handlers.list, h)
	handlers.mu.Unlock()
	return h
}

func (h *Handler) String() string {
	h.mu.Lock()
	defer h.mu.Unlock()
	lv := levelName(h.level)
	switch h.kind {
	case "FileHandler":
		return fmt.Sprintf("<%s %s (%s)>", h.kind, h.path, lv)
	case "StreamHandler", "_StderrHandler":
		name := ""
		if a, ok := h.stream.(starlark.HasAttrs); ok {
			if n, _ := a.Attr("name"); n != nil {
				name = pyformat.Str(n) + " "
			}
		}
		return fmt.Sprintf("<%s %s(%s)>", h.kind, name, lv)
	}
	return fmt.Sprintf("<%s (%s)>", h.kind, lv)
}
func (h *Handler) Type() string          { return h.kind }
func (h *Handler) Freeze()               {} // a handler stays configurable, as Python's
func (h *Handler) Truth() starlark.Bool  { return starlark.True }
func (h *Handler) Hash() (uint32, error) { return hashPtr(h), nil }

var handlerMethods = []string{"acquire", "addFilter", "close", "filter", "flush", "format", "get_name", "handle", "release", "removeFilter", "setFormatter", "setLevel", "set_name"}

func (h *Handler) AttrNames() []string {
	names := append([]string{"filters", "formatter", "level", "name"}, handlerMethods...)
	switch h.kind {
	case "StreamHandler":
		names = append(names, "setStream", "stream", "terminator")
	case "FileHandler":
		names = append(names, "baseFilename", "delay", "encoding", "errors", "mode", "stream", "terminator")
	}
	return names
}

func (h *Handler) Attr(name string) (starlark.Value, error) {
	h.mu.Lock()
	defer h.mu.Unlock()
	switch name {
	case "name":
		return h.name, nil
	case "level":
		return starlark.MakeInt(h.level), nil
	case "formatter":
		return h.formatter, nil
	case "filters":
		return h.filters, nil
	}
	if h.kind == "StreamHandler" || h.kind == "FileHandler" {
		switch name {
		case "terminator":
			return starlark.String(h.terminator), nil
		case "stream":
			if h.kind == "FileHandler" && h.file == nil {
				return starlark.None, nil
			}
			if h.kind == "FileHandler" {
				// The file itself is written by the handler alone: a
				// script sees what it is, not a way to write it.
				return &fileStream{h}, nil
			}
			return h.stream, nil
		}
	}
	if h.kind == "FileHandler" {
		switch name {
		case "baseFilename":
			return starlark.String(h.path), nil
		case "mode":
			return starlark.String(h.mode), nil
		case "encoding":
			return h.encoding, nil
		case "errors":
			return h.errors, nil
		case "delay":
			return starlark.Bool(h.delay), nil
		}
	}
	if name == "setStream" && h.kind != "StreamHandler" {
		return nil, nil
	}
	for _, m := range append(handlerMethods, "setStream") {
		if m == name {
			return starlark.NewBuiltin(name, func(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
				return h.call(thread, name, args, kwargs)
			}).BindReceiver(h), nil
		}
	}
	return nil, nil
}

func (h *Handler) SetField(name string, v starlark.Value) error {
	switch name {
	case "name":
		h.mu.Lock()
		h.name = v
		h.mu.Unlock()
		return nil
	case "level":
		n, err := starlark.AsInt32(intarg.BoolAsInt(v))
		if err != nil {
			return pyerr.New(pyerr.TypeError, "level must be an int")
		}
		h.mu.Lock()
		h.level = n
		h.mu.Unlock()
		return nil
	case "formatter":
		if _, ok := v.(*Formatter); !ok && v != starlark.None {
			return pyerr.New(pyerr.TypeError, "formatter must be a logging.Formatter or None, not %s", pyformat.TypeName(v))
		}
		h.mu.Lock()
		h.formatter = v
		h.mu.Unlock()
		return nil
	case "terminator":
		s, ok := starlark.AsString(v)
		if ok && (h.kind == "StreamHandler" || h.kind == "FileHandler") {
			h.mu.Lock()
			h.terminator = s
			h.mu.Unlock()
			return nil
		}
	case "filters":
		if l, ok := v.(*starlark.List); ok {
			h.mu.Lock()
			h.filters = l
			h.mu.Unlock()
			return nil
		}
	}
	return starlark.NoSuchAttrError(fmt.Sprintf("%s has no settable .%s field", h.kind, name))
}

func (h *Handler) call(thread *starlark.Thread, name string, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
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
		h.mu.Lock()
		h.level = lv
		h.mu.Unlock()
	case "setFormatter":
		var v starlark.Value
		if err := starlark.UnpackPositionalArgs(name, args, kwargs, 1, &v); err != nil {
			return nil, typeError(err)
		}
		return starlark.None, h.SetField("formatter", v)
	case "get_name":
		if err := starlark.UnpackPositionalArgs(name, args, kwargs, 0); err != nil {
			return nil, typeError(err)
		}
		h.mu.Lock()
		defer h.mu.Unlock()
		return h.name, nil
	case "set_name":
		var v starlark.Value
		if err := starlark.UnpackPositionalArgs(name, args, kwargs, 1, &v); err != nil {
			return nil, typeError(err)
		}
		return starlark.None, h.SetField("name", v)
	case "addFilter", "removeFilter":
		var f starlark.Value
		if err := starlark.UnpackPositionalArgs(name, args, kwargs, 1, &f); err != nil {
			return nil, typeError(err)
		}
		h.mu.Lock()
		h.filters = editList(h.filters, f, name == "addFilter")
		h.mu.Unlock()
	case "filter":
		var r *Record
		if err := starlark.UnpackPositionalArgs(name, args, kwargs, 1, &r); err != nil {
			return nil, typeError(err)
		}
		h.mu.Lock()
		filters := h.filters
		h.mu.Unlock()
		return runFilters(thread, filters, r)
	case "format":
		var r *Record
		if err := starlark.UnpackPositionalArgs(name, args, kwargs, 1, &r); err != nil {
			return nil, typeError(err)
		}
		s, err := h.format(r)
		if err != nil {
			return nil, err
		}
		return starlark.String(s), nil
	case "handle":
		var r *Record
		if err := starlark.UnpackPositionalArgs(name, args, kwargs, 1, &r); err != nil {
			return nil, typeError(err)
		}
		return h.handle(thread, r)
	case "flush", "acquire", "release":
		// Records are written whole as they come: nothing is buffered.
		if err := starlark.UnpackPositionalArgs(name, args, kwargs, 0); err != nil {
			return nil, typeError(err)
		}
		if name == "flush" && h.kind == "StreamHandler" {
			h.mu.Lock()
			stream := h.stream
			h.mu.Unlock()
			return starlark.None, flushStream(thread, stream)
		}
	case "close":
		if err := starlark.UnpackPositionalArgs(name, args, kwargs, 0); err != nil {
			return nil, typeError(err)
		}
		h.close()
	case "setStream":
		var s starlark.Value
		if err := starlark.UnpackPositionalArgs(name, args, kwargs, 1, &s); err != nil {
			return nil, typeError(err)
		}
		h.mu.Lock()
		old := h.stream
		h.stream = s
		h.mu.Unlock()
		if old == s {
			return starlark.None, nil
		}
		if err := flushStream(thread, old); err != nil {
			return nil, err
		}
		return old, nil
	}
	return starlark.None, nil
}

// close is Handler.close: a FileHandler closes its file (a later record
// opens it again, unless the mode is "w", as CPython 3.12's).
func (h *Handler) close() {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.file != nil {
		h.file.Close()
		h.file = nil
	}
	h.closed = true
}

// flushStream calls stream.flush() if it has one.
func flushStream(thread *starlark.Thread, stream starlark.Value) error {
	a, ok := stream.(starlark.HasAttrs)
	if !ok {
		return nil
	}
	flush, _ := a.Attr("flush")
	if flush == nil {
		return nil
	}
	_, err := starlark.Call(thread, flush, nil, nil)
	return err
}

// editList adds f to l (unless there) or removes it, as addFilter and
// addHandler do; a list frozen with the globals it was reached from is
// replaced by a copy.
func editList(l *starlark.List, f starlark.Value, add bool) *starlark.List {
	i := -1
	for j := 0; j < l.Len(); j++ {
		if eq, _ := starlark.Equal(l.Index(j), f); eq {
			i = j
			break
		}
	}
	if (add && i >= 0) || (!add && i < 0) {
		return l
	}
	elems := make([]starlark.Value, 0, l.Len()+1)
	for j := 0; j < l.Len(); j++ {
		if j != i {
			elems = append(elems, l.Index(j))
		}
	}
	if add {
		if l.Append(f) == nil {
			return l
		}
		return starlark.NewList(append(elems, f))
	}
	if l.Clear() == nil {
		for _, e := range elems {
			l.Append(e)
		}
		return l
	}
	return starlark.NewList(elems)
}

// runFilters is Filterer.filter: each filter is asked in turn, a value
// with a filter attribute through it and any other as a callable (Python
// 3.2+); a false result drops the record (False), a LogRecord replaces it
// for the filters after it and the handlers (3.12). It returns the record
// that passed, as CPython 3.12's. Errors of a filter reach the logging
// call, as in Python.
func runFilters(thread *starlark.Thread, filters *starlark.List, r *Record) (starlark.Value, error) {
	for i := 0; i < filters.Len(); i++ {
		f := filters.Index(i)
		fn := f
		if a, ok := f.(starlark.HasAttrs); ok {
			if m, _ := a.Attr("filter"); m != nil {
				fn = m
			}
		}
		if _, ok := fn.(starlark.Callable); !ok {
			return nil, pyerr.New(pyerr.TypeError, "'%s' object is not callable", pyformat.TypeName(fn))
		}
		res, err := starlark.Call(thread, fn, starlark.Tuple{r}, nil)
		if err != nil {
			return nil, err
		}
		if !res.Truth() {
			return starlark.False, nil
		}
		if rec, ok := res.(*Record); ok {
			r = rec
		}
	}
	return r, nil
}

// format is Handler.format: its formatter, or Python's default one
// ("%(message)s").
func (h *Handler) format(r *Record) (string, error) {
	h.mu.Lock()
	f, _ := h.formatter.(*Formatter)
	h.mu.Unlock()
	if f == nil {
		f = defaultFormatter
	}
	return f.format(r)
}

var defaultFormatter = &Formatter{fmt: "%(message)s", style: '%', datefmt: starlark.None,
	timeFmt: starlark.String("%Y-%m-%d %H:%M:%S"), msecFmt: starlark.String("%s,%03d")}

// handle is Handler.handle: the filters, then emit; it returns the
// filters' verdict (the record emitted, or False).
func (h *Handler) handle(thread *starlark.Thread, r *Record) (starlark.Value, error) {
	if h.kind == "NullHandler" {
		// CPython's NullHandler.handle is a stub: its filters never run.
		return starlark.None, nil
	}
	h.mu.Lock()
	filters := h.filters
	h.mu.Unlock()
	ok, err := runFilters(thread, filters, r)
	if err != nil || !ok.Truth() {
		return ok, err
	}
	r = ok.(*Record)
	if h.kind == "FileHandler" {
		// FileHandler.emit opens a delayed (or closed) file before
		// StreamHandler.emit's try: an error opening it is the caller's,
		// not handleError's.
		h.mu.Lock()
		if h.file == nil && !(h.mode == "w" && h.closed) {
			err = h.open(thread)
		}
		h.mu.Unlock()
		if err != nil {
			return nil, err
		}
	}
	h.emit(thread, r)
	return r, nil
}

// emit writes one record whole, in one write: records of processes that
// share a file or a stream never interleave mid-line. An error is
// reported on stderr (Handler.handleError) and logging goes on.
func (h *Handler) emit(thread *starlark.Thread, r *Record) {
	if h.kind == "NullHandler" {
		return
	}
	line, err := h.format(r)
	if err == nil {
		err = h.write(thread, line)
	}
	if err != nil {
		handleError(thread, err, r)
	}
}

func (h *Handler) write(thread *starlark.Thread, line string) error {
	h.mu.Lock()
	line += h.terminator
	stream := h.stream
	if h.kind == "_StderrHandler" {
		stream = sysmod.Stderr // sys.stderr when the record comes, as Python's
	}
	if h.kind == "FileHandler" {
		defer h.mu.Unlock()
		if h.file == nil {
			if h.mode == "w" && h.closed {
				return nil
			}
			if err := h.open(thread); err != nil {
				return err
			}
		}
		// The file's encoding and error handler, as Python's text file:
		// a record it cannot encode is not written at all.
		errors, _ := starlark.AsString(h.errors)
		if errors == "" {
			errors = "strict"
		}
		b, err := h.codec.Encode(line, errors)
		if err != nil {
			return err
		}
		_, err = h.file.Write(b)
		return err
	}
	h.mu.Unlock()
	if s, ok := stream.(*sysmod.Stream); ok {
		// sys.stdout and sys.stderr: straight to this process's streams.
		env := procenv.Get(thread)
		w := env.Stdout
		if s == sysmod.Stderr {
			w = env.Stderr
		}
		if w != nil {
			_, err := io.WriteString(w, line)
			return err
		}
		return nil
	}
	write := attrOf(stream, "write")
	if _, err := starlark.Call(thread, write, starlark.Tuple{starlark.String(line)}, nil); err != nil {
		return err
	}
	return flushStream(thread, stream)
}

// open opens a FileHandler's file; O_APPEND makes each record's single
// write land whole at the end, whatever other processes write.
func (h *Handler) open(thread *starlark.Thread) error {
	flags := os.O_WRONLY | os.O_CREATE | os.O_APPEND
	switch strings.TrimSuffix(h.mode, "+") {
	case "w":
		if !h.closed {
			flags |= os.O_TRUNC
		}
	case "x":
		flags |= os.O_EXCL
	}
	f, err := os.OpenFile(h.path, flags, 0o666)
	if err != nil {
		return oserr.New(err, h.path)
	}
	// As Python's open(), the file is made before its encoding is
	// looked up.
	h.codec = textcodec.UTF8 // the locale's, for "locale"
	if e, ok := h.encoding.(starlark.String); ok && e != "locale" {
		c, err := textcodec.LookupStream(string(e))
		if err != nil {
			f.Close()
			return err
		}
		h.codec = c
	}
	h.file = f
	return nil
}

// handleError is Handler.handleError: the error and the record on stderr.
func handleError(thread *starlark.Thread, err error, r *Record) {
	env := procenv.Get(thread)
	if env == nil || env.Stderr == nil {
		return
	}
	typ, msg := pyerr.Classify(err)
	io.WriteString(env.Stderr, fmt.Sprintf("--- Logging error ---\n%s: %s\nCall stack:\n  File \"%s\", line %s, in %s\nMessage: %s\nArguments: %s\n",
		typ, msg, r.str("pathname"), r.str("lineno"), r.str("funcName"), pyformat.Repr(r.get("msg")), pyformat.Repr(r.get("args"))))
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

// streamHandler is logging.StreamHandler(stream=None): sys.stderr by
// default.
func streamHandler(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var stream starlark.Value = starlark.None
	if err := starlark.UnpackArgs(b.Name(), args, kwargs, "stream?", &stream); err != nil {
		return nil, typeError(err)
	}
	return newStreamHandler(stream), nil
}

func newStreamHandler(stream starlark.Value) *Handler {
	h := newHandler("StreamHandler")
	if stream == starlark.None {
		stream = sysmod.Stderr
	}
	h.stream = stream
	return h
}

// fileHandler is logging.FileHandler(filename, mode='a', encoding=None,
// delay=False, errors=None). The file is opened at once unless delay.
func fileHandler(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var filename string
	mode := "a"
	var encoding, errors starlark.Value = starlark.None, starlark.None
	delay := false
	if err := starlark.UnpackArgs(b.Name(), args, kwargs, "filename", &filename, "mode?", &mode, "encoding?", &encoding, "delay?", &delay, "errors?", &errors); err != nil {
		return nil, typeError(err)
	}
	return newFileHandler(thread, filename, mode, encoding, errors, delay)
}

func newFileHandler(thread *starlark.Thread, filename, mode string, encoding, errors starlark.Value, delay bool) (*Handler, error) {
	if encoding == starlark.None {
		encoding = starlark.String("locale") // io.text_encoding(None)
	} else if _, ok := encoding.(starlark.String); !ok {
		return nil, pyerr.New(pyerr.TypeError, "open() argument 'encoding' must be str or None, not %s", pyformat.TypeName(encoding))
	}
	if _, ok := errors.(starlark.String); !ok && errors != starlark.None {
		return nil, pyerr.New(pyerr.TypeError, "open() argument 'errors' must be str or None, not %s", pyformat.TypeName(errors))
	}
	switch mode {
	case "a", "w", "x", "a+", "w+", "x+":
	default:
		// Python opens other modes and fails at the first record (a
		// binary or read-only file); procstar says so at once.
		return nil, pyerr.New(pyerr.ValueError, "FileHandler: procstar writes files in mode 'a', 'w' or 'x', not %s", pyRepr(mode))
	}
	path := procenv.Get(thread).Path(filename)
	if abs, err := filepath.Abs(path); err == nil {
		path = abs
	}
	h := newHandler("FileHandler")
	h.path, h.mode, h.encoding, h.errors, h.delay = path, mode, encoding, errors, delay
	if !delay {
		if err := h.open(thread); err != nil {
			return nil, err
		}
	}
	return h, nil
}

func nullHandler(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if err := starlark.UnpackPositionalArgs(b.Name(), args, kwargs, 0); err != nil {
		return nil, typeError(err)
	}
	return newHandler("NullHandler"), nil
}

// lastResort is Python's logging.lastResort: WARNING and above, bare, on
// sys.stderr, when no handler is found.
var lastResort = lazy.Value[*Handler]{New: func() *Handler {
	return &Handler{kind: "_StderrHandler", name: starlark.None, level: 30, formatter: starlark.None,
		filters: starlark.NewList(nil), terminator: "\n", stream: sysmod.Stderr, encoding: starlark.None}
}}

// Filter is logging.Filter(name=”): records of that logger and its
// children pass.
type Filter struct{ name string }

func (f *Filter) String() string        { return fmt.Sprintf("<logging.Filter object at %p>", f) }
func (f *Filter) Type() string          { return "Filter" }
func (f *Filter) Freeze()               {}
func (f *Filter) Truth() starlark.Bool  { return starlark.True }
func (f *Filter) Hash() (uint32, error) { return hashPtr(f), nil }
func (f *Filter) AttrNames() []string   { return []string{"filter", "name", "nlen"} }
func (f *Filter) Attr(name string) (starlark.Value, error) {
	switch name {
	case "name":
		return starlark.String(f.name), nil
	case "nlen":
		return starlark.MakeInt(len(f.name)), nil
	case "filter":
		return starlark.NewBuiltin("filter", func(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			var r *Record
			if err := starlark.UnpackPositionalArgs(b.Name(), args, kwargs, 1, &r); err != nil {
				return nil, typeError(err)
			}
			n := r.str("name")
			return starlark.Bool(f.name == "" || n == f.name || strings.HasPrefix(n, f.name+".")), nil
		}).BindReceiver(f), nil
	}
	return nil, nil
}

func filterNew(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	name := ""
	if err := starlark.UnpackArgs(b.Name(), args, kwargs, "name?", &name); err != nil {
		return nil, typeError(err)
	}
	return &Filter{name: name}, nil
}

// fileStream is an open FileHandler's stream as a script sees it: the
// name, mode, encoding and closed of Python's file object (writes go
// through the handler, whole records at a time).
type fileStream struct{ h *Handler }

func (s *fileStream) attrs() (name, mode, encoding string, closed bool) {
	s.h.mu.Lock()
	defer s.h.mu.Unlock()
	encoding = "UTF-8" // the locale's, for "locale"
	if e, ok := starlark.AsString(s.h.encoding); ok && e != "locale" {
		encoding = e
	}
	return s.h.path, s.h.mode, encoding, s.h.file == nil
}

func (s *fileStream) String() string {
	name, mode, encoding, _ := s.attrs()
	return fmt.Sprintf("<_io.TextIOWrapper name=%s mode=%s encoding=%s>", pyformat.QuoteStr(name), pyformat.QuoteStr(mode), pyformat.QuoteStr(encoding))
}
func (s *fileStream) Type() string          { return "TextIOWrapper" }
func (s *fileStream) Freeze()               {}
func (s *fileStream) Truth() starlark.Bool  { return starlark.True }
func (s *fileStream) Hash() (uint32, error) { return hashPtr(s.h), nil }
func (s *fileStream) AttrNames() []string   { return []string{"closed", "encoding", "mode", "name"} }
func (s *fileStream) Attr(attr string) (starlark.Value, error) {
	name, mode, encoding, closed := s.attrs()
	switch attr {
	case "name":
		return starlark.String(name), nil
	case "mode":
		return starlark.String(mode), nil
	case "encoding":
		return starlark.String(encoding), nil
	case "closed":
		return starlark.Bool(closed), nil
	}
	return nil, nil
}
