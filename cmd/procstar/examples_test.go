package main

import (
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
)

// exampleChecks holds, for each examples/NAME.star, what its run must show.
// Every example must have an entry and every entry an example.
var exampleChecks = map[string]func(t *testing.T, r result){
	"seed001_high_level": func(t *testing.T, r result) {
		exWant(t, r, 0, "")
		exLinesAre(t, r.stdout)
	},

	"seed001_num04_process": func(t *testing.T, r result) {
		exWant(t, r, 0, "")
		l := exLines(r.stdout)
		exLinesAre(t, r.stdout, `父进程 (\d+)`, `子进程将要执行`, `子进程运行中，name= 我是子进程 ,pid=(\d+)`, `子进程已结束`)
		if len(l) == 4 {
			exDifferentPids(t, exSub(l[0], `父进程 (\d+)`), exSub(l[2], `pid=(\d+)`))
		}
	},

	"seed001_test02_kwargs": func(t *testing.T, r result) {
		exWant(t, r, 0, "")
		run := `子进程运行中，name= 我是子进程,age=66 ,pid=(\d+)\.\.\.`
		kw := `\{'得分': 666\}`
		exLinesAre(t, r.stdout, `父进程 (\d+)`, `子进程将要执行`,
			run, kw, run, kw, run, kw, run, kw, run, kw,
			`子进程已结束`)
		l := exLines(r.stdout)
		if len(l) != 13 {
			return
		}
		parent, child := exSub(l[0], `(\d+)`), exSub(l[2], `pid=(\d+)`)
		exDifferentPids(t, parent, child)
		for i := 2; i < 12; i += 2 {
			if p := exSub(l[i], `pid=(\d+)`); p != child {
				t.Errorf("line %d: pid %s, want the child's %s throughout", i+1, p, child)
			}
		}
	},

	"seed001_test03_two_workers": func(t *testing.T, r result) {
		exWant(t, r, 0, "")
		l := exLines(r.stdout)
		if len(l) != 16 {
			t.Errorf("%d lines, want 16:\n%s", len(l), r.stdout)
		}
		// The parent's own lines, in this order (the workers' lines interleave).
		m := exInOrder(t, l,
			`进程ID：(\d+)`,
			`p2\.is_alive=True`,
			`p1\.is_alive=True`,
			`--p1进程的别名和pid--`,
			`p1\.name=Process-1`,
			`p1\.pid=(\d+)`,
			`--p2进程的别名和pid--`,
			`p2\.name=xiaoke`,
			`p2\.pid=(\d+)`,
			`--p1进程是否执行完毕--`,
			`p1\.is_alive=False`,
			`p2\.is_alive=False`)
		if m == nil {
			return
		}
		parent, pid1, pid2 := m[0][1], m[5][1], m[8][1]
		exDifferentPids(t, parent, pid1, pid2)
		// Each worker reports its parent and its own pid, and how long it slept;
		// p1.is_alive=False comes after worker_1 ended, p2.is_alive=False after worker_2.
		for _, w := range []struct {
			name, pid string
			min       float64
			aliveLine string
		}{{"worker_1", pid1, 0.4, "p1.is_alive=False"}, {"worker_2", pid2, 0.2, "p2.is_alive=False"}} {
			exInOrder(t, l,
				regexp.QuoteMeta(w.name+",父进程("+parent+"),当前进程("+w.pid+")"),
				regexp.QuoteMeta(w.name)+`,执行时间为\d+\.\d\d秒`,
				regexp.QuoteMeta(w.aliveLine))
			for _, line := range l {
				if s := exSub(line, regexp.QuoteMeta(w.name)+`,执行时间为(\d+\.\d\d)秒`); s != "" {
					exAtLeast(t, w.name+" time", s, w.min-0.01)
				}
			}
		}
	},

	"seed001_num05_class_way": func(t *testing.T, r result) {
		exWant(t, r, 0, "")
		exLinesAre(t, r.stdout,
			`当前程序进程\((\d+)\)`,
			`子进程\((\d+)\) 开始执行，父进程为\((\d+)\)`,
			`子进程\((\d+)\)执行结束，耗时(\d+\.\d\d)秒`,
			`父进程\((\d+)\)执行结束，耗时(\d+\.\d\d)秒`)
		l := exLines(r.stdout)
		if len(l) != 4 {
			return
		}
		parent := exSub(l[0], `(\d+)`)
		m := regexp.MustCompile(`\((\d+)\).*\((\d+)\)`).FindStringSubmatch(l[1])
		child, ppid := m[1], m[2]
		exDifferentPids(t, parent, child)
		if ppid != parent {
			t.Errorf("child's getppid() %s, want the parent's pid %s", ppid, parent)
		}
		if p := exSub(l[2], `\((\d+)\)`); p != child {
			t.Errorf("child ends as pid %s, started as %s", p, child)
		}
		if p := exSub(l[3], `\((\d+)\)`); p != parent {
			t.Errorf("parent ends as pid %s, started as %s", p, parent)
		}
		exAtLeast(t, "child time", exSub(l[2], `耗时(\S+)秒`), 0.19)
		exAtLeast(t, "parent time", exSub(l[3], `耗时(\S+)秒`), 0.19)
	},

	"seed002_simple": func(t *testing.T, r result) {
		exWant(t, r, 0, "")
		exSameLines(t, r.stdout, "Worker: 0", "Worker: 1", "Worker: 2", "Worker: 3", "Worker: 4")
	},

	"seed002_naming": func(t *testing.T, r result) {
		exWant(t, r, 0, "")
		exSameLines(t, r.stdout,
			"worker 1 Starting", "worker 1 Exiting",
			"Process-3 Starting", "Process-3 Exiting",
			"my_service Starting", "my_service Exiting")
		l := exLines(r.stdout)
		for _, name := range []string{"worker 1", "Process-3", "my_service"} {
			exInOrder(t, l, regexp.QuoteMeta(name+" Starting"), regexp.QuoteMeta(name+" Exiting"))
		}
	},

	"seed002_daemon": func(t *testing.T, r result) {
		exWant(t, r, 0, "")
		// The daemon is terminated when the main program ends: no "Exiting : daemon".
		exSameLines(t, r.stdout,
			"Starting: daemon", "Starting: non-daemon", "Exiting : non-daemon", "d.is_alive() True")
		exInOrder(t, exLines(r.stdout), `Starting: non-daemon`, `Exiting : non-daemon`)
	},

	"seed002_terminate": func(t *testing.T, r result) {
		exWant(t, r, 0, "")
		const p = `<Process name='Process-1' `
		var l []string
		for _, line := range exLines(r.stdout) {
			// The child may or may not get to its first print before SIGTERM.
			if line != "Starting worker" {
				l = append(l, line)
			}
		}
		exLinesAre(t, strings.Join(l, "\n")+"\n",
			`BEFORE: `+p+`parent=(\d+) initial> False`,
			`DURING: `+p+`pid=(\d+) parent=(\d+) started> True`,
			`TERMINATED: `+p+`pid=(\d+) parent=(\d+) (started> True|stopped exitcode=-SIGTERM> False)`,
			`JOINED: `+p+`pid=(\d+) parent=(\d+) stopped exitcode=-SIGTERM> False`)
		if len(l) == 4 {
			parent := exSub(l[0], `parent=(\d+)`)
			child := exSub(l[1], `pid=(\d+)`)
			exDifferentPids(t, parent, child)
			for _, line := range l[1:] {
				if exSub(line, `pid=(\d+)`) != child || exSub(line, `parent=(\d+)`) != parent {
					t.Errorf("pid or parent changed: %q (pid %s, parent %s)", line, child, parent)
				}
			}
		}
	},

	"seed002_exitcode": func(t *testing.T, r result) {
		exWant(t, r, 0, `^Process raises:\nTraceback \(most recent call last\):\n(  .*\n)*`+
			`  seed002_exitcode\.star:\d+:\d+: in raises\n    fail\('There was an error!'\)\nError: There was an error!\n$`)
		exLinesAre(t, r.stdout,
			`Starting process for exit_error`,
			`Starting process for exit_ok`,
			`Starting process for return_value`,
			`Starting process for raises`,
			`Starting process for terminated`,
			`     exit_error\.exitcode = 1`,
			`        exit_ok\.exitcode = 0`,
			`   return_value\.exitcode = 0`,
			`         raises\.exitcode = 1`,
			`     terminated\.exitcode = -15`)
	},

	"seed002_logging": func(t *testing.T, r result) {
		exWant(t, r, 0, `(?s)^\[INFO/.*\n$`)
		exLinesAre(t, r.stdout, `Doing some work`)
		exInOrder(t, exLines(r.stderr),
			`\[INFO/Process-1\] child process calling self\.run\(\)`,
			`\[INFO/Process-1\] process shutting down`,
			`\[INFO/Process-1\] process exiting with exitcode 0`,
			`\[INFO/MainProcess\] process shutting down`)
	},

	"seed002_subclass": func(t *testing.T, r result) {
		exWant(t, r, 0, "")
		exSameLines(t, r.stdout, "In Process-1", "In Process-2", "In Process-3", "In Process-4", "In Process-5")
	},

	"seed004_function_args": func(t *testing.T, r result) {
		exWant(t, r, 0, "")
		// start() returns at once: the parent prints first, then waits for the child at its end.
		exLinesAre(t, r.stdout, `主`, `子进程1 is running`, `子进程1 is done`)
	},

	"seed004_function_kwargs": func(t *testing.T, r result) {
		exWant(t, r, 0, "")
		exLinesAre(t, r.stdout, `子进程1 is running`, `子进程1 is done`)
	},

	"seed004_class_way": func(t *testing.T, r result) {
		exWant(t, r, 0, "")
		exLinesAre(t, r.stdout, `主`, `子进程1 is running`, `子进程1 is done`)
	},

	"seed003_ticket": func(t *testing.T, r result) {
		exWant(t, r, 0, "")
		// Every user queries once, then buys or not under the lock: exactly 3 of 10 buy.
		l := exLines(r.stdout)
		if len(l) != 21 {
			t.Errorf("%d lines, want 21", len(l))
			return
		}
		bought, missed := 0, 0
		for i := 0; i < 10; i++ {
			u := "user" + strconv.Itoa(i)
			m := exInOrder(t, l, u+`查询结果 : (\d)张余票`, u+`(买到票了|没买到票)`)
			if m == nil {
				continue
			}
			if m[1][1] == "买到票了" {
				bought++
			} else {
				missed++
			}
		}
		if bought != 3 || missed != 7 {
			t.Errorf("%d bought and %d missed, want 3 and 7", bought, missed)
		}
		if l[20] != "余票: 0" {
			t.Errorf("last line %q, want 余票: 0", l[20])
		}
	},

	"seed002_event": func(t *testing.T, r result) {
		exWant(t, r, 0, "")
		exSameLines(t, r.stdout,
			"main: waiting before calling Event.set()", "main: event is set",
			"wait_for_event: starting", "wait_for_event: e.is_set()-> True",
			"wait_for_event_timeout: starting", "wait_for_event_timeout: e.is_set()-> False")
		l := exLines(r.stdout)
		exInOrder(t, l, `wait_for_event: starting`, `wait_for_event: e\.is_set\(\)-> True`)
		// The 2 s timeout ends before the event is set at 3 s.
		exInOrder(t, l, `wait_for_event_timeout: starting`, `wait_for_event_timeout: e\.is_set\(\)-> False`, `main: event is set`)
		exInOrder(t, l, `main: waiting before calling Event\.set\(\)`, `main: event is set`)
	},

	"seed001_queue_test01": func(t *testing.T, r result) {
		exWant(t, r, 0, "")
		// Both puts on the full queue fail; the recommended put is skipped; three messages come out.
		exLinesAre(t, r.stdout, `False`, `True`,
			`消息列队已满，现有消息数量:3`, `消息列队已满，现有消息数量:3`,
			`取出消息：消息1`, `取出消息：消息2`, `取出消息：消息3`)
	},

	"seed001_queue_test02": func(t *testing.T, r result) {
		exWant(t, r, 0, "")
		// The writer is joined before the reader starts: its lines all come first.
		exLinesAre(t, r.stdout,
			`Put A to queue\.\.\.`, `Put B to queue\.\.\.`, `Put C to queue\.\.\.`, `Put quit to queue\.\.\.`,
			`Get A from queue\.`, `Get B from queue\.`, `Get C from queue\.`, `Get quit from queue\.`,
			`所有数据都写入并且读完`, `pw is alive:False`, `pr is alive:False`)
	},

	"seed002_consumer": func(t *testing.T, r result) {
		exWant(t, r, 0, "")
		l := exLines(r.stdout)
		if len(l) == 0 {
			t.Fatal("no output")
		}
		n, err := strconv.Atoi(exSub(l[0], `^Creating (\d+) consumers$`))
		if err != nil || n < 2 {
			t.Fatalf("first line %q, want Creating N consumers", l[0])
		}
		if len(l) != 1+10+n+10 {
			t.Errorf("%d lines, want %d (1 + 10 tasks + %d exits + 10 results)", len(l), 1+10+n+10, n)
			return
		}
		// Every task is taken once and every consumer exits once, all before the
		// results are printed (tasks.join() waits for their task_done()).
		tasks := map[string]int{}
		exits := map[string]int{}
		for _, line := range l[1 : 1+10+n] {
			if m := regexp.MustCompile(`^(Process-\d+): (\d) \* (\d)$`).FindStringSubmatch(line); m != nil && m[2] == m[3] {
				tasks[m[2]]++
			} else if m := regexp.MustCompile(`^(Process-\d+): Exiting$`).FindStringSubmatch(line); m != nil {
				exits[m[1]]++
			} else {
				t.Errorf("unexpected line %q before the results", line)
			}
		}
		results := map[string]bool{}
		for _, line := range l[1+10+n:] {
			m := regexp.MustCompile(`^Result: (\d) \* (\d) = (\d+)$`).FindStringSubmatch(line)
			if m == nil || m[1] != m[2] {
				t.Errorf("unexpected result line %q", line)
				continue
			}
			i, _ := strconv.Atoi(m[1])
			if m[3] != strconv.Itoa(i*i) {
				t.Errorf("wrong result %q", line)
			}
			results[m[1]] = true
		}
		for i := 0; i < 10; i++ {
			k := strconv.Itoa(i)
			if tasks[k] != 1 || !results[k] {
				t.Errorf("task %d: taken %d times, result printed %v", i, tasks[k], results[k])
			}
		}
		if len(exits) != n {
			t.Errorf("%d consumers exited, want %d: %v", len(exits), n, exits)
		}
		for name, c := range exits {
			if c != 1 {
				t.Errorf("%s exited %d times", name, c)
			}
		}
	},

	"seed003_ipc": func(t *testing.T, r result) {
		exWant(t, r, 0, "")
		// First in, first out: the set, then ret*2; the child's third item is never read.
		exLinesAre(t, r.stdout, `\{6, 2, 3\}`, `12`)
	},

	"seed001_pool_apply_async": func(t *testing.T, r result) {
		exWant(t, r, 0, "")
		poolExTasks(t, exLines(r.stdout), 10, 3, false)
	},

	"seed001_pool_apply": func(t *testing.T, r result) {
		exWant(t, r, 0, "")
		poolExTasks(t, exLines(r.stdout), 10, 3, true)
	},

	"seed001_manager_queue": func(t *testing.T, r result) {
		exWant(t, r, 0, "")
		// apply() waits: the writer's five lines, then the reader's, from two workers.
		l := exLines(r.stdout)
		want := poolExQueueLines()
		if len(l) != 10 {
			t.Fatalf("%d lines, want 10:\n%s", len(l), r.stdout)
		}
		w, rd := poolExQueueSide(t, l[:5], want[:5]), poolExQueueSide(t, l[5:], want[5:])
		exDifferentPids(t, w, rd)
	},

	"seed001_manager_queue_async": func(t *testing.T, r result) {
		exWant(t, r, 0, "")
		// apply_async: writer and reader run at once; each side's lines are in order.
		l := exLines(r.stdout)
		if len(l) != 10 {
			t.Fatalf("%d lines, want 10:\n%s", len(l), r.stdout)
		}
		var wpid string
		for _, line := range l {
			if strings.Contains(line, "添加消息") {
				wpid = exSub(line, `^(\d+) `)
			}
		}
		var writer, reader []string
		for _, line := range l {
			if exSub(line, `^(\d+) `) == wpid {
				writer = append(writer, line)
			} else {
				reader = append(reader, line)
			}
		}
		want := poolExQueueLines()
		if len(writer) != 5 || len(reader) != 5 {
			t.Fatalf("writer lines %q, reader lines %q", writer, reader)
		}
		w, rd := poolExQueueSide(t, writer, want[:5]), poolExQueueSide(t, reader, want[5:])
		exDifferentPids(t, w, rd)
	},
}

// TestExamples runs every examples/*.star through the CLI and checks its output.
func TestExamples(t *testing.T) {
	dir, err := filepath.Abs("../../examples")
	if err != nil {
		t.Fatal(err)
	}
	scripts, _ := filepath.Glob(filepath.Join(dir, "*.star"))
	if len(scripts) == 0 {
		t.Fatal("no scripts in examples")
	}
	seen := map[string]bool{}
	for _, script := range scripts {
		name := strings.TrimSuffix(filepath.Base(script), ".star")
		seen[name] = true
		check := exampleChecks[name]
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			if check == nil {
				t.Fatalf("examples/%s.star has no entry in exampleChecks", name)
			}
			r := procstar(t, dir, "", 30*time.Second, name+".star")
			check(t, r)
			if t.Failed() {
				t.Logf("exit %d\nstdout:\n%s\nstderr:\n%s", r.exit, r.stdout, r.stderr)
			}
		})
	}
	for name := range exampleChecks {
		if !seen[name] {
			t.Errorf("exampleChecks has %s but examples/%s.star does not exist", name, name)
		}
	}
}

// exWant checks the exit status, and stderr: empty if stderrRE is "", else matching it.
func exWant(t *testing.T, r result, exit int, stderrRE string) {
	t.Helper()
	if r.exit != exit {
		t.Errorf("exit status %d, want %d", r.exit, exit)
	}
	if stderrRE == "" {
		if r.stderr != "" {
			t.Errorf("stderr not empty:\n%s", r.stderr)
		}
	} else if !regexp.MustCompile(stderrRE).MatchString(r.stderr) {
		t.Errorf("stderr does not match %s:\n%s", stderrRE, r.stderr)
	}
}

// exLines splits output into lines, checking it ends with a newline.
func exLines(s string) []string {
	if s == "" {
		return nil
	}
	return strings.Split(strings.TrimSuffix(s, "\n"), "\n")
}

// exLinesAre checks that the lines of s match the patterns one to one (anchored).
func exLinesAre(t *testing.T, s string, patterns ...string) {
	t.Helper()
	if s != "" && !strings.HasSuffix(s, "\n") {
		t.Errorf("output does not end with a newline: %q", s)
	}
	l := exLines(s)
	if len(l) != len(patterns) {
		t.Errorf("%d lines, want %d:\n%s", len(l), len(patterns), s)
		return
	}
	for i, p := range patterns {
		if !regexp.MustCompile("^" + p + "$").MatchString(l[i]) {
			t.Errorf("line %d %q does not match %s", i+1, l[i], p)
		}
	}
}

// exSameLines checks that s has exactly the lines want, in any order.
func exSameLines(t *testing.T, s string, want ...string) {
	t.Helper()
	got := exLines(s)
	slices.Sort(got)
	want = slices.Clone(want)
	slices.Sort(want)
	if !slices.Equal(got, want) {
		t.Errorf("lines (sorted) %q, want %q", got, want)
	}
}

// exInOrder finds lines matching the patterns (anchored) one after the other and
// returns their submatches, or nil after reporting the first pattern not found.
func exInOrder(t *testing.T, lines []string, patterns ...string) [][]string {
	t.Helper()
	var out [][]string
	i := 0
	for _, p := range patterns {
		re := regexp.MustCompile("^" + p + "$")
		found := false
		for ; i < len(lines); i++ {
			if m := re.FindStringSubmatch(lines[i]); m != nil {
				out = append(out, m)
				found, i = true, i+1
				break
			}
		}
		if !found {
			t.Errorf("no line matching %s after the lines matching %q", p, patterns[:len(out)])
			return nil
		}
	}
	return out
}

// exSub returns the first submatch of re in s, or "".
func exSub(s, re string) string {
	if m := regexp.MustCompile(re).FindStringSubmatch(s); len(m) > 1 {
		return m[1]
	}
	return ""
}

// exDifferentPids checks that the pids are all present and pairwise different.
func exDifferentPids(t *testing.T, pids ...string) {
	t.Helper()
	for i, p := range pids {
		if p == "" || p == "0" {
			t.Errorf("pid %d missing or zero: %q", i, pids)
			return
		}
		if slices.Contains(pids[:i], p) {
			t.Errorf("pids %q are not all different", pids)
			return
		}
	}
}

// exAtLeast checks that the decimal s is at least min.
func exAtLeast(t *testing.T, what, s string, min float64) {
	t.Helper()
	f, err := strconv.ParseFloat(s, 64)
	if err != nil || f < min {
		t.Errorf("%s %q, want a number >= %g", what, s, min)
	}
}

// poolExTasks checks seed 001's Pool programs: n tasks, each printing a start line
// (with its worker's pid) and an end line, on at most `workers` workers, then the
// parent's ----start----, -----end----- and total time. With apply (blocking), the tasks
// run one at a time, in order, going round the workers, all before ----start----; with
// apply_async, close() + join() wait for them all between ----start---- and -----end-----.
func poolExTasks(t *testing.T, l []string, n, workers int, blocking bool) {
	t.Helper()
	if len(l) != 2*n+3 {
		t.Fatalf("%d lines, want %d", len(l), 2*n+3)
	}
	startRE := regexp.MustCompile(`^子进程-(\d+)开始执行,进程号为(\d+)$`)
	endRE := regexp.MustCompile(`^子进程-(\d+)执行完毕，耗时(\d+\.\d\d)$`)
	started, ended := map[string]int{}, map[string]int{}
	pidOf := map[string]string{}
	pids := map[string]bool{}
	open, maxOpen := 0, 0
	var order []string
	markers := map[string]int{}
	for i, line := range l {
		if m := startRE.FindStringSubmatch(line); m != nil {
			if _, dup := started[m[1]]; dup {
				t.Errorf("task %s started twice", m[1])
			}
			started[m[1]], pidOf[m[1]], pids[m[2]] = i, m[2], true
			order = append(order, m[1])
			open++
			maxOpen = max(maxOpen, open)
			continue
		}
		if m := endRE.FindStringSubmatch(line); m != nil {
			if _, ok := started[m[1]]; !ok {
				t.Errorf("task %s ended before it started", m[1])
			}
			ended[m[1]] = i
			open--
			exAtLeast(t, "task time", m[2], 0)
			continue
		}
		markers[line] = i
	}
	if len(started) != n || len(ended) != n {
		t.Errorf("%d tasks started and %d ended, want %d", len(started), len(ended), n)
	}
	if maxOpen > workers || len(pids) > workers {
		t.Errorf("%d tasks at once on %d workers, want at most %d", maxOpen, len(pids), workers)
	}
	s, ok1 := markers["----start----"]
	e, ok2 := markers["-----end-----"]
	if !ok1 || !ok2 || s > e || !regexp.MustCompile(`^父进程执行完毕，耗时\d+\.\d\d$`).MatchString(l[len(l)-1]) {
		t.Errorf("the parent's lines are missing or out of order")
	}
	for task, i := range ended {
		if i > e {
			t.Errorf("task %s ended after -----end-----: join() returned early", task)
		}
	}
	if !blocking {
		return
	}
	for i := 0; i < n; i++ {
		k := strconv.Itoa(i)
		if started[k] != 2*i || ended[k] != 2*i+1 {
			t.Errorf("apply: task %d's lines are %d and %d, want %d and %d", i, started[k], ended[k], 2*i, 2*i+1)
		}
		if i >= workers && pidOf[k] != pidOf[strconv.Itoa(i-workers)] {
			t.Errorf("apply: task %d ran on %s, not on task %d's worker %s", i, pidOf[k], i-workers, pidOf[strconv.Itoa(i-workers)])
		}
	}
	if len(pids) != workers {
		t.Errorf("apply after apply ran on %d workers, want all %d in turn", len(pids), workers)
	}
}

// poolExQueueLines is what the writer and then the reader of seed 001's
// Manager().Queue() program print, after their pid.
func poolExQueueLines() []string {
	var out []string
	for _, what := range []string{"进程向队列中添加消息:", "进程从队列中取出消息:"} {
		for _, s := range []string{"hello", "python", "world", "quit"} {
			out = append(out, what+s)
		}
		out = append(out, "进程要结束了")
	}
	return out
}

// poolExQueueSide checks one side's lines ("PID text") and returns its pid.
func poolExQueueSide(t *testing.T, l, want []string) string {
	t.Helper()
	pid := exSub(l[0], `^(\d+) `)
	for i, line := range l {
		if line != pid+" "+want[i] {
			t.Errorf("line %q, want %q", line, pid+" "+want[i])
		}
	}
	return pid
}
