package argparsemod

import (
	"os"
	"strings"
	"unicode/utf8"

	"go.starlark.net/starlark"

	"github.com/procstar/procstar/builtins/internal/oserr"
	"github.com/procstar/procstar/runtime/procenv"
	"github.com/procstar/procstar/runtime/pyerr"
)

// maxFileDepth bounds @files naming each other: CPython recurses until
// its RecursionError.
const maxFileDepth = 900

// readArgsFromFiles is CPython's _read_args_from_files: an argument that
// begins with one of fromfile_prefix_chars is replaced by the arguments
// of the file it names (relative to the working directory), a line each
// or what convert_arg_line_to_args makes of a line, themselves expanded.
// A file that cannot be read is error() (usage, exit status 2, even with
// exit_on_error=False).
func (p *Parser) readArgsFromFiles(t *starlark.Thread, args []string, depth int) ([]string, error) {
	prefix, _ := p.fromfile.(starlark.String)
	var out []string
	for _, a := range args {
		r, w := utf8.DecodeRuneInString(a)
		if a == "" || !strings.ContainsRune(string(prefix), r) {
			out = append(out, a)
			continue
		}
		if depth >= maxFileDepth {
			return nil, pyerr.New("RecursionError", "maximum recursion depth exceeded")
		}
		name := a[w:]
		data, err := os.ReadFile(procenv.Get(t).Path(name))
		if err != nil {
			msg := err.Error()
			if pe, ok := oserr.New(err, name).(*pyerr.Error); ok {
				msg = pe.Message // str(err): "[Errno 2] No such file or directory: 'x'"
			}
			return nil, &argError{msg: msg, exits: true}
		}
		var fileArgs []string
		for _, line := range splitLines(string(data)) {
			more, err := p.convertArgLine(t, line)
			if err != nil {
				return nil, err
			}
			fileArgs = append(fileArgs, more...)
		}
		fileArgs, err = p.readArgsFromFiles(t, fileArgs, depth+1)
		if err != nil {
			return nil, err
		}
		out = append(out, fileArgs...)
	}
	return out, nil
}

// convertArgLine is convert_arg_line_to_args(line): [line], or what the
// function a script assigned returns.
func (p *Parser) convertArgLine(t *starlark.Thread, line string) ([]string, error) {
	if p.convertLine == nil {
		return []string{line}, nil
	}
	v, err := starlark.Call(t, p.convertLine, starlark.Tuple{starlark.String(line)}, nil)
	if err != nil {
		return nil, err
	}
	it := starlark.Iterate(v)
	if it == nil {
		return nil, pyerr.New(pyerr.TypeError, "'%s' object is not iterable", v.Type())
	}
	defer it.Done()
	var out []string
	var x starlark.Value
	for it.Next(&x) {
		s, ok := x.(starlark.String)
		if !ok {
			return nil, pyerr.New(pyerr.TypeError, "expected string, got %s", x.Type())
		}
		out = append(out, string(s))
	}
	return out, nil
}

// splitLines is a text file's str.splitlines() as Python reads it: the
// lines split at any of str's line boundaries, without their ends.
func splitLines(s string) []string {
	var lines []string
	start := 0
	for i, r := range s {
		switch r {
		case '\n', '\r', '\v', '\f', 0x1c, 0x1d, 0x1e, 0x85, 0x2028, 0x2029:
		default:
			continue
		}
		if i < start {
			continue // the \n of a \r\n
		}
		lines = append(lines, s[start:i])
		start = i + len(string(r))
		if r == '\r' && strings.HasPrefix(s[start:], "\n") {
			start++
		}
	}
	if start < len(s) {
		lines = append(lines, s[start:])
	}
	return lines
}
