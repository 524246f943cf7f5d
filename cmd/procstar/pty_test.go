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

// TestReplOnPtyExit: Ctrl-D with a child still running joins it, and a
// second Ctrl-D (the line editor reads the terminal in raw mode, so it is a
// key, not an end of file) ends it at once; either way the REPL leaves the
// terminal as it found it (canonical mode, echo), for the shell after it.
func TestReplOnPtyExit(t *testing.T) {
	for _, withChild := range []bool{true, false} {
		home := t.TempDir()
		cmd := exec.Command("/bin/sh", "-c", `"$0"; echo "status $?"; stty -a`, os.Args[0])
		cmd.Env = append(os.Environ(), "PROCSTAR_TEST_CLI=1", "GORACE=atexit_sleep_ms=0", "HOME="+home, "TERM=dumb")
		term := ptytest.Start(t, cmd)
		at := term.WaitText(0, ">>> ", 30*time.Second)
		var child int
		if withChild {
			term.Send("def sleeper():\r")
			at = term.WaitText(at, "... ", 30*time.Second)
			term.Send("    print('pid', os.getpid(), 'up'); time.sleep(600)\r")
			at = term.WaitText(at, "... ", 30*time.Second)
			term.Send("\r")
			at = term.WaitText(at, ">>> ", 30*time.Second)
			term.Send("Process(target=sleeper).start()\r")
			at = term.WaitText(at, "pid ", 30*time.Second)
			end := term.WaitText(at, " up", 30*time.Second)
			child = atoi(t, term.Output()[at:end-len(" up")])
			term.Send("\x04") // joins the child
			term.Send("\x04") // ends it
		} else {
			term.Send("\x04")
		}
		at = term.WaitText(at, "status 0", 20*time.Second)
		if withChild {
			waitGone(t, []int{child}, 5*time.Second)
		}
		if err := term.Exit(20 * time.Second); err != nil {
			t.Fatalf("shell ended with %v\n%q", err, term.Output())
		}
		modes := " " + strings.Join(strings.Fields(term.Output()[at:]), " ") + " "
		if strings.Contains(modes, " -icanon ") || strings.Contains(modes, " -echo ") || !strings.Contains(modes, " icanon ") {
			t.Errorf("terminal left in raw mode after the REPL (child %v):\n%s", withChild, modes)
		}
	}
}
