package procenv

import (
	"context"
	"errors"
	"io"
	"strings"
	"testing"
	"time"
)

// A read that waits ends with its context; what arrives afterwards is
// the next read's, nothing is lost.
func TestInputCancelKeepsData(t *testing.T) {
	pr, pw := io.Pipe()
	in := NewInput(pr)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		_, err := in.ReadLine(ctx, -1)
		done <- err
	}()
	cancel()
	select {
	case err := <-done:
		if !errors.Is(err, context.Canceled) {
			t.Fatalf("cancelled read: %v", err)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("a cancelled read did not return")
	}
	go pw.Write([]byte("after\nmore"))
	line, err := in.ReadLine(context.Background(), -1)
	if line != "after\n" || err != nil {
		t.Fatalf("next read: %q, %v", line, err)
	}
	// What the buffer holds is enough: no wait for more.
	if s, err := in.ReadLine(context.Background(), 4); s != "more" || err != nil {
		t.Fatalf("ReadLine(4) of what is there: %q, %v", s, err)
	}
	go func() {
		pw.Write([]byte("more"))
		pw.Close()
	}()
	rest, err := in.Read(context.Background(), -1)
	if rest != "more" || err != nil {
		t.Fatalf("rest: %q, %v", rest, err)
	}
}

// chunks is a reader that returns its chunks one read at a time.
type chunks struct{ parts []string }

func (c *chunks) Read(p []byte) (int, error) {
	if len(c.parts) == 0 {
		return 0, io.EOF
	}
	n := copy(p, c.parts[0])
	c.parts = c.parts[1:]
	return n, nil
}

// Sizes count characters, and a character split between two reads of
// the source is read whole.
func TestInputCharacters(t *testing.T) {
	ctx := context.Background()
	in := NewInput(&chunks{parts: []string{"é\xc3", "\xa9z\nab", "c"}})
	if s, _ := in.Read(ctx, 2); s != "éé" {
		t.Errorf("Read(2) = %q", s)
	}
	if s, _ := in.ReadLine(ctx, 1); s != "z" {
		t.Errorf("ReadLine(1) = %q", s)
	}
	if s, _ := in.ReadLine(ctx, -1); s != "\n" {
		t.Errorf("ReadLine = %q", s)
	}
	if s, _ := in.ReadLine(ctx, 2); s != "ab" {
		t.Errorf("ReadLine(2) = %q", s)
	}
	if s, _ := in.ReadLine(ctx, -1); s != "c" {
		t.Errorf("last line = %q", s)
	}
	if s, err := in.ReadLine(ctx, -1); s != "" || err != nil {
		t.Errorf("at the end: %q, %v", s, err)
	}
	if s, err := NewInput(nil).Read(ctx, -1); s != "" || err != nil {
		t.Errorf("nil source: %q, %v", s, err)
	}
}

// editor is a LinePrompter: lines, then Ctrl-D, then a Ctrl-C, then more.
type editor struct {
	replies []any
	prompts []string
}

func (e *editor) Read([]byte) (int, error) { return 0, io.EOF }
func (e *editor) ReadLinePrompt(prompt string) (string, error) {
	e.prompts = append(e.prompts, prompt)
	r := e.replies[0]
	e.replies = e.replies[1:]
	if err, ok := r.(error); ok {
		return "", err
	}
	return r.(string), nil
}

// A line editor shows input()'s prompt itself, and its Ctrl-D ends one
// read, not the input.
func TestInputEditor(t *testing.T) {
	ctx := context.Background()
	ed := &editor{replies: []any{"Ada", io.EOF, ErrInterrupted, "x", "y"}}
	in := NewInput(ed)
	var wrote strings.Builder
	write := func(s string) { wrote.WriteString(s) }
	if line, ok, err := in.Prompt(ctx, "who? ", write); line != "Ada" || !ok || err != nil {
		t.Fatalf("Prompt = %q, %v, %v", line, ok, err)
	}
	if _, ok, err := in.Prompt(ctx, "again? ", write); ok || err != nil {
		t.Fatalf("Ctrl-D: %v, %v", ok, err)
	}
	if _, _, err := in.Prompt(ctx, "", write); err != ErrInterrupted {
		t.Fatalf("Ctrl-C: %v", err)
	}
	if line, _ := in.ReadLine(ctx, -1); line != "x\n" {
		t.Fatalf("after Ctrl-D and Ctrl-C: %q", line)
	}
	if line, ok, _ := in.Prompt(ctx, "last? ", write); line != "y" || !ok {
		t.Fatalf("Prompt = %q", line)
	}
	if wrote.Len() != 0 {
		t.Errorf("prompts written to stdout: %q", wrote.String())
	}
	if got := strings.Join(ed.prompts, "|"); got != "who? |again? |||last? " {
		t.Errorf("prompts shown: %q", got)
	}
}
