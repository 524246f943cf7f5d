package subprocessmod

import (
	"context"
	"errors"
	"strings"
	"syscall"
	"testing"
	"time"

	"go.starlark.net/starlark"

	"github.com/procstar/procstar/runtime/procenv"
)

// cancelStar runs src on a thread whose context is cancelled once src has
// had time to block; it returns the globals and src's error. The program
// src starts as p (which never reads its stdin) is killed at the end.
func cancelStar(t *testing.T, src string) error {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	env := procenv.Default()
	env.Ctx = ctx
	thread := &starlark.Thread{Name: "test"}
	procenv.Set(thread, env)
	type result struct {
		g   starlark.StringDict
		err error
	}
	ch := make(chan result, 1)
	go func() {
		g, err := starlark.ExecFile(thread, "test.star", src, starlark.StringDict{"subprocess": Module()})
		ch <- result{g, err}
	}()
	// Not an assertion: cancelled before the write blocks, it fails at
	// once all the same.
	time.Sleep(200 * time.Millisecond)
	cancel()
	select {
	case r := <-ch:
		if p, ok := r.g["p"].(*Popen); ok {
			syscall.Kill(-p.pid, syscall.SIGKILL)
		}
		return r.err
	case <-time.After(30 * time.Second):
		t.Fatal("a write to a full pipe was not cancelled")
	}
	return nil
}

// TestWriteCancelled: a write to a program that does not read waits in
// the poller until the thread's context is cancelled (Ctrl-C, the host).
func TestWriteCancelled(t *testing.T) {
	for name, src := range map[string]string{
		"write": `
p = subprocess.Popen(["sleep", "60"], stdin=subprocess.PIPE)
p.stdin.write(b"x" * (1 << 20))
`,
		"flush": `
p = subprocess.Popen(["sleep", "60"], stdin=subprocess.PIPE, text=True, bufsize=1 << 20)
p.stdin.write("y" * ((1 << 20) - 1))
p.stdin.flush()
`,
		"writelines": `
p = subprocess.Popen(["sleep", "60"], stdin=subprocess.PIPE, bufsize=0)
p.stdin.writelines([b"z" * 4096] * 100)
`,
		"communicate": `
p = subprocess.Popen(["sleep", "60"], stdin=subprocess.PIPE)
p.communicate(b"c" * (1 << 20))
`,
	} {
		t.Run(name, func(t *testing.T) {
			err := cancelStar(t, src)
			if err == nil || !errors.Is(err, context.Canceled) && !strings.Contains(err.Error(), "context canceled") {
				t.Errorf("err = %v, want the context's", err)
			}
		})
	}
}

// TestCodecs: decoding and encoding as CPython's codecs do, error
// handlers and messages included.
func TestCodecs(t *testing.T) {
	for _, c := range []struct {
		codec       *textCodec
		in, errors  string
		want, error string
	}{
		{utf8Codec, "a\xe2\x82\xacb", "strict", "a\u20acb", ""},
		{utf8Codec, "\xe2\x82a", "strict", "", "can't decode bytes in position 0-1: invalid continuation byte"},
		{utf8Codec, "\xe2\x82a", "replace", "\uFFFDa", ""},
		{utf8Codec, "a\xed\xa0\x80b", "replace", "a\uFFFD\uFFFD\uFFFDb", ""},
		{utf8Codec, "a\xffb", "surrogateescape", "a\xffb", ""},
		{utf8Codec, "a\xffb", "nope", "", "unknown error handler name 'nope'"},
		{utf8Codec, "abc", "nope", "abc", ""},
		{latin1Codec, "caf\xe9", "strict", "caf\u00e9", ""},
		{asciiCodec, "ab\x80c", "ignore", "abc", ""},
		{asciiCodec, "ab\x80c", "strict", "", "'ascii' codec can't decode byte 0x80 in position 2: ordinal not in range(128)"},
	} {
		got, err := c.codec.decode([]byte(c.in), c.errors)
		if c.error != "" {
			if err == nil || !strings.Contains(err.Error(), c.error) {
				t.Errorf("%s.decode(%q, %s): %v, want %q", c.codec.name, c.in, c.errors, err, c.error)
			}
			continue
		}
		if err != nil || string(got) != c.want {
			t.Errorf("%s.decode(%q, %s) = %q, %v, want %q", c.codec.name, c.in, c.errors, got, err, c.want)
		}
	}
	for _, c := range []struct {
		codec       *textCodec
		in, errors  string
		want, error string
	}{
		{latin1Codec, "caf\u00e9", "strict", "caf\xe9", ""},
		{latin1Codec, "a\u20ac\u20acb", "strict", "", "'latin-1' codec can't encode characters in position 1-2: ordinal not in range(256)"},
		{asciiCodec, "a\u20acb", "xmlcharrefreplace", "a&#8364;b", ""},
		{asciiCodec, "a\xffb", "surrogateescape", "a\xffb", ""},
		{asciiCodec, "a\u00e9", "surrogateescape", "", "can't encode character '\\xe9' in position 1"},
		{utf8Codec, "a\xff", "strict", "", "'utf-8' codec can't encode character '\\udcff' in position 1: surrogates not allowed"},
	} {
		got, err := c.codec.encode(c.in, c.errors)
		if c.error != "" {
			if err == nil || !strings.Contains(err.Error(), c.error) {
				t.Errorf("%s.encode(%q, %s): %v, want %q", c.codec.name, c.in, c.errors, err, c.error)
			}
			continue
		}
		if err != nil || string(got) != c.want {
			t.Errorf("%s.encode(%q, %s) = %q, %v, want %q", c.codec.name, c.in, c.errors, got, err, c.want)
		}
	}
	for name, want := range map[string]*textCodec{"UTF-8": utf8Codec, "utf8": utf8Codec, "ISO-8859-1": latin1Codec, "Latin_1": latin1Codec, "US-ASCII": asciiCodec} {
		if c, err := lookupCodec(name); c != want || err != nil {
			t.Errorf("lookupCodec(%q) = %v, %v", name, c, err)
		}
	}
	if _, err := lookupCodec("utf-99"); err == nil || !strings.Contains(err.Error(), "unknown encoding: utf-99") {
		t.Errorf("lookupCodec(utf-99): %v", err)
	}
}
