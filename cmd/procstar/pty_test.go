package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/procstar/procstar/internal/ptytest"
	"github.com/procstar/procstar/internal/repl"
)

// TestReplOnPty runs the REPL end to end on a pseudo-terminal: readline
// editing, a multi-line block, Ctrl-C (a real SIGINT from the terminal) of a
// running statement and at the prompt, history written to $HOME, Ctrl-D ending with status 0.
func TestReplOnPty(t *testing.T) {
	home := t.TempDir()
	cmd := exec.Command(os.Args[0])
	cmd.Env = append(os.Environ(), "PROCSTAR_TEST_CLI=1", "GORACE=atexit_sleep_ms=0", "HOME="+home, "TERM=dumb")
	term := ptytest.Start(t, cmd)
	// waitText waits until the output after offset contains s, and returns
	// the offset past it.
	waitText := func(from int, s string) int {
		t.Helper()
		return term.WaitText(from, s, 30*time.Second)
	}
	send := term.Send

	at := waitText(0, ">>> ")
	send("x = 6 * 7\r")
	at = waitText(at, ">>> ")
	send("x\r")
	at = waitText(at, "42")
	at = waitText(at, ">>> ")
	send("def f():\r")
	at = waitText(at, "... ")
	send("    return x + 1\r")
	at = waitText(at, "... ")
	send("\r")
	at = waitText(at, ">>> ")
	send("f()\r")
	at = waitText(at, "43")
	at = waitText(at, ">>> ")

	send("def spin():\r")
	at = waitText(at, "... ")
	send("    print('spin' + 'ning')\r")
	at = waitText(at, "... ")
	send("    while True: pass\r")
	at = waitText(at, "... ")
	send("\r")
	at = waitText(at, ">>> ")
	send("spin()\r")
	at = waitText(at, "spinning")
	send("\x03") // the terminal turns it into SIGINT
	at = waitText(at, "KeyboardInterrupt")
	at = waitText(at, ">>> ")
	send("x + 0\r")
	at = waitText(at, "42")
	at = waitText(at, ">>> ")
	send("undefined_thing") // Ctrl-C at the prompt drops the line
	at = waitText(at, "undefined_thing")
	send("\x03")
	at = waitText(at, ">>> ")
	send("x - 1\r")
	at = waitText(at, "41")
	if strings.Contains(term.Output(), "undefined: undefined_thing") {
		t.Errorf("the interrupted line ran:\n%q", term.Output())
	}
	at = waitText(at, ">>> ")
	// input() reads through the line editor, with its prompt; Ctrl-C there
	// interrupts the statement and Ctrl-D is an EOFError, as in Python's.
	send("name = input('who? ')\r")
	at = waitText(at, "who? ")
	send("Ada\r")
	at = waitText(at, ">>> ")
	send("name + '!'\r")
	at = waitText(at, "Ada!")
	at = waitText(at, ">>> ")
	send("input('again? ')\r")
	at = waitText(at, "again? ")
	send("\x03")
	at = waitText(at, "KeyboardInterrupt")
	at = waitText(at, ">>> ")
	send("input('more? ')\r")
	at = waitText(at, "more? ")
	send("\x04")
	at = waitText(at, "EOFError: EOF when reading a line")
	at = waitText(at, ">>> ")
	send("\x04") // Ctrl-D on an empty line
	if err := term.Exit(20 * time.Second); err != nil {
		t.Errorf("REPL ended with %v, want status 0\n%q", err, term.Output())
	}
	t.Logf("transcript:\n%s", term.Output())
	hist, err := os.ReadFile(filepath.Join(home, repl.HistoryName))
	if err != nil {
		t.Fatalf("history: %v", err)
	}
	if !strings.Contains(string(hist), "x = 6 * 7\n") || !strings.Contains(string(hist), "    return x + 1\n") {
		t.Errorf("history file:\n%s", hist)
	}
}
