package subprocessmod

import (
	"bufio"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

func TestLookPath(t *testing.T) {
	dir := t.TempDir()
	noexec, bin := filepath.Join(dir, "noexec"), filepath.Join(dir, "bin")
	for _, d := range []string{noexec, bin} {
		if err := os.Mkdir(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	os.WriteFile(filepath.Join(noexec, "prog"), []byte("#!/bin/sh\n"), 0o644)
	os.WriteFile(filepath.Join(bin, "prog"), []byte("#!/bin/sh\n"), 0o755)
	if p, err := lookPath("prog", noexec+":"+bin, ""); err != nil || p != filepath.Join(bin, "prog") {
		t.Errorf("later executable: %q, %v", p, err)
	}
	// Found but not executable, and nothing else: EACCES (CPython's
	// PermissionError), not "not found".
	if _, err := lookPath("prog", "/nonexistent:"+noexec, ""); !errors.Is(err, syscall.EACCES) {
		t.Errorf("not executable: %v", err)
	}
	if _, err := lookPath("prog", "/nonexistent", ""); !errors.Is(err, syscall.ENOENT) {
		t.Errorf("missing: %v", err)
	}
	// A relative PATH entry is relative to the program's directory.
	if p, err := lookPath("prog", "bin", dir); err != nil || p != "bin/prog" {
		t.Errorf("relative: %q, %v", p, err)
	}
	if p, _ := lookPath("./x/y", "", ""); p != "./x/y" {
		t.Errorf("with a slash: %q", p)
	}
}

func TestTextReadline(t *testing.T) {
	// A small buffer puts "\r" and "\n" at a buffer's end and the next's
	// start.
	s := &Stream{r: bufio.NewReaderSize(strings.NewReader("ab\r\ncdefghijklmnopq\rr\n\rs"), 16), text: true}
	var got []string
	for l := s.readline(); len(l) > 0; l = s.readline() {
		got = append(got, string(l))
	}
	want := []string{"ab\n", "cdefghijklmnopq\n", "r\n", "\n", "s"}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("lines %q, want %q", got, want)
	}
}
