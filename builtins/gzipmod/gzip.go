// Package gzipmod is procstar's "gzip" module: compress, decompress and
// open, for the .gz files scripts read and write (compress/gzip, which
// go.starlark.net links already: no start-up cost).
package gzipmod

import (
	"bytes"
	"compress/gzip"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"os"
	"strings"
	"time"

	"go.starlark.net/starlark"
	"go.starlark.net/starlarkstruct"

	"github.com/procstar/procstar/builtins/internal/intarg"
	"github.com/procstar/procstar/builtins/internal/oserr"
	"github.com/procstar/procstar/builtins/internal/patharg"
	"github.com/procstar/procstar/builtins/iomod"
	"github.com/procstar/procstar/runtime/pyerr"
	"github.com/procstar/procstar/runtime/pyformat"
	"github.com/procstar/procstar/runtime/pyiter"
	"github.com/procstar/procstar/runtime/textcodec"
)

// badGzipFile is the type Python raises for data that is not gzip.
const badGzipFile = "gzip.BadGzipFile"

// Module returns a new "gzip" module.
func Module() *starlarkstruct.Module {
	return &starlarkstruct.Module{Name: "gzip", Members: starlark.StringDict{
		"compress":   starlark.NewBuiltin("compress", compress),
		"decompress": starlark.NewBuiltin("decompress", decompress),
		"open":       starlark.NewBuiltin("open", open),
	}}
}

// level is a compresslevel argument: an int (a bool is one, as in
// Python) from -1 to 9. A level out of range is zlib.compress's error;
// open gives zlib.compressobj's (ValueError) instead.
func level(v starlark.Value, open bool) (int, error) {
	n, err := intarg.CInt(v)
	if err != nil {
		return 0, err
	}
	if n < -1 || n > 9 {
		if open {
			return 0, pyerr.New(pyerr.ValueError, "Invalid initialization option")
		}
		return 0, pyerr.New("zlib.error", "Bad compression level")
	}
	return n, nil
}

func bytesArg(v starlark.Value) ([]byte, error) {
	if b, ok := v.(starlark.Bytes); ok {
		return []byte(b), nil
	}
	return nil, pyerr.New(pyerr.TypeError, "a bytes-like object is required, not '%s'", pyformat.TypeName(v))
}

func compress(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var data, mtime starlark.Value = nil, starlark.None
	var lvlV starlark.Value = starlark.MakeInt(9)
	if err := starlark.UnpackArgs(b.Name(), args, kwargs, "data", &data, "compresslevel?", &lvlV, "mtime?", &mtime); err != nil {
		return nil, pyerr.New(pyerr.TypeError, "%s", err)
	}
	in, err := bytesArg(data)
	if err != nil {
		return nil, err
	}
	lvl, err := level(lvlV, false)
	if err != nil {
		return nil, err
	}
	var out bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&out, lvl)
	zw.ModTime = time.Now()
	if mtime != starlark.None {
		secs, ok := starlark.AsFloat(mtime)
		if !ok {
			return nil, pyerr.New(pyerr.TypeError, "mtime must be a number, not %s", pyformat.TypeName(mtime))
		}
		zw.ModTime = time.Unix(int64(secs), 0)
	}
	zw.Write(in)
	zw.Close()
	return starlark.Bytes(out.String()), nil
}

// errTruncated is Python's EOFError for a stream that stops early (made
// when needed: a module's package runs no code at a process's start).
func errTruncated() error {
	return pyerr.New("EOFError", "Compressed file ended before the end-of-stream marker was reached")
}

// gunzip decompresses every member of data, with Python's errors. It is
// CPython 3.12's gzip.decompress loop (which GzipFile's reader follows
// too): no data left ends it (b"" is b""), NUL bytes between and after
// members are padding, and anything else after a member must be another
// member ("Not a gzipped file (b'x')"), never a truncated stream.
func gunzip(data []byte) ([]byte, error) {
	var out []byte
	for len(data) > 0 {
		if len(data) < 2 || data[0] != 0x1f || data[1] != 0x8b {
			return nil, pyerr.New(badGzipFile, "Not a gzipped file (%s)", pyerr.QuoteBytes(string(data[:min(2, len(data))])))
		}
		// A bytes.Reader is an io.ByteReader: the gzip reader takes
		// from it no more than the member, so r.Len() is what follows.
		r := bytes.NewReader(data)
		zr, err := gzip.NewReader(r)
		var member []byte
		if err == nil {
			zr.Multistream(false)
			member, err = io.ReadAll(zr)
		}
		switch {
		case err == nil:
		case errors.Is(err, io.ErrUnexpectedEOF), errors.Is(err, io.EOF):
			return nil, errTruncated()
		case errors.Is(err, gzip.ErrHeader) && len(data) > 2 && data[2] != 8:
			return nil, pyerr.New(badGzipFile, "Unknown compression method")
		case errors.Is(err, gzip.ErrChecksum):
			// Go's one error for both checks of the trailer: Python
			// names the one that failed.
			end := len(data) - r.Len()
			if end >= 8 && binary.LittleEndian.Uint32(data[end-8:]) == crc32.ChecksumIEEE(member) {
				return nil, pyerr.New(badGzipFile, "Incorrect length of data produced")
			}
			return nil, pyerr.New(badGzipFile, "CRC check failed")
		default:
			return nil, pyerr.New(badGzipFile, "%s", err)
		}
		out = append(out, member...)
		data = bytes.TrimLeft(data[len(data)-r.Len():], "\x00")
	}
	return out, nil
}

func decompress(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var data starlark.Value
	if err := starlark.UnpackArgs(b.Name(), args, kwargs, "data", &data); err != nil {
		return nil, pyerr.New(pyerr.TypeError, "%s", err)
	}
	in, err := bytesArg(data)
	if err != nil {
		return nil, err
	}
	out, err := gunzip(in)
	if err != nil {
		return nil, err
	}
	return starlark.Bytes(out), nil
}

// open is gzip.open(filename, mode="rb", compresslevel=9, encoding=None,
// errors=None, newline=None). Reading decompresses the whole file at open
// into an in-memory file (io's); writing compresses as it goes.
func open(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var nameV starlark.Value
	mode := "rb"
	var lvlV starlark.Value = starlark.MakeInt(9)
	var encV, errV, nlV starlark.Value = starlark.None, starlark.None, starlark.None
	if err := starlark.UnpackArgs(b.Name(), args, kwargs, "filename", &nameV, "mode?", &mode, "compresslevel?", &lvlV,
		"encoding?", &encV, "errors?", &errV, "newline?", &nlV); err != nil {
		return nil, pyerr.New(pyerr.TypeError, "%s", err)
	}
	text := strings.Contains(mode, "t")
	if text && strings.Contains(mode, "b") {
		return nil, pyerr.New(pyerr.ValueError, "Invalid mode: %s", pyerr.QuoteStr(mode))
	}
	if !text {
		for _, a := range []struct {
			name string
			v    starlark.Value
		}{{"encoding", encV}, {"errors", errV}, {"newline", nlV}} {
			if a.v != starlark.None {
				return nil, pyerr.New(pyerr.ValueError, "Argument '%s' not supported in binary mode", a.name)
			}
		}
	}
	raw := strings.NewReplacer("t", "", "b", "").Replace(mode)
	if raw != "r" && raw != "w" && raw != "a" && raw != "x" {
		// Python's GzipFile adds "b" and lets open() refuse it.
		m := strings.ReplaceAll(mode, "t", "")
		if !strings.Contains(m, "b") {
			m += "b"
		}
		return nil, pyerr.New(pyerr.ValueError, "invalid mode: %s", pyerr.QuoteStr(m))
	}
	// TextIOWrapper's newline=: None, "", "\n", "\r" or "\r\n".
	newline := ""
	switch nl := nlV.(type) {
	case starlark.NoneType:
	case starlark.String:
		if nl != "" && nl != "\n" && nl != "\r" && nl != "\r\n" {
			// (TextIOWrapper's text has no quotes, StringIO's has)
			return nil, pyerr.New(pyerr.ValueError, "illegal newline value: %s", string(nl))
		}
		newline = string(nl)
	default:
		return nil, pyerr.New(pyerr.TypeError, "TextIOWrapper() argument 'newline' must be str or None, not %s", pyformat.TypeName(nlV))
	}
	lvl, err := level(lvlV, true)
	if err != nil {
		return nil, err
	}
	switch nameV.(type) {
	case starlark.String, starlark.Bytes:
	default:
		if _, ok := nameV.(starlark.HasAttrs); !ok {
			// GzipFile takes a path or a file object; anything else:
			return nil, pyerr.New(pyerr.TypeError, "filename must be a str or bytes object, or a file")
		}
	}
	path, err := patharg.FSPath(nameV)
	if err != nil {
		return nil, err
	}
	enc, errs := "utf-8", "strict"
	if s, ok := encV.(starlark.String); ok {
		enc = string(s)
	}
	if s, ok := errV.(starlark.String); ok {
		errs = string(s)
	}
	lookup := textcodec.LookupStream // writes encode a piece at a time
	if raw == "r" {
		lookup = textcodec.Lookup // the whole file is decoded at once
	}
	codec, err := lookup(enc)
	if err != nil {
		return nil, err
	}
	if raw == "r" {
		data, err := os.ReadFile(path)
		if err != nil {
			return nil, oserr.New(err, path)
		}
		out, err := gunzip(data)
		if err != nil {
			return nil, err
		}
		if !text {
			return iomod.NewBytes(out), nil
		}
		s, err := codec.Decode(out, errs)
		if err != nil {
			return nil, err
		}
		return iomod.NewText(string(s), nlV), nil
	}
	flags := os.O_WRONLY | os.O_CREATE | os.O_TRUNC
	switch raw {
	case "a":
		flags = os.O_WRONLY | os.O_CREATE | os.O_APPEND
	case "x":
		flags = os.O_WRONLY | os.O_CREATE | os.O_EXCL
	}
	f, err := os.OpenFile(path, flags, 0o666)
	if err != nil {
		return nil, oserr.New(err, path)
	}
	zw, _ := gzip.NewWriterLevel(f, lvl)
	zw.ModTime = time.Now()
	return &writer{f: f, zw: zw, text: text, codec: codec, errors: errs, name: path, newline: newline}, nil
}

// writer is a gzip file open for writing: what is written is compressed
// into the file; close() ends the member and the file.
type writer struct {
	f      *os.File
	zw     *gzip.Writer
	text   bool
	codec  *textcodec.Codec
	errors string
	name   string
	closed bool
	// newline is what a "\n" written becomes when "\r" or "\r\n"
	// (TextIOWrapper's newline=; None and "\n" write "\n" on POSIX).
	newline string
}

var _ starlark.HasAttrs = (*writer)(nil)

func (w *writer) String() string {
	return fmt.Sprintf("<gzip %s 0x%x>", pyerr.QuoteStr(w.name), uintptr(0))
}
func (w *writer) Type() string         { return "GzipFile" }
func (w *writer) Freeze()              {}
func (w *writer) Truth() starlark.Bool { return starlark.True }
func (w *writer) Hash() (uint32, error) {
	return 0, pyerr.New(pyerr.TypeError, "unhashable type: 'GzipFile'")
}
func (w *writer) AttrNames() []string {
	return []string{"close", "closed", "flush", "write", "writelines", "name"}
}

func (w *writer) Attr(name string) (starlark.Value, error) {
	switch name {
	case "closed":
		return starlark.Bool(w.closed), nil
	case "name":
		return starlark.String(w.name), nil
	case "write", "writelines", "close", "flush":
	default:
		return nil, nil
	}
	return starlark.NewBuiltin(name, func(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
		if w.closed {
			if name == "close" {
				return starlark.None, nil
			}
			return nil, pyerr.New(pyerr.ValueError, "write to closed file")
		}
		switch name {
		case "close":
			w.closed = true
			err := w.zw.Close()
			if cerr := w.f.Close(); err == nil {
				err = cerr
			}
			if err != nil {
				return nil, oserr.New(err, w.name)
			}
			return starlark.None, nil
		case "flush":
			return starlark.None, w.zw.Flush()
		case "writelines":
			var seq starlark.Value
			if err := starlark.UnpackPositionalArgs(name, args, kwargs, 1, &seq); err != nil {
				return nil, pyerr.New(pyerr.TypeError, "%s", err)
			}
			iter := pyiter.Iterate(seq) // an iterator that can fail: its error is ours
			if iter == nil {
				return nil, pyerr.New(pyerr.TypeError, "'%s' object is not iterable", pyformat.TypeName(seq))
			}
			defer iter.Done()
			var x starlark.Value
			for iter.Next(&x) {
				if _, err := w.write(x); err != nil {
					return nil, err
				}
			}
			return starlark.None, iter.Err()
		}
		var v starlark.Value
		if err := starlark.UnpackPositionalArgs(name, args, kwargs, 1, &v); err != nil {
			return nil, pyerr.New(pyerr.TypeError, "%s", err)
		}
		n, err := w.write(v)
		if err != nil {
			return nil, err
		}
		return starlark.MakeInt(n), nil
	}).BindReceiver(w), nil
}

// write compresses v (a str in text mode, encoded; bytes otherwise) and
// returns Python's count: characters or bytes.
func (w *writer) write(v starlark.Value) (int, error) {
	if w.text {
		s, ok := v.(starlark.String)
		if !ok {
			return 0, pyerr.New(pyerr.TypeError, "write() argument must be str, not %s", pyformat.TypeName(v))
		}
		text := string(s)
		if w.newline == "\r" || w.newline == "\r\n" {
			text = strings.ReplaceAll(text, "\n", w.newline)
		}
		data, err := w.codec.Encode(text, w.errors)
		if err != nil {
			return 0, err
		}
		if _, err := w.zw.Write(data); err != nil {
			return 0, oserr.New(err, w.name)
		}
		return len([]rune(string(s))), nil
	}
	data, err := bytesArg(v)
	if err != nil {
		return 0, err
	}
	if _, err := w.zw.Write(data); err != nil {
		return 0, oserr.New(err, w.name)
	}
	return len(data), nil
}
