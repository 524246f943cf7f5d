package runtime_test

import (
	"context"
	"errors"
	"io"
	"os"
	osexec "os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"go.starlark.net/starlark"

	"github.com/procstar/procstar/runtime"
	"github.com/procstar/procstar/runtime/ptable"
	"github.com/procstar/procstar/runtime/spawn"
)

// TestMain makes the test binary a procstar host: every child a test starts
// is this binary re-executed, and Dispatch runs it. Children get
// hostOptions, the union of what the tests' children need (the square
// builtin, the scripts file system): no test's child loads a script from the
// OS file system, which WithFS(scripts) would hide.
func TestMain(m *testing.M) {
	if os.Getenv(jobEnv) != "" {
		runTestJob()
	}
	if os.Getenv(forgotDispatchEnv) != "" {
		runtime.New() // refuses and exits: see TestForgotDispatch
		os.Stdout.WriteString("New returned")
		os.Exit(0)
	}
	runtime.Dispatch(hostOptions()...)
	// Children inherit the environment: spare each of them the race
	// detector's one-second sleep at exit.
	if os.Getenv("GORACE") == "" {
		os.Setenv("GORACE", "atexit_sleep_ms=0")
	}
	os.Exit(m.Run())
}

// syncBuffer is a bytes buffer safe for concurrent writes and reads.
type syncBuffer struct {
	mu sync.Mutex
	b  strings.Builder
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// waitFor polls b until it matches re and returns the submatches.
func waitFor(t *testing.T, b *syncBuffer, re string) []string {
	t.Helper()
	rx := regexp.MustCompile(re)
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		if m := rx.FindStringSubmatch(b.String()); m != nil {
			return m
		}
		time.Sleep(10 * time.Millisecond)
	}
	t.Fatalf("output never matched %q:\n%s", re, b.String())
	return nil
}

// pids returns every number printed after "pid " in s.
func pids(s string) []int {
	var out []int
	for _, m := range regexp.MustCompile(`pid (\d+)`).FindAllStringSubmatch(s, -1) {
		n, _ := strconv.Atoi(m[1])
		out = append(out, n)
	}
	return out
}

// waitGone waits until none of pids is a running process.
func waitGone(t *testing.T, pids []int, within time.Duration) {
	t.Helper()
	deadline := time.Now().Add(within)
	for {
		var alive []int
		for _, pid := range pids {
			if ptable.Alive(pid, 0) {
				alive = append(alive, pid)
			}
		}
		if len(alive) == 0 {
			return
		}
		if time.Now().After(deadline) {
			for _, pid := range alive {
				syscall.Kill(pid, syscall.SIGKILL)
			}
			t.Fatalf("processes survived %v: %v", within, alive)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

func exec(t *testing.T, src string, opts ...runtime.Option) (stdout, stderr string, err error) {
	t.Helper()
	var out, errb syncBuffer
	opts = append([]runtime.Option{runtime.WithStdout(&out), runtime.WithStderr(&errb)}, opts...)
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	err = runtime.New(opts...).ExecSource(ctx, "test.star", []byte(src))
	if ctx.Err() != nil {
		t.Fatalf("script timed out\nstdout:\n%s\nstderr:\n%s", out.String(), errb.String())
	}
	return out.String(), errb.String(), err
}

// TestWriters: WithStdout and WithStderr take any io.Writer, and get the
// output of children and grandchildren too, each print in one piece.
func TestWriters(t *testing.T) {
	t.Parallel()
	stdout, stderr, err := exec(t, `
def grandchild():
    print("grandchild out")
    sys.stderr.write("grandchild err\n")

def child():
    for i in range(50):
        print("child line", i)
    p = Process(target=grandchild)
    p.start()
    p.join()
    fail("child fails")

if __name__ == "__main__":
    print("root out")
    p = Process(target=child)
    p.start()
    p.join()
    print("root sees", p.exitcode)
`)
	if err != nil {
		t.Fatal(err)
	}
	var want strings.Builder
	want.WriteString("root out\n")
	for i := 0; i < 50; i++ {
		want.WriteString("child line " + strconv.Itoa(i) + "\n")
	}
	want.WriteString("grandchild out\nroot sees 1\n")
	if stdout != want.String() {
		t.Errorf("stdout:\n%s\nwant:\n%s", stdout, want.String())
	}
	wantErr := "grandchild err\nProcess Process-1:\nTraceback (most recent call last):\n  test.star:12:9: in child\n    fail(\"child fails\")\nError: child fails\n"
	if stderr != wantErr {
		t.Errorf("stderr:\n%s\nwant:\n%s", stderr, wantErr)
	}
}

// TestWithDir: the working directory of the root and its children, for
// ExecFile, load(), open() and os.getcwd(); a relative WithDir is made
// absolute once.
func TestWithDir(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	sub := filepath.Join(dir, "sub")
	os.Mkdir(sub, 0o755)
	files := map[string]string{
		"sub/main.star": `
load("lib.star", "tag")

def child():
    print("child cwd", os.getcwd(), open("data.txt").read().strip(), tag())

if __name__ == "__main__":
    print("root cwd", os.getcwd(), open("data.txt").read().strip(), tag())
    f = open("out.txt", "w")
    f.write("written")
    f.close()
    p = Process(target=child)
    p.start()
    p.join()
`,
		"sub/lib.star":  "def tag():\n    return 'lib'\n",
		"sub/data.txt":  "data\n",
		"main.star":     "fail('wrong main.star')\n",
		"data.txt":      "wrong data\n",
		"sub/sub/x.txt": "",
	}
	for name, data := range files {
		os.MkdirAll(filepath.Dir(filepath.Join(dir, name)), 0o755)
		if err := os.WriteFile(filepath.Join(dir, name), []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	var out, errb syncBuffer
	rt := runtime.New(runtime.WithStdout(&out), runtime.WithStderr(&errb), runtime.WithDir(sub))
	err := rt.ExecFile(context.Background(), "main.star")
	if err != nil {
		t.Fatalf("%v\n%s", err, errb.String())
	}
	want := "root cwd " + sub + " data lib\nchild cwd " + sub + " data lib\n"
	if got := out.String(); got != want {
		t.Errorf("stdout:\n%s\nwant:\n%s\nstderr:\n%s", got, want, errb.String())
	}
	if b, _ := os.ReadFile(filepath.Join(sub, "out.txt")); string(b) != "written" {
		t.Errorf("out.txt: %q", b)
	}

	// A relative WithDir is relative to the host's working directory when
	// New is called; children do not apply it twice.
	wd, _ := os.Getwd()
	rel, err := filepath.Rel(wd, sub)
	if err != nil {
		t.Skip(err)
	}
	var out2 syncBuffer
	rt = runtime.New(runtime.WithStdout(&out2), runtime.WithStderr(&errb), runtime.WithDir(rel))
	if err := rt.ExecSource(context.Background(), "rel.star", []byte(`
def child():
    print("child", os.getcwd())

if __name__ == "__main__":
    print("root", os.getcwd())
    p = Process(target=child)
    p.start()
    p.join()
`)); err != nil {
		t.Fatal(err)
	}
	if want := "root " + sub + "\nchild " + sub + "\n"; out2.String() != want {
		t.Errorf("relative dir: stdout:\n%s\nwant:\n%s", out2.String(), want)
	}
}

// TestWithFS: ExecFile, load() and children's loads read the fs.FS; a file
// that is not there is a SourceError.
func TestWithFS(t *testing.T) {
	t.Parallel()
	out := &syncBuffer{}
	rt := runtime.New(runtime.WithFS(scripts), runtime.WithStdout(out))
	if err := rt.ExecFile(context.Background(), "app/main.star"); err != nil {
		t.Fatal(err)
	}
	if want := "hello, child from Process-1\nhello, parent from MainProcess\n"; out.String() != want {
		t.Errorf("stdout:\n%s\nwant:\n%s", out.String(), want)
	}
	err := rt.ExecFile(context.Background(), "app/missing.star")
	var se *runtime.SourceError
	if !errors.As(err, &se) || !strings.Contains(err.Error(), "cannot open app/missing.star") {
		t.Errorf("missing file: %v", err)
	}
	// A function of a loaded module, sent by reference, is found in the
	// child by loading the module from the FS.
	script, err := rt.Load(context.Background(), "app/main.star")
	if err != nil {
		t.Fatal(err)
	}
	defer script.Close()
	if _, err := script.Call(context.Background(), "work", starlark.String("caller")); err != nil {
		t.Fatal(err)
	}
	waitFor(t, out, `hello, caller from MainProcess\n$`)
}

// TestWithoutModules: dropped builtins are gone from the predeclared names,
// from load() and from the multiprocessing module's members.
func TestWithoutModules(t *testing.T) {
	t.Parallel()
	cases := []struct {
		drop []string
		src  string
		want string // in the error; "" for success
	}{
		{[]string{"os"}, `os.getpid()`, "undefined: os"},
		{[]string{"os"}, `load("os", "getpid")`, `no builtin module "os"`},
		{[]string{"os"}, `print(sys.argv, time.time() > 0, Process)`, ""},
		{[]string{"open"}, `open("x")`, "undefined: open"},
		{[]string{"multiprocessing"}, `Process(target=print)`, "undefined: Process"},
		{[]string{"multiprocessing"}, `current_process()`, "undefined: current_process"},
		{[]string{"multiprocessing"}, `load("multiprocessing", "Process")`, `no builtin module "multiprocessing"`},
		{[]string{"multiprocessing"}, `multiprocessing.Process`, "undefined: multiprocessing"},
		{[]string{"json", "math"}, `json.dumps(1)`, "undefined: json"},
		{[]string{"sys"}, `print(os.getpid() > 0)`, ""},
		{[]string{"shutil", "glob"}, `shutil.which("sh")`, "undefined: shutil"},
		{[]string{"shutil", "glob"}, `load("glob", "glob")`, `no builtin module "glob"`},
		{[]string{"hashlib", "base64", "shlex"}, `shlex.split("a")`, "undefined: shlex"},
		{[]string{"hashlib"}, `print(base64.b64encode(b"x"), shlex.quote("a"))`, ""},
		{[]string{"os"}, `os.path.exists("/")`, "undefined: os"},
		{[]string{"concurrent"}, `load("concurrent.futures", "wait")`, `no builtin module "concurrent.futures"`},
		{[]string{"concurrent"}, `concurrent.futures.wait`, "undefined: concurrent"},
		{[]string{"urllib"}, `load("urllib.parse", "quote")`, `no builtin module "urllib.parse"`},
		{[]string{"urllib"}, `urllib.parse.quote`, "undefined: urllib"},
		{[]string{"shlex"}, `print(urllib.parse.quote("a b"))`, ""},
		{[]string{"multiprocessing"}, `concurrent.futures.ProcessPoolExecutor`, "undefined: concurrent"},
		{[]string{"subprocess", "re"}, `re.compile("a")`, "undefined: re"},
		{[]string{"subprocess"}, `os.system("true")`, "module 'os' has no attribute 'system'"},
		{[]string{"subprocess"}, `load("os", "popen")`, "name popen not found in module os"},
		{[]string{"subprocess"}, `print(os.getcwd() != "", os.path.join("a", "b"))`, ""},
		{[]string{"functools", "itertools"}, `load("itertools", "count")`, `no builtin module "itertools"`},
		{[]string{"functools"}, `print(operator.add(1, 2), list(itertools.repeat(1, 2)))`, ""},
		{[]string{"operator"}, `operator.add`, "undefined: operator"},
		{[]string{"csv", "string"}, `load("csv", "reader")`, `no builtin module "csv"`},
		{[]string{"collections"}, `collections.Counter("ab")`, "undefined: collections"},
		{[]string{"collections"}, `load("collections", "deque")`, `no builtin module "collections"`},
		{[]string{"csv", "string"}, `string.digits`, "undefined: string"},
		{[]string{"fnmatch", "textwrap"}, `textwrap.dedent("a")`, "undefined: textwrap"},
		{[]string{"textwrap"}, `print(fnmatch.fnmatch("a", "*"), csv.QUOTE_ALL, string.Template("$a").substitute(a=1))`, ""},
		{[]string{"argparse"}, `argparse.ArgumentParser`, "undefined: argparse"},
		{[]string{"datetime"}, `datetime.timedelta(1)`, "undefined: datetime"},
		{[]string{"datetime"}, `load("datetime", "date")`, `no builtin module "datetime"`},
		{[]string{"zoneinfo"}, `zoneinfo.ZoneInfo`, "undefined: zoneinfo"},
		{[]string{"zoneinfo"}, `load("zoneinfo", "ZoneInfo")`, `no builtin module "zoneinfo"`},
		{[]string{"tempfile"}, `tempfile.mkdtemp()`, "undefined: tempfile"},
		{[]string{"uuid", "copy"}, `uuid.uuid4()`, "undefined: uuid"},
		{[]string{"statistics"}, `statistics.mean([1])`, "undefined: statistics"},
		{[]string{"platform", "socket", "getpass"}, `socket.gethostname()`, "undefined: socket"},
		{[]string{"signal"}, `load("signal", "SIGTERM")`, `no builtin module "signal"`},
		{[]string{"signal"}, `signal.SIGTERM`, "undefined: signal"},
		{[]string{"io"}, `io.StringIO()`, "undefined: io"},
		{[]string{"pprint"}, `pprint.pformat(1)`, "undefined: pprint"},
		{[]string{"gzip"}, `load("gzip", "open")`, `no builtin module "gzip"`},
		{[]string{"io"}, `load("io", "BytesIO")`, `no builtin module "io"`},
		{[]string{"heapq", "bisect"}, `load("bisect", "insort")`, `no builtin module "bisect"`},
		{[]string{"argparse"}, `load("argparse", "Namespace")`, `no builtin module "argparse"`},
		{[]string{"subproces", "os", "Os"}, `print(1)`, `WithoutModules: no builtin named "Os", "subproces"`},
		{[]string{"urllib.parse", "concurrent.futures", "catch"}, `print(1)`, ""},
	}
	for _, c := range cases {
		_, _, err := exec(t, c.src, runtime.WithoutModules(c.drop...))
		switch {
		case c.want == "" && err != nil:
			t.Errorf("without %v, %s: %v", c.drop, c.src, err)
		case c.want != "" && (err == nil || !strings.Contains(err.Error(), c.want)):
			t.Errorf("without %v, %s: error %v, want %q", c.drop, c.src, err, c.want)
		}
	}
}

// TestMaxStepsWithSignalHandler: a script with a signal handler (which
// makes its thread look at signals every few thousand steps) still stops
// at the host's limit of steps, and its handler still runs.
func TestMaxStepsWithSignalHandler(t *testing.T) {
	t.Parallel()
	out, _, err := exec(t, `
got = []
signal.signal(signal.SIGUSR2, lambda s, f: got.append(s))
os.kill(os.getpid(), signal.SIGUSR2)
for i in range(1000000):
    if got:
        break
print("handled", got)
while True:
    pass
`, runtime.WithMaxSteps(2000000))
	if !errors.Is(err, runtime.ErrMaxSteps) || !strings.Contains(out, "handled [12]") {
		t.Fatalf("out %q, err %v", out, err)
	}
}

// TestWithMaxSteps: a runaway script fails with ErrMaxSteps; the limit is
// per operation of a Script, and catch() cannot swallow it.
func TestWithMaxSteps(t *testing.T) {
	t.Parallel()
	_, _, err := exec(t, "x = 0\nwhile True:\n    x += 1\n", runtime.WithMaxSteps(5000))
	var se *runtime.ScriptError
	if !errors.As(err, &se) || !errors.Is(err, runtime.ErrMaxSteps) || !strings.Contains(se.Message, "too many steps") || !strings.Contains(se.Traceback, "test.star:3:") {
		t.Fatalf("err = %#v", err)
	}
	_, _, err = exec(t, `
def spin():
    while True:
        pass
v, e = catch(spin)
print("caught", e)
`, runtime.WithMaxSteps(5000))
	if !errors.Is(err, runtime.ErrMaxSteps) {
		t.Errorf("catch swallowed the step limit: %v", err)
	}
	if _, _, err := exec(t, "x = 0\nfor i in range(100):\n    x += i\n", runtime.WithMaxSteps(5000)); err != nil {
		t.Errorf("small script: %v", err)
	}

	rt := runtime.New(runtime.WithMaxSteps(3000))
	script, err := rt.LoadSource(context.Background(), "s.star", []byte("def count(n):\n    for i in range(n):\n        pass\n    return n\n"))
	if err != nil {
		t.Fatal(err)
	}
	defer script.Close()
	for i := 0; i < 5; i++ { // each call gets the whole budget
		if _, err := script.Call(context.Background(), "count", starlark.MakeInt(200)); err != nil {
			t.Fatalf("call %d: %v", i, err)
		}
	}
	if _, err := script.Call(context.Background(), "count", starlark.MakeInt(100000)); !errors.Is(err, runtime.ErrMaxSteps) {
		t.Errorf("big call: %v", err)
	}
}

// TestMaxStepsPerRun: in a child, the top level and the target are runs of
// their own, each with the whole step limit; so are a Pool worker's
// initializer and each of its tasks (a worker that ran many small tasks
// does not die of their sum), while one task past the limit still fails.
func TestMaxStepsPerRun(t *testing.T) {
	t.Parallel()
	// spin(n) takes about 10n steps: 10000 fits in the limit, twice not.
	stdout, stderr, err := exec(t, `
def spin(n):
    x = 0
    for i in range(n):
        x += i
    return n

WARM = spin(10000)

def target():
    print("target", spin(10000))

def init():
    spin(10000)

if __name__ == "__main__":
    p = Process(target=target)
    p.start()
    p.join()
    print("target exit", p.exitcode)
    pool = Pool(1, initializer=init)
    print("tasks", len(pool.map(spin, [10000] * 20, chunksize=5)), len([pool.apply(spin, (10000,)) for i in range(5)]))
    _, err = catch(pool.apply, spin, (1000000,))
    print("runaway task:", err.type)
    pool.close()
    pool.join()
`, runtime.WithMaxSteps(150000))
	if err != nil {
		t.Fatalf("%v\n%s", err, stderr)
	}
	want := "target 10000\ntarget exit 0\ntasks 20 5\nrunaway task: WorkerLostError\n"
	if stdout != want {
		t.Errorf("stdout:\n%s\nwant:\n%s\nstderr:\n%s", stdout, want, stderr)
	}
	if !strings.Contains(stderr, "reached the limit of Starlark execution steps (150000)") {
		t.Errorf("stderr:\n%s", stderr)
	}
}

// TestSettingsReachChildren: the step limit and argv of the root hold in
// its children, which get them from the root, not from Dispatch.
func TestSettingsReachChildren(t *testing.T) {
	t.Parallel()
	stdout, stderr, err := exec(t, `
def spin():
    print("child argv", sys.argv)
    while True:
        pass

if __name__ == "__main__":
    p = Process(target=spin)
    p.start()
    p.join()
    print("exit code", p.exitcode)
`, runtime.WithMaxSteps(100000), runtime.WithArgv([]string{"prog.star", "a1"}))
	if err != nil {
		t.Fatal(err)
	}
	if want := "child argv ['prog.star', 'a1']\nexit code 1\n"; stdout != want {
		t.Errorf("stdout:\n%s\nwant:\n%s", stdout, want)
	}
	if !strings.Contains(stderr, "Process Process-1:") || !strings.Contains(stderr, "too many steps: reached the limit of Starlark execution steps (100000)") {
		t.Errorf("stderr:\n%s", stderr)
	}
}

// TestWithMaxMessage: a value over the limit fails where it is sent, in the
// root and in children (the limit reaches them with the root's settings).
// Not parallel: the limit is per process.
func TestWithMaxMessage(t *testing.T) {
	stdout, _, err := exec(t, `
def child(q):
    _, err = catch(q.put, "x" * 5000)
    q.put(str(err))

if __name__ == "__main__":
    q = Queue()
    _, err = catch(q.put, b"y" * 5000)
    print(err)
    q.put([1, 2, 3])
    print(q.get())
    a, b = Pipe()
    _, err = catch(a.send_bytes, b"z" * 4097)
    print(err)
    p = Process(target=child, args=(q,))
    p.start()
    print(q.get())
    p.join()
`, runtime.WithMaxMessage(4096))
	if err != nil {
		t.Fatal(err)
	}
	want := "ValueError: item: cannot send a message of 5000 bytes: the maximum message size is 4096 bytes\n" +
		"[1, 2, 3]\n" +
		"ValueError: send_bytes: cannot send a message of 4097 bytes: the maximum message size is 4096 bytes\n" +
		"ValueError: item: cannot send a message of 5000 bytes: the maximum message size is 4096 bytes\n"
	if stdout != want {
		t.Errorf("stdout:\n%s\nwant:\n%s", stdout, want)
	}
}

// TestWithMaxProcs: the limit counts the root; start() past it fails with a
// RuntimeError naming the limit, and the script can go on.
func TestWithMaxProcs(t *testing.T) {
	t.Parallel()
	stdout, _, err := exec(t, `
def wait(e):
    time.sleep(2)

if __name__ == "__main__":
    a = Process(target=wait, args=(1,))
    a.start()
    b = Process(target=wait, args=(2,))
    _, err = catch(b.start)
    print(err.type, "|", err.message)
    a.join()
    b = Process(target=wait, args=(3,))
    b.start()
    b.join()
    print("after join:", b.exitcode)
`, runtime.WithMaxProcs(2))
	if err != nil {
		t.Fatal(err)
	}
	want := "RuntimeError | cannot start Process-2: the process tree already holds 2 live processes, the limit set by --max-procs (raise it with --max-procs N)\nafter join: 0\n"
	if stdout != want {
		t.Errorf("stdout:\n%s\nwant:\n%s", stdout, want)
	}
	if _, _, err := exec(t, `print(1)`, runtime.WithMaxProcs(0)); err == nil || !strings.Contains(err.Error(), "max processes must be between 1 and") {
		t.Errorf("WithMaxProcs(0): %v", err)
	}
}

// TestWithHook: start and exit events of every child, with name, pid, exit
// code (signals as -N) and duration.
func TestWithHook(t *testing.T) {
	t.Parallel()
	var log eventLog
	stdout, _, err := exec(t, `
def work(code):
    if code == "sleep":
        time.sleep(60)
    sys.exit(code)

if __name__ == "__main__":
    ps = [Process(target=work, args=(c,), name="w%s" % c) for c in [0, 7, "sleep"]]
    for p in ps:
        p.start()
        print(p.name, p.pid)
    ps[0].join()
    ps[1].join()
    time.sleep(0.2)
    ps[2].terminate()
    ps[2].join()
`, runtime.WithHook(log.hook))
	if err != nil {
		t.Fatal(err)
	}
	started := map[string]int{}
	for _, line := range strings.Split(strings.TrimSpace(stdout), "\n") {
		f := strings.Fields(line)
		started[f[0]], _ = strconv.Atoi(f[1])
	}
	events := log.list()
	if len(events) != 6 {
		t.Fatalf("%d events: %+v", len(events), events)
	}
	wantCode := map[string]int{"w0": 0, "w7": 7, "wsleep": -15}
	seen := map[string]int{}
	for _, e := range events {
		if e.Pid != started[e.Name] {
			t.Errorf("event %+v: pid, want %d", e, started[e.Name])
		}
		if e.Start {
			seen[e.Name]++
			if seen[e.Name] != 1 {
				t.Errorf("start after exit: %+v", e)
			}
			continue
		}
		seen[e.Name] += 10
		if e.ExitCode != wantCode[e.Name] || e.Duration <= 0 {
			t.Errorf("exit event %+v: want exit code %d and a duration", e, wantCode[e.Name])
		}
	}
	for name := range wantCode {
		if seen[name] != 11 {
			t.Errorf("%s: events %d (want one start, one exit)", name, seen[name])
		}
	}
}

// eventLog records the events a hook sees.
type eventLog struct {
	mu     sync.Mutex
	events []runtime.ProcessEvent
}

func (l *eventLog) hook(e runtime.ProcessEvent) {
	l.mu.Lock()
	l.events = append(l.events, e)
	l.mu.Unlock()
}

func (l *eventLog) list() []runtime.ProcessEvent {
	l.mu.Lock()
	defer l.mu.Unlock()
	return append([]runtime.ProcessEvent(nil), l.events...)
}

// TestHostBuiltinInChild: a Go builtin passed to New and Dispatch works in
// children and grandchildren, as a target itself too.
func TestHostBuiltinInChild(t *testing.T) {
	t.Parallel()
	stdout, stderr, err := exec(t, `
def grandchild(n):
    print("grandchild", square(n))

def child(n):
    print("child", square(n))
    p = Process(target=grandchild, args=(n + 1,))
    p.start()
    p.join()

if __name__ == "__main__":
    print("root", square(2))
    p = Process(target=child, args=(3,))
    p.start()
    p.join()
    p = Process(target=square, args=(5,))
    p.start()
    p.join()
    print("builtin target exit", p.exitcode)
`, runtime.WithPredeclared(starlark.StringDict{"square": square}))
	if err != nil {
		t.Fatalf("%v\n%s", err, stderr)
	}
	if want := "root 4\nchild 9\ngrandchild 16\nbuiltin target exit 0\n"; stdout != want {
		t.Errorf("stdout:\n%s\nwant:\n%s\nstderr:\n%s", stdout, want, stderr)
	}
}

// treeSrc builds a tree of 1 + 2 + 4 processes that print their pids and
// sleep.
const treeSrc = `
def leaf():
    print("pid", os.getpid())
    time.sleep(600)

def mid():
    print("pid", os.getpid())
    for i in range(2):
        Process(target=leaf).start()
    time.sleep(600)

def tree():
    for i in range(2):
        Process(target=mid).start()
    time.sleep(600)

if __name__ == "__main__":
    print("pid", os.getpid())
    tree()
`

// TestCancelStopsTree: cancelling ExecSource's context kills children and
// grandchildren and returns an error wrapping context.Canceled.
func TestCancelStopsTree(t *testing.T) {
	t.Parallel()
	var out syncBuffer
	rt := runtime.New(runtime.WithStdout(&out))
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- rt.ExecSource(ctx, "tree.star", []byte(treeSrc)) }()
	waitFor(t, &out, `(?s)(pid \d+\n.*){7}`)
	all := pids(out.String())[1:] // [0] is this process
	start := time.Now()
	cancel()
	var err error
	select {
	case err = <-done:
	case <-time.After(10 * time.Second):
		t.Fatal("ExecSource did not return after cancel")
	}
	if !errors.Is(err, context.Canceled) {
		t.Errorf("err = %v, want context.Canceled", err)
	}
	var se *runtime.ScriptError
	if !errors.As(err, &se) || se.Type != "KeyboardInterrupt" || !strings.Contains(se.Traceback, "tree.star:15:") {
		t.Errorf("err = %#v", err)
	}
	waitGone(t, all, 2*time.Second)
	t.Logf("%d processes gone %v after cancel", len(all), time.Since(start))
}

// TestScript: Load, Call (results, errors, sys.exit, cancellation of a call
// kills what the call started but not what the top level started), Close
// (joins non-daemonic children), and the lifetime context.
func TestScript(t *testing.T) {
	t.Parallel()
	var out syncBuffer
	rt := runtime.New(runtime.WithStdout(&out), runtime.WithStderr(&out))
	script, err := rt.LoadSource(context.Background(), "svc.star", []byte(`
counter = [0]

def bump(by=1):
    counter[0] += by
    return counter[0]

def sleeper(tag):
    print(tag, "pid", os.getpid())
    if tag == "long":
        Process(target=sleeper, args=("grand",)).start()
    time.sleep(600 if tag != "short" else 0.3)

def block():
    p = Process(target=sleeper, args=("long",))
    p.start()
    p.join()

def bye(code):
    sys.exit(code)

if __name__ == "__main__":
    bg = Process(target=sleeper, args=("short",))
    bg.start()
`))
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	v, err := script.Call(ctx, "bump")
	v2, err2 := script.CallKwargs(ctx, "bump", nil, []starlark.Tuple{{starlark.String("by"), starlark.MakeInt(10)}})
	if err != nil || err2 != nil || v.String() != "1" || v2.String() != "11" {
		t.Errorf("bump: %v %v, %v %v", v, err, v2, err2)
	}
	if _, err := script.Call(ctx, "nope"); err == nil || !strings.Contains(err.Error(), `no global "nope"`) {
		t.Errorf("missing function: %v", err)
	}
	if _, err := script.Call(ctx, "counter"); err == nil || !strings.Contains(err.Error(), "not a function") {
		t.Errorf("not a function: %v", err)
	}
	if _, err := script.Call(ctx, "bump", starlark.String("x")); err == nil {
		t.Error("bad argument: no error")
	} else if se := (*runtime.ScriptError)(nil); !errors.As(err, &se) || !strings.Contains(se.Traceback, "svc.star:5:") {
		t.Errorf("bad argument: %#v", err)
	}
	var ee *runtime.ExitError
	if _, err := script.Call(ctx, "bye", starlark.MakeInt(0)); !errors.As(err, &ee) || ee.Code != 0 {
		t.Errorf("sys.exit(0): %v", err)
	}

	cctx, cancel := context.WithCancel(ctx)
	done := make(chan error, 1)
	go func() { _, err := script.Call(cctx, "block"); done <- err }()
	waitFor(t, &out, `grand pid \d+`)
	callPids := pids(regexp.MustCompile(`(long|grand) pid \d+`).FindAllString(out.String(), -1)[0] + " " +
		regexp.MustCompile(`(long|grand) pid \d+`).FindAllString(out.String(), -1)[1])
	cancel()
	select {
	case err = <-done:
	case <-time.After(10 * time.Second):
		t.Fatal("Call did not return after cancel")
	}
	if !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled call: %v", err)
	}
	waitGone(t, callPids, 2*time.Second)
	if v, err := script.Call(ctx, "bump"); err != nil || v.String() != "12" {
		t.Errorf("after a cancelled call: %v %v", v, err)
	}
	// Close joins the top level's child (it sleeps 0.3 s).
	if err := script.Close(); err != nil {
		t.Errorf("Close: %v", err)
	}
	if bg := pids(regexp.MustCompile(`short pid \d+`).FindString(out.String())); len(bg) != 1 || ptable.Alive(bg[0], 0) {
		t.Errorf("after Close, the child %v is alive", bg)
	}
	if _, err := script.Call(ctx, "bump"); !errors.Is(err, runtime.ErrClosed) {
		t.Errorf("call after Close: %v", err)
	}

	// The context given to Load is the Script's lifetime.
	lctx, lcancel := context.WithCancel(ctx)
	var out2 syncBuffer
	rt = runtime.New(runtime.WithStdout(&out2))
	script, err = rt.LoadSource(lctx, "svc2.star", []byte(`
def sleeper():
    print("pid", os.getpid())
    time.sleep(600)

if __name__ == "__main__":
    Process(target=sleeper).start()
`))
	if err != nil {
		t.Fatal(err)
	}
	waitFor(t, &out2, `pid \d+`)
	lcancel()
	if err := script.Close(); !errors.Is(err, context.Canceled) {
		t.Errorf("Close after the lifetime was cancelled: %v", err)
	}
	waitGone(t, pids(out2.String()), 2*time.Second)

	// A failing top level: no Script, and its children were joined.
	_, err = rt.LoadSource(ctx, "bad.star", []byte("fail('top level')\n"))
	if se := (*runtime.ScriptError)(nil); !errors.As(err, &se) || se.Message != "top level" {
		t.Errorf("failing top level: %v", err)
	}
}

// TestLoadCancelled: cancelling Load's context while the top level blocks
// TestLifetimeCancelledIdle: cancelling the lifetime context of a Script or
// a Session kills its tree at once, even when no call or statement runs:
// its children and its programs do not wait for a Close.
func TestLifetimeCancelledIdle(t *testing.T) {
	t.Parallel()
	const src = `
def sleeper():
    print("child pid", os.getpid())
    time.sleep(600)

def start():
    Process(target=sleeper).start()
    print("program pid", subprocess.Popen(["sleep", "600"]).pid)
`
	for _, kind := range []string{"script", "session"} {
		var out syncBuffer
		rt := runtime.New(runtime.WithStdout(&out), runtime.WithStderr(&out))
		ctx, cancel := context.WithCancel(context.Background())
		var closeFn func() error
		if kind == "script" {
			script, err := rt.LoadSource(ctx, "idle.star", []byte(src+"\nif __name__ == \"__main__\":\n    start()\n"))
			if err != nil {
				t.Fatal(err)
			}
			closeFn = script.Close
		} else {
			session, err := rt.NewSession(ctx)
			if err != nil {
				t.Fatal(err)
			}
			for _, stmt := range []string{src, "start()"} {
				if _, err := session.Exec(context.Background(), stmt); err != nil {
					t.Fatal(err)
				}
			}
			closeFn = session.Close
		}
		waitFor(t, &out, `(?s)child pid \d+.*program pid \d+|program pid \d+.*child pid \d+`)
		cancel()
		waitGone(t, pids(out.String()), 2*time.Second)
		if err := closeFn(); !errors.Is(err, context.Canceled) && err != nil {
			t.Errorf("%s: Close: %v", kind, err)
		}
	}
}

// TestCancelCause: a run or a call stopped by a context cancelled with a
// cause returns an error that wraps the context's error (context.Canceled,
// context.DeadlineExceeded) as the docs say, and the cause too.
func TestCancelCause(t *testing.T) {
	t.Parallel()
	errStop := errors.New("host stopping")
	rt := runtime.New()
	ctx, cancel := context.WithCancelCause(context.Background())
	time.AfterFunc(100*time.Millisecond, func() { cancel(errStop) })
	err := rt.ExecSource(ctx, "cause.star", []byte("time.sleep(60)\n"))
	if !errors.Is(err, context.Canceled) || !errors.Is(err, errStop) {
		t.Errorf("ExecSource: %v: want context.Canceled and the cause", err)
	}
	script, err := rt.LoadSource(context.Background(), "cause.star", []byte("def f():\n    time.sleep(60)\n"))
	if err != nil {
		t.Fatal(err)
	}
	defer script.Close()
	dctx, dcancel := context.WithTimeoutCause(context.Background(), 100*time.Millisecond, errStop)
	defer dcancel()
	_, err = script.Call(dctx, "f")
	if !errors.Is(err, context.DeadlineExceeded) || !errors.Is(err, errStop) {
		t.Errorf("Call: %v: want context.DeadlineExceeded and the cause", err)
	}
}

// TestCancelledBeforeRun: a run given a context cancelled already runs
// nothing and returns the cancellation.
func TestCancelledBeforeRun(t *testing.T) {
	t.Parallel()
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	var out syncBuffer
	err := runtime.New(runtime.WithStdout(&out)).ExecSource(ctx, "pre.star", []byte(`
print("ran")
p = Process(target=print, args=("child ran",))
p.start()
p.join()
`))
	if !errors.Is(err, context.Canceled) || out.String() != "" {
		t.Errorf("err %v, stdout %q", err, out.String())
	}
}

// TestCallCancelKillsPrograms: a cancelled Script.Call kills the programs
// it started with subprocess.Popen, as it kills its children (and as
// Ctrl-C at Python's prompt reaches the programs in the foreground); a
// program an earlier call started lives on until Close.
func TestCallCancelKillsPrograms(t *testing.T) {
	t.Parallel()
	var out syncBuffer
	rt := runtime.New(runtime.WithStdout(&out), runtime.WithStderr(&out))
	script, err := rt.LoadSource(context.Background(), "progs.star", []byte(`
def start(tag):
    p = subprocess.Popen(["sleep", "300"])
    print(tag, "pid", p.pid)
    return p

def block():
    p = start("blocked")
    time.sleep(300) # not p.wait(), which kills p when cancelled
`))
	if err != nil {
		t.Fatal(err)
	}
	defer script.Close()
	if _, err := script.Call(context.Background(), "start", starlark.String("kept")); err != nil {
		t.Fatal(err)
	}
	kept := pids(waitFor(t, &out, `kept pid \d+`)[0])
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		_, err := script.Call(ctx, "block")
		done <- err
	}()
	blocked := pids(waitFor(t, &out, `blocked pid \d+`)[0])
	cancel()
	if err := <-done; !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled call: %v", err)
	}
	waitGone(t, blocked, 2*time.Second)
	if !ptable.Alive(kept[0], 0) {
		t.Errorf("the program of an earlier call was killed")
	}
	if err := script.Close(); err != nil {
		t.Error(err)
	}
	waitGone(t, kept, 2*time.Second)
}

// stops the tree.
func TestLoadCancelled(t *testing.T) {
	t.Parallel()
	var out syncBuffer
	rt := runtime.New(runtime.WithStdout(&out))
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		_, err := rt.LoadSource(ctx, "tree.star", []byte(treeSrc))
		done <- err
	}()
	waitFor(t, &out, `(?s)(pid \d+\n.*){7}`)
	all := pids(out.String())[1:]
	cancel()
	if err := <-done; !errors.Is(err, context.Canceled) {
		t.Errorf("err = %v", err)
	}
	waitGone(t, all, 2*time.Second)
}

// TestSession: the engine of the REPL, as a host uses it.
func TestSession(t *testing.T) {
	t.Parallel()
	var out syncBuffer
	rt := runtime.New(runtime.WithStdout(&out), runtime.WithStderr(&out))
	ctx := context.Background()
	s, err := rt.NewSession(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	run := func(src string) string {
		t.Helper()
		v, err := s.Exec(ctx, src)
		if err != nil {
			return "error: " + err.Error()
		}
		return v.String()
	}
	steps := []struct{ src, want string }{
		{"x = 1", "None"},
		{"x + 1", "2"},
		{"_ * 10", "20"},
		// Functions read the session's current globals, as in Python: a
		// later rebinding, and a function defined later, are seen.
		{"def f():\n    return g() + x\n", "None"},
		{"f()", "error: NameError: name 'g' is not defined"},
		{"def g():\n    return 100\n", "None"},
		{"f()", "101"},
		{"x = 5", "None"},
		{"f()", "105"},
		{"def g():\n    return 200\n", "None"},
		{"f()", "205"},
		{"y = 1; z = y + 1; z", "2"},
		{"def rec(n):\n    return 1 if n == 0 else n * rec(n - 1)\n", "None"},
		{"rec(5)", "120"},
		{"load('json', 'dumps')", "None"},
		{"def enc(v):\n    return dumps(v)\n", "None"},
		{"enc([1])", `"[1]"`},
		{"def h(:", "error: <repl>:1:8: got ':', want ')'"},
		{"nothere", "error: <repl>:1:1: undefined: nothere"},
		{"x", "5"},
		// Python's % and str.format, as in scripts, in functions too.
		{"'%5.1f|%-3s|' % (2.25, 'a')", `"  2.2|a  |"`},
		{"def fmt(v):\n    return '{:>4}'.format(v) + '%d' % x\n", "None"},
		{"fmt(7)", `"   75"`},
		// A multi-statement chunk: forward references work within it.
		{"def a():\n    return b()\ndef b():\n    return 'b'\nr = a()\nr", `"b"`},
	}
	for _, st := range steps {
		if got := run(st.src); got != st.want {
			t.Errorf("%q: got %s, want %s", st.src, got, st.want)
		}
	}
	// Session functions as targets: they see the session's defs and loads.
	if got := run("def usesx():\n    return x\n"); got != "None" {
		t.Fatal(got)
	}
	if got := run("p = Process(target=usesx); p.start(); p.join(); p.exitcode"); got != "1" {
		t.Errorf("target using a non-def global: exit code %s", got)
	}
	waitFor(t, &out, `NameError: name 'x' is not defined in this process`)
	if got := run("def show(v):\n    print('child got', enc(v), g(), rec(3))\n"); got != "None" {
		t.Fatal(got)
	}
	if got := run("p = Process(target=show, args=({'k': f()},)); p.start(); p.join(); p.exitcode"); got != "0" {
		t.Errorf("target: exit code %s\n%s", got, out.String())
	}
	waitFor(t, &out, `child got \{"k": 205\} 200 6\n`)

	// Session functions as Pool functions.
	if got := run("pool = Pool(2)"); got != "None" {
		t.Fatal(got)
	}
	if got := run("pool.map(rec, range(5))"); got != "[1, 1, 2, 6, 24]" {
		t.Errorf("pool.map: %s", got)
	}
	if got := run("def late(v):\n    return v\n"); got != "None" {
		t.Fatal(got)
	}
	// A def after the pool started works too: workers with older
	// definitions are replaced at the next submission.
	if got := run("pool.map(late, [1])"); got != "[1]" {
		t.Errorf("late def in a pool: %s", got)
	}
	if got := run("pool.close(); pool.join()"); got != "None" {
		t.Errorf("pool.close: %s", got)
	}

	// sys.exit(0) ends a REPL: it is reported.
	var ee *runtime.ExitError
	if _, err := s.Exec(ctx, "sys.exit()"); !errors.As(err, &ee) || ee.Code != 0 {
		t.Errorf("sys.exit(): %v", err)
	}
	// Cancelling a statement keeps the session.
	cctx, cancel := context.WithTimeout(ctx, 300*time.Millisecond)
	defer cancel()
	if _, err := s.Exec(cctx, "while True:\n    pass\n"); !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("cancelled loop: %v", err)
	}
	if got := run("x"); got != "5" {
		t.Errorf("after cancel: %s", got)
	}
	if err := s.Close(); err != nil {
		t.Error(err)
	}
	if _, err := s.Exec(ctx, "x"); !errors.Is(err, runtime.ErrClosed) {
		t.Errorf("after Close: %v", err)
	}
}

// TestSessionCloseKillsChildren: Close stops what is still running,
// grandchildren included.
func TestSessionCloseKillsChildren(t *testing.T) {
	t.Parallel()
	var out syncBuffer
	rt := runtime.New(runtime.WithStdout(&out))
	s, err := rt.NewSession(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	src := strings.Replace(treeSrc, `if __name__ == "__main__":
    print("pid", os.getpid())
    tree()`, `for i in range(2):
    Process(target=mid).start()`, 1)
	if _, err := s.Exec(context.Background(), src); err != nil {
		t.Fatal(err)
	}
	waitFor(t, &out, `(?s)(pid \d+\n.*){6}`)
	if err := s.Close(); err != nil {
		t.Error(err)
	}
	waitGone(t, pids(out.String()), 2*time.Second)
}

// forgotDispatchEnv makes the test binary a host that calls New without
// Dispatch first.
const forgotDispatchEnv = "PROCSTAR_TEST_FORGOT_DISPATCH"

// TestForgotDispatch: a child of a host that calls runtime.New before
// runtime.Dispatch refuses to run (rather than starting the host's tree
// again, and again in each of its children).
func TestForgotDispatch(t *testing.T) {
	t.Parallel()
	cmd := osexec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), forgotDispatchEnv+"=1", spawn.EnvVar+"=3")
	out, err := cmd.CombinedOutput()
	var ee *osexec.ExitError
	if !errors.As(err, &ee) || ee.ExitCode() != 1 {
		t.Fatalf("exit: %v, want status 1\n%s", err, out)
	}
	if !strings.Contains(string(out), "call runtime.Dispatch first in main") {
		t.Errorf("output:\n%s", out)
	}
}

// TestDispatchOptionsDiffer: a child whose Dispatch options lack a builtin
// TestForgotDispatchGuard: in a host that forgot Dispatch, the subprocess
// guard (this binary again) does not run the host's main past New, which
// would run the script again, start a program and so a guard of its own,
// and so on without end: New runs the guard, which exits at the end of its
// pipe.
func TestForgotDispatchGuard(t *testing.T) {
	t.Parallel()
	cmd := osexec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), forgotDispatchEnv+"=1", "PROCSTAR_GUARD=1")
	out, err := cmd.CombinedOutput()
	if err != nil || len(out) != 0 {
		t.Errorf("guard: %v, output %q (want none: New must not return in a guard)", err, out)
	}
}

// the root's New options define says so, rather than "undefined: upper".
func TestDispatchOptionsDiffer(t *testing.T) {
	t.Parallel()
	upper := starlark.NewBuiltin("upper", func(*starlark.Thread, *starlark.Builtin, starlark.Tuple, []starlark.Tuple) (starlark.Value, error) {
		return starlark.None, nil
	})
	stdout, stderr, err := exec(t, `
def child():
    upper()

if __name__ == "__main__":
    p = Process(target=child)
    p.start()
    p.join()
    print("exitcode", p.exitcode)
`, runtime.WithPredeclared(starlark.StringDict{"upper": upper}))
	if err != nil {
		t.Fatalf("%v\n%s", err, stderr)
	}
	if stdout != "exitcode 1\n" || !strings.Contains(stderr, "define upper, which this process's runtime.Dispatch options do not") {
		t.Errorf("stdout:\n%s\nstderr:\n%s", stdout, stderr)
	}
}

// TestSessionsSourceLines: two sessions of one process, their chunks all
// named <repl>, each show their own source lines in tracebacks.
func TestSessionsSourceLines(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	var a, b *runtime.Session
	for _, s := range []**runtime.Session{&a, &b} {
		var err error
		if *s, err = runtime.New(runtime.WithStdout(&syncBuffer{}), runtime.WithStderr(&syncBuffer{})).NewSession(ctx); err != nil {
			t.Fatal(err)
		}
		defer (*s).Close()
	}
	if _, err := a.Exec(ctx, "def fa():\n    return 1 // 0\n"); err != nil {
		t.Fatal(err)
	}
	if _, err := b.Exec(ctx, "def fb():\n    return {}['missing']\n"); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		s          *runtime.Session
		call, want string
	}{{a, "fa()", "return 1 // 0"}, {b, "fb()", "return {}['missing']"}} {
		_, err := c.s.Exec(ctx, c.call)
		var se *runtime.ScriptError
		if !errors.As(err, &se) {
			t.Fatalf("%s: %v", c.call, err)
		}
		if !strings.Contains(se.Traceback, "    "+c.call+"\n") || !strings.Contains(se.Traceback, "    "+c.want+"\n") {
			t.Errorf("%s: traceback:\n%s", c.call, se.Traceback)
		}
	}
}

// TestSessionInterruptKeepsPool: cancelling a statement that waits on a Pool
// an earlier statement created (Ctrl-C in the REPL) cancels the statement,
// not the Pool: the next statement uses it.
func TestSessionInterruptKeepsPool(t *testing.T) {
	t.Parallel()
	var out syncBuffer
	ctx := context.Background()
	s, err := runtime.New(runtime.WithStdout(&out), runtime.WithStderr(&out)).NewSession(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	for _, src := range []string{"def nap(x):\n    time.sleep(x)\n    return x\n", "p = Pool(1)"} {
		if _, err := s.Exec(ctx, src); err != nil {
			t.Fatalf("%s: %v", src, err)
		}
	}
	op, cancel := context.WithCancel(ctx)
	go func() {
		time.Sleep(300 * time.Millisecond) // then Ctrl-C, wherever the map is
		cancel()
	}()
	if _, err := s.Exec(op, "p.map(nap, [60])"); err == nil {
		t.Fatal("the interrupted map returned")
	}
	v, err := s.Exec(ctx, "p.map(abs, [-1, -2])")
	if err != nil || v.String() != "[1, 2]" {
		t.Fatalf("after the interrupt: %v, %v\n%s", v, err, out.String())
	}
}

// TestSubprocessEndsWithProcess: a program still running when the process
// that started it ends normally is killed, with its group, after others
// that started and ended before it (the process's set of running programs
// lost none of them).
func TestSubprocessEndsWithProcess(t *testing.T) {
	t.Parallel()
	var out syncBuffer
	err := runtime.New(runtime.WithStdout(&out), runtime.WithStderr(&out)).ExecSource(context.Background(), "sp.star", []byte(`
for i in range(20):
    subprocess.run(["true"])
    subprocess.Popen(["true"]).wait()
p = subprocess.Popen(["sh", "-c", "sleep 300 & echo $!; wait"], stdout=subprocess.PIPE, text=True)
print("grandchild", p.stdout.readline().strip(), "child", p.pid)
`))
	if err != nil {
		t.Fatalf("%v\n%s", err, out.String())
	}
	m := regexp.MustCompile(`grandchild (\d+) child (\d+)`).FindStringSubmatch(out.String())
	if m == nil {
		t.Fatalf("no pids:\n%s", out.String())
	}
	deadline := time.Now().Add(60 * time.Second)
	for _, s := range m[1:] {
		pid, _ := strconv.Atoi(s)
		for syscall.Kill(pid, 0) == nil {
			if time.Now().After(deadline) {
				t.Fatalf("pid %d still alive after the run ended", pid)
			}
			time.Sleep(10 * time.Millisecond)
		}
	}
}

// TestSubprocessLinesWhole: a program's inherited stdout and stderr reach
// the output a whole line at a time, never split by another process's
// prints (the program writes each line in two parts, with a pause between).
func TestSubprocessLinesWhole(t *testing.T) {
	t.Parallel()
	var out syncBuffer
	err := runtime.New(runtime.WithStdout(&out), runtime.WithStderr(&out)).ExecSource(context.Background(), "lines.star", []byte(`
load("time", "sleep")
def child():
    for i in range(4):
        subprocess.run(["sh", "-c", "printf ab; sleep 0.03; echo cd; printf ef >&2; sleep 0.03; echo gh >&2"])
        subprocess.check_call(["sh", "-c", "printf ij; sleep 0.03; echo kl"])

if __name__ == "__main__":
    p = Process(target=child)
    p.start()
    while p.is_alive():
        print("root")
        sleep(0.002)
    p.join()
    print("exitcode", p.exitcode)
`))
	if err != nil {
		t.Fatalf("%v\n%s", err, out.String())
	}
	counts := map[string]int{}
	for _, line := range strings.Split(strings.TrimSuffix(out.String(), "\n"), "\n") {
		counts[line]++
	}
	if counts["abcd"] != 4 || counts["efgh"] != 4 || counts["ijkl"] != 4 || counts["exitcode 0"] != 1 || len(counts) != 5 {
		t.Errorf("lines split or lost: %v", counts)
	}
}

// TestSubprocessRunCancelled: cancelling a run while subprocess.run waits
// on the calling goroutine (inherited output, no timeout) kills the
// program's group and ends the run.
func TestSubprocessRunCancelled(t *testing.T) {
	t.Parallel()
	out, err := cancelWithProgram(t, `
subprocess.run(["sh", "-c", "sleep 300 & echo grandchild $! child $$; wait"])
print("not reached")
`)
	if err == nil {
		t.Errorf("the cancelled run ended without an error:\n%s", out)
	}
	if strings.Contains(out, "not reached") {
		t.Errorf("the script went on:\n%s", out)
	}
}

// TestSubprocessReadCancelled: cancelling a run that waits in a read of a
// program's pipe (read, readline, readlines, a for loop, communicate) ends
// the run at once, though the program writes nothing and does not end; the
// program dies with the tree.
func TestSubprocessReadCancelled(t *testing.T) {
	t.Parallel()
	for _, read := range []string{
		"p.stdout.read()",
		"p.stdout.readline()",
		"p.stdout.readlines()",
		"[line for line in p.stdout]",
		"p.communicate()",
	} {
		var out syncBuffer
		ctx, cancel := context.WithCancel(context.Background())
		done := make(chan error, 1)
		go func() {
			done <- runtime.New(runtime.WithStdout(&out), runtime.WithStderr(&out)).ExecSource(ctx, "read.star", []byte(`
p = subprocess.Popen(["sleep", "300"], stdout=subprocess.PIPE, text=True)
print("program pid", p.pid)
`+read+`
print("not reached")
`))
		}()
		program := pids(waitFor(t, &out, `program pid \d+`)[0])
		cancel()
		select {
		case err := <-done:
			if !errors.Is(err, context.Canceled) || strings.Contains(out.String(), "not reached") {
				t.Errorf("%s: err %v, output:\n%s", read, err, out.String())
			}
		case <-time.After(5 * time.Second):
			syscall.Kill(program[0], syscall.SIGKILL)
			<-done
			t.Errorf("%s: the cancelled run went on reading", read)
		}
		waitGone(t, program, 2*time.Second)
	}
}

// TestSubprocessDiesWithTree: cancelling a run (Ctrl-C, a host's context)
// kills a program it started with subprocess and that program's own
// children (its process group).
func TestSubprocessDiesWithTree(t *testing.T) {
	t.Parallel()
	cancelWithProgram(t, `
p = subprocess.Popen(["sh", "-c", "sleep 300 & echo $!; wait"], stdout=subprocess.PIPE, text=True)
print("grandchild", p.stdout.readline().strip(), "child", p.pid)
p.wait()
`)
}

// cancelWithProgram runs src until it prints "grandchild G child C" (a
// program it started and that program's child), cancels the run, checks
// both pids are gone, and returns the run's output and error.
func cancelWithProgram(t *testing.T, src string) (string, error) {
	t.Helper()
	var out syncBuffer
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		done <- runtime.New(runtime.WithStdout(&out), runtime.WithStderr(&out)).ExecSource(ctx, "sp.star", []byte(src))
	}()
	deadline := time.Now().Add(60 * time.Second)
	var pids []int
	for len(pids) == 0 && time.Now().Before(deadline) {
		if m := regexp.MustCompile(`grandchild (\d+) child (\d+)`).FindStringSubmatch(out.String()); m != nil {
			a, _ := strconv.Atoi(m[1])
			b, _ := strconv.Atoi(m[2])
			pids = []int{a, b}
		}
		time.Sleep(10 * time.Millisecond)
	}
	if pids == nil {
		cancel()
		t.Fatalf("no pids:\n%s", out.String())
	}
	cancel()
	err := <-done
	for _, pid := range pids {
		for syscall.Kill(pid, 0) == nil {
			if time.Now().After(deadline) {
				t.Fatalf("pid %d still alive after the cancelled run", pid)
			}
			time.Sleep(10 * time.Millisecond)
		}
	}
	return out.String(), err
}

// TestWithStdin: sys.stdin and input() read WithStdin's reader in the
// root (nil: nothing), never in a child; a host's cancelled context ends a
// read that waits for input, as a cancelled sleep does.
func TestWithStdin(t *testing.T) {
	t.Parallel()
	src := `
def child():
    print("child", repr(sys.stdin.read()))

if __name__ == "__main__":
    print(input("who? "))
    p = Process(target=child)
    p.start()
    p.join()
    print([line for line in sys.stdin])
    _, err = catch(input)
    print(err.type)
`
	stdout, _, err := exec(t, src, runtime.WithStdin(strings.NewReader("Ada\nb\nc")))
	if want := "who? Ada\nchild ''\n['b\\n', 'c']\nEOFError\n"; err != nil || stdout != want {
		t.Errorf("stdout %q, err %v; want %q", stdout, err, want)
	}
	stdout, _, err = exec(t, `print(repr(sys.stdin.read()), catch(input)[1].type)`, runtime.WithStdin(nil))
	if err != nil || stdout != "'' EOFError\n" {
		t.Errorf("nil stdin: %q, %v", stdout, err)
	}

	pr, pw := io.Pipe()
	defer pw.Close()
	var out syncBuffer
	rt := runtime.New(runtime.WithStdin(pr), runtime.WithStdout(&out))
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		done <- rt.ExecSource(ctx, "wait.star", []byte("print('reading')\nfor line in sys.stdin:\n    print(line)\n"))
	}()
	waitFor(t, &out, "reading")
	cancel()
	select {
	case err = <-done:
	case <-time.After(30 * time.Second):
		t.Fatal("a read of stdin did not end with the host's context")
	}
	var se *runtime.ScriptError
	if !errors.As(err, &se) || se.Type != "KeyboardInterrupt" {
		t.Errorf("err = %v, want a KeyboardInterrupt", err)
	}
}
