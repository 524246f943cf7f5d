package procenv

import (
	"context"
	"errors"
	"io"
	"sync"
	"unicode/utf8"
)

// Input is a process's standard input as sys.stdin and input() read it:
// UTF-8 text, buffered and shared by every reader in the process. A read
// that must wait for more waits in a goroutine of its own, so that Ctrl-C
// or a host's cancelled context ends the wait; what that read then brings
// is kept for the next one. A child's Input is empty (Python's spawned
// children read os.devnull).
type Input struct {
	mu      sync.Mutex
	ctx     context.Context // the running operation's, for reads without a thread
	src     io.Reader
	buf     []byte
	err     error      // io.EOF, or the source's failure, once it came
	pending chan chunk // a read of src in flight
}

type chunk struct {
	b   []byte
	err error
}

// LinePrompter is a source that edits lines itself (the REPL's line
// editor): it returns one line without its newline (io.EOF for Ctrl-D,
// ErrInterrupted for Ctrl-C), and input(prompt) gives it the prompt
// rather than writing it to stdout first.
type LinePrompter interface {
	ReadLinePrompt(prompt string) (string, error)
}

// ErrInterrupted is a LinePrompter's Ctrl-C: the read fails with
// KeyboardInterrupt (in raw mode the terminal sends no SIGINT).
var ErrInterrupted = errors.New("interrupted")

// NewInput reads src; a nil src is empty.
func NewInput(src io.Reader) *Input {
	in := &Input{src: src}
	if src == nil {
		in.err = io.EOF
	}
	return in
}

// SetContext makes ctx bound the reads that have no thread of their own
// to take it from (a for loop over sys.stdin), and returns what restores
// the one before.
func (in *Input) SetContext(ctx context.Context) (restore func()) {
	in.mu.Lock()
	prev := in.ctx
	in.ctx = ctx
	in.mu.Unlock()
	return func() {
		in.mu.Lock()
		in.ctx = prev
		in.mu.Unlock()
	}
}

// Context is the context SetContext set, or context.Background().
func (in *Input) Context() context.Context {
	in.mu.Lock()
	defer in.mu.Unlock()
	if in.ctx == nil {
		return context.Background()
	}
	return in.ctx
}

// Source is what in reads.
func (in *Input) Source() io.Reader { return in.src }

// fill waits for more of the source: false at its end (in.err says
// which); an error when ctx ends or a line editor was interrupted.
// Callers hold in.mu.
func (in *Input) fill(ctx context.Context) (bool, error) {
	if in.err != nil {
		return false, nil
	}
	if in.pending == nil {
		ch := make(chan chunk, 1)
		in.pending = ch
		go func() {
			if lp, ok := in.src.(LinePrompter); ok {
				line, err := lp.ReadLinePrompt("")
				if err == nil {
					line += "\n"
				}
				ch <- chunk{[]byte(line), err}
				return
			}
			b := make([]byte, 32<<10)
			n, err := in.src.Read(b)
			ch <- chunk{b[:n], err}
		}()
	}
	select {
	case c := <-in.pending:
		in.pending = nil
		in.buf = append(in.buf, c.b...)
		if c.err != nil {
			if _, editor := in.src.(LinePrompter); editor {
				// A terminal's Ctrl-D ends one read, not the input, and
				// its Ctrl-C is an interrupt.
				if errors.Is(c.err, io.EOF) {
					return len(c.b) > 0, nil
				}
				return false, c.err
			}
			in.err = c.err
		}
		return len(c.b) > 0 || in.err == nil, nil
	case <-ctx.Done():
		return false, ctx.Err()
	}
}

// failure is the source's error, if it is more than its end.
func (in *Input) failure() error {
	if in.err != nil && !errors.Is(in.err, io.EOF) {
		return in.err
	}
	return nil
}

// ReadLine returns the next line with its newline ("" at the end), or
// its first limit characters if limit >= 0 and it is longer.
func (in *Input) ReadLine(ctx context.Context, limit int) (string, error) {
	scanned, chars := 0, 0 // what earlier looks at the buffer went past
	return in.readUntil(ctx, func() (int, bool) {
		for {
			switch {
			case limit >= 0 && chars >= limit:
				return scanned, true
			case scanned == len(in.buf) || !utf8.FullRune(in.buf[scanned:]):
				return 0, false // the rest of the line is still to come
			case in.buf[scanned] == '\n':
				return scanned + 1, true
			}
			_, size := utf8.DecodeRune(in.buf[scanned:])
			scanned, chars = scanned+size, chars+1
		}
	})
}

// Read returns the next n characters, fewer at the end; n < 0: all that
// is left.
func (in *Input) Read(ctx context.Context, n int) (string, error) {
	return in.readUntil(ctx, func() (int, bool) {
		if n < 0 {
			return 0, false
		}
		return in.chars(n)
	})
}

// readUntil takes the first end bytes of the buffer once found reports
// them, reading more until it does; at the end of the input it takes what
// is left.
func (in *Input) readUntil(ctx context.Context, found func() (end int, ok bool)) (string, error) {
	in.mu.Lock()
	defer in.mu.Unlock()
	for {
		if end, ok := found(); ok {
			return in.take(end), nil
		}
		more, err := in.fill(ctx)
		if err != nil {
			return "", err
		}
		if !more {
			if f := in.failure(); f != nil && len(in.buf) == 0 {
				return "", f
			}
			return in.take(len(in.buf)), nil
		}
	}
}

// chars is the length in bytes of the buffer's first n characters, if it
// holds them whole.
func (in *Input) chars(n int) (int, bool) {
	end := 0
	for i := 0; i < n; i++ {
		if end == len(in.buf) || !utf8.FullRune(in.buf[end:]) {
			return 0, false
		}
		_, size := utf8.DecodeRune(in.buf[end:])
		end += size
	}
	return end, true
}

// Prompt is input(prompt)'s read: a line without its newline, and false
// at the end of the input. A LinePrompter source shows the prompt itself;
// otherwise write writes it first.
func (in *Input) Prompt(ctx context.Context, prompt string, write func(string)) (string, bool, error) {
	if lp, ok := in.src.(LinePrompter); ok {
		in.mu.Lock()
		idle := len(in.buf) == 0 && in.pending == nil && in.err == nil
		in.mu.Unlock()
		if idle {
			return in.promptLine(ctx, lp, prompt)
		}
	}
	if prompt != "" {
		write(prompt)
	}
	line, err := in.ReadLine(ctx, -1)
	if err != nil {
		return "", false, err
	}
	if line == "" {
		return "", false, nil
	}
	if line[len(line)-1] == '\n' {
		line = line[:len(line)-1]
	}
	return line, true, nil
}

// promptLine reads one line from a line editor with prompt, cancellably.
func (in *Input) promptLine(ctx context.Context, lp LinePrompter, prompt string) (string, bool, error) {
	in.mu.Lock()
	defer in.mu.Unlock()
	ch := make(chan chunk, 1)
	in.pending = ch
	go func() {
		line, err := lp.ReadLinePrompt(prompt)
		if err == nil {
			line += "\n"
		}
		ch <- chunk{[]byte(line), err}
	}()
	more, err := in.fill(ctx)
	if err != nil {
		return "", false, err
	}
	if !more {
		if f := in.failure(); f != nil {
			return "", false, f
		}
		return "", false, nil
	}
	line := in.take(len(in.buf))
	if line != "" && line[len(line)-1] == '\n' {
		line = line[:len(line)-1]
	}
	return line, true, nil
}

func (in *Input) take(n int) string {
	s := string(in.buf[:n])
	in.buf = in.buf[n:]
	return s
}
