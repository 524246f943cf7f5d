package pool

import (
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"os"
	goruntime "runtime"
	"runtime/debug"
	"time"

	"github.com/vmihailenco/msgpack/v5"
	"go.starlark.net/starlark"
	"golang.org/x/sys/unix"

	"github.com/procstar/procstar/runtime/codec"
	"github.com/procstar/procstar/runtime/interp"
	"github.com/procstar/procstar/runtime/node"
	"github.com/procstar/procstar/runtime/procenv"
	"github.com/procstar/procstar/runtime/pyerr"
	"github.com/procstar/procstar/runtime/shm"
)

// kindName is the child kind of Pool workers (node.Registration).
const kindName = "poolworker"

// Registrations are the package's kind of child, the Pool worker
// (registered by the runtime).
var Registrations = []node.Registration{{Kind: kindName, Child: runWorker}}

// payload is what a worker's bootstrap carries besides the usual.
type payload struct {
	Conn     []byte // handle of the worker's end of its pipe
	Running  []byte // handle of the block holding the id of the task it runs
	Init     []byte // codec((initializer, initargs)), or nil
	MaxTasks int    // 0: no limit
	// Addr, for a worker fed by a Transport (no Conn, no Running), is its
	// pool's Transport.Addr.
	Addr []byte
	// NotDaemon: the worker of a ProcessPoolExecutor, which is not a
	// daemon in Python (3.9+), so its tasks may start processes.
	NotDaemon bool
}

// EncodeMsgpack implements msgpack.CustomEncoder: an array coded by hand,
// since msgpack's reflective struct coder costs a starting worker about a
// tenth of a millisecond.
func (pl *payload) EncodeMsgpack(e *msgpack.Encoder) error {
	return errors.Join(e.EncodeArrayLen(6), e.EncodeBytes(pl.Conn), e.EncodeBytes(pl.Running),
		e.EncodeBytes(pl.Init), e.EncodeInt(int64(pl.MaxTasks)), e.EncodeBytes(pl.Addr), e.EncodeBool(pl.NotDaemon))
}

// DecodeMsgpack implements msgpack.CustomDecoder.
func (pl *payload) DecodeMsgpack(d *msgpack.Decoder) error {
	n, err := d.DecodeArrayLen()
	if err != nil {
		return err
	}
	if n != 6 {
		return fmt.Errorf("payload has %d fields, want 6", n)
	}
	if pl.Conn, err = d.DecodeBytes(); err != nil {
		return err
	}
	if pl.Running, err = d.DecodeBytes(); err != nil {
		return err
	}
	if pl.Init, err = d.DecodeBytes(); err != nil {
		return err
	}
	if pl.MaxTasks, err = d.DecodeInt(); err != nil {
		return err
	}
	if pl.Addr, err = d.DecodeBytes(); err != nil {
		return err
	}
	pl.NotDaemon, err = d.DecodeBool()
	return err
}

// runWorker is a Pool worker's life, once it has re-run the main module:
// run the initializer, say it is ready, then run tasks until told to quit,
// until its owner's end of the pipe is gone, or after MaxTasks tasks.
func runWorker(thread *starlark.Thread, n *node.Node, b *node.Bootstrap) error {
	tuneRuntime()
	var pl payload
	if err := msgpack.Unmarshal(b.Payload, &pl); err != nil {
		return pyerr.New(pyerr.RuntimeError, "pool worker: bad bootstrap payload: %v", err)
	}
	if pl.NotDaemon {
		// Its owner still ends it as a daemon at its own end (as the
		// executor's exit handler does), but it may start processes.
		n.Daemon = false
	}
	ctx := procenv.Get(thread).Ctx
	conn, res, err := connect(ctx, n, &pl)
	if err != nil {
		return err
	}
	defer conn.close()
	w := &workerLoop{thread: thread, n: n, conn: conn, ctx: ctx, res: res, executor: pl.NotDaemon}
	if pl.Init != nil {
		if err := w.initialize(pl.Init); err != nil {
			if !pyerr.Uncatchable(err) {
				conn.send(ctx, encodeError([]byte{msgInitError}, err, n.Name()))
			}
			// Python's worker dies of it too, printing the traceback.
			return err
		}
	}
	if err := conn.send(ctx, []byte{msgReady}); err != nil {
		return nil // the owner is gone
	}
	for done := 0; pl.MaxTasks == 0 || done < pl.MaxTasks; {
		msg, err := conn.recv(ctx)
		if err != nil {
			if errors.Is(err, shm.ErrEOF) || errors.Is(err, io.EOF) {
				return nil
			}
			return err
		}
		if len(msg) == 0 || msg[0] == msgQuit {
			return nil
		}
		tasks := [][]byte{msg}
		if msg[0] == msgBatch {
			tasks = splitBatch(msg)
		}
		for _, msg := range tasks {
			if msg[0] == msgQuit {
				return nil
			}
			if msg[0] != msgTask || len(msg) < taskHeader {
				continue
			}
			// Each result is sent before the next task starts: a worker
			// that dies loses no finished work.
			out, exit := w.task(msg)
			if exit != nil {
				return exit // sys.exit or cancellation: the worker ends
			}
			if err := conn.send(ctx, out); err != nil {
				return nil
			}
			done++
		}
	}
	return nil
}

// connect opens the worker's end of its link to the owner, and the
// resolver for what it sends back (shared objects cannot cross machines).
func connect(ctx context.Context, n *node.Node, pl *payload) (workerConn, codec.Resolver, error) {
	if pl.Addr != nil {
		ts, ok := n.Launcher.(Transports)
		if !ok {
			return nil, nil, pyerr.New(pyerr.RuntimeError, "pool worker: fed by a Transport, but this process's Launcher has none (give ExecJob's Runtime WithLauncher)")
		}
		end, err := ts.WorkerEnd(ctx, pl.Addr, n.Name())
		if err != nil {
			return nil, nil, pyerr.New(pyerr.RuntimeError, "pool worker: cannot reach its pool: %v", err)
		}
		return endConn{end}, codec.Elsewhere(n.Resolver), nil
	}
	if n.Arena == nil {
		return nil, nil, pyerr.New(pyerr.RuntimeError, "pool worker: no shared memory")
	}
	conn, err := shm.AttachConn(n.Arena, pl.Conn)
	if err != nil {
		return nil, nil, pyerr.New(pyerr.RuntimeError, "pool worker: cannot attach its pipe: %v", err)
	}
	running, err := shm.AttachBlock(n.Arena, pl.Running)
	if err != nil {
		conn.Close()
		return nil, nil, pyerr.New(pyerr.RuntimeError, "pool worker: cannot attach its task block: %v", err)
	}
	return &shmConn{conn: conn, running: running}, n.Resolver, nil
}

// tuneRuntime sizes the Go runtime of a worker for what it is: one
// Starlark thread, one of a pool's N workers for N CPUs. With one P, the
// garbage collector works on the worker's own CPU instead of taking the
// other workers' (with Pool(2) on two CPUs, GC threads made the workers
// compete); a less frequent collection (GOGC=400), bounded by a soft memory
// limit, makes up for it. The Go environment variables, when set, win.
func tuneRuntime() {
	if os.Getenv("GOMAXPROCS") == "" {
		goruntime.GOMAXPROCS(1)
	}
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(400)
	}
	if os.Getenv("GOMEMLIMIT") == "" {
		var si unix.Sysinfo_t
		if unix.Sysinfo(&si) == nil && si.Totalram > 0 {
			total := uint64(si.Totalram) * uint64(si.Unit)
			debug.SetMemoryLimit(int64(total / uint64(2*goruntime.NumCPU())))
		}
	}
}

type workerLoop struct {
	thread *starlark.Thread
	n      *node.Node
	conn   workerConn
	res    codec.Resolver // for results and errors
	ctx    context.Context
	fnKey  []byte
	fn     starlark.Value
	buf    []byte
	// executor: a ProcessPoolExecutor's worker, which survives sys.exit
	// in a task (see fail).
	executor bool
}

func (w *workerLoop) initialize(data []byte) error {
	v, err := codec.Decode(data, w.n.Resolver)
	if err != nil {
		return pyerr.New(pyerr.RuntimeError, "cannot decode the initializer: %v", err)
	}
	t, ok := v.(starlark.Tuple)
	if !ok || len(t) != 2 {
		return pyerr.New(pyerr.RuntimeError, "bad initializer")
	}
	args, _ := t[1].(starlark.Tuple)
	interp.NewRun(w.thread)
	_, err = starlark.Call(w.thread, t[0], args, nil)
	return err
}

// task runs one task message and returns the reply, or the error that
// must end the worker (sys.exit, cancellation).
func (w *workerLoop) task(msg []byte) (reply []byte, exit error) {
	mode, flags := msg[1], msg[2]
	id := binary.LittleEndian.Uint64(msg[3:11])
	w.conn.start(w.ctx, id)
	base := int(binary.LittleEndian.Uint64(msg[11:19]))
	fnLen := int(binary.LittleEndian.Uint32(msg[19:23]))
	argsLen := int(binary.LittleEndian.Uint32(msg[23:27]))
	if taskHeader+fnLen > len(msg) {
		return w.fail(id, pyerr.New(pyerr.RuntimeError, "truncated task message"))
	}
	fnb, rest := msg[taskHeader:taskHeader+fnLen], msg[taskHeader+fnLen:]
	if w.fn == nil || !bytes.Equal(fnb, w.fnKey) {
		fn, err := codec.Decode(fnb, w.n.Resolver)
		if err != nil {
			return w.fail(id, pyerr.New(pyerr.RuntimeError, "cannot find the function: %v", err))
		}
		w.fn, w.fnKey = fn, append(w.fnKey[:0], fnb...)
	}
	fn := w.fn
	if tr := w.n.Trace; tr != nil {
		// One slice per task message: a chunk of a map is one slice.
		t0 := time.Now()
		defer func() { tr.Slice(taskName(fn), "task", t0, map[string]any{"task": id}) }()
	}
	out := appendID(w.buf[:0], msgResult, id)
	switch mode {
	case modeApply:
		if argsLen > len(rest) {
			return w.fail(id, pyerr.New(pyerr.RuntimeError, "truncated task message"))
		}
		av, err := codec.Decode(rest[:argsLen], w.n.Resolver)
		if err != nil {
			return w.fail(id, pyerr.New(pyerr.RuntimeError, "cannot decode the arguments: %v", err))
		}
		kv, err := codec.Decode(rest[argsLen:], w.n.Resolver)
		if err != nil {
			return w.fail(id, pyerr.New(pyerr.RuntimeError, "cannot decode the keyword arguments: %v", err))
		}
		args, _ := av.(starlark.Tuple)
		var kwargs []starlark.Tuple
		if d, ok := kv.(*starlark.Dict); ok {
			kwargs = d.Items()
		}
		interp.NewRun(w.thread) // the step limit bounds each call, as each Script.Call
		res, err := starlark.Call(w.thread, fn, args, kwargs)
		if err != nil {
			return w.fail(id, err)
		}
		if out, err = codec.AppendEncode(out, res, "result", w.res); err != nil {
			return w.fail(id, err)
		}
	default:
		v, err := codec.Decode(rest, w.n.Resolver)
		if err != nil {
			return w.fail(id, pyerr.New(pyerr.RuntimeError, "cannot decode the items: %v", err))
		}
		items, _ := v.(*starlark.List)
		if items == nil {
			return w.fail(id, pyerr.New(pyerr.RuntimeError, "bad task items"))
		}
		results := make([]starlark.Value, items.Len())
		for i := range results {
			if i > 0 && flags&flagTicks != 0 {
				tick := binary.LittleEndian.AppendUint64([]byte{msgTick}, id)
				w.conn.send(w.ctx, tick)
			}
			item := items.Index(i)
			var args starlark.Tuple
			if mode == modeStar {
				if args, err = starArgs(item); err != nil {
					return w.fail(id, err)
				}
			} else {
				args = starlark.Tuple{item}
			}
			interp.NewRun(w.thread)
			if results[i], err = starlark.Call(w.thread, fn, args, nil); err != nil {
				return w.fail(id, err)
			}
		}
		if out, err = encodeItems(out, results, "result", base, w.res); err != nil {
			return w.fail(id, err)
		}
	}
	w.buf = out[:0]
	return out, nil
}

// starArgs is *item for starmap.
func starArgs(item starlark.Value) (starlark.Tuple, error) {
	switch x := item.(type) {
	case starlark.Tuple:
		return x, nil
	case starlark.Iterable:
		var args starlark.Tuple
		it := x.Iterate()
		defer it.Done()
		var v starlark.Value
		for it.Next(&v) {
			args = append(args, v)
		}
		return args, nil
	}
	return nil, pyerr.New(pyerr.TypeError, "starmap: argument after * must be an iterable, not %s", item.Type())
}

// fail is the reply for a task that failed with err, unless err must end
// the worker.
func (w *workerLoop) fail(id uint64, err error) ([]byte, error) {
	var ex *pyerr.Exit
	if w.executor && errors.As(err, &ex) {
		// Python's executor worker catches BaseException: sys.exit in a
		// task fails its future with SystemExit (its code in .code), the
		// owner's result() raises it, and the worker goes on. A Pool's
		// worker dies of it (WorkerLostError), as Python's does.
		err = &pyerr.Error{Type: "SystemExit", Message: exitText(ex.Code), Remote: pyerr.Stack(err),
			Attrs: starlark.StringDict{"code": ex.Code}}
	}
	if pyerr.Uncatchable(err) {
		return nil, err
	}
	out := encodeError(appendID(w.buf[:0], msgError, id), err, w.n.Name())
	w.buf = out[:0]
	return out, nil
}

// exitText is str(SystemExit(code)) as sys.exit(code) raises it.
func exitText(code starlark.Value) string {
	switch c := code.(type) {
	case starlark.NoneType:
		return ""
	case starlark.String:
		return string(c)
	}
	return code.String()
}

// taskName names a task's function in a trace.
func taskName(fn starlark.Value) string {
	if f, ok := fn.(interface{ Name() string }); ok {
		return f.Name()
	}
	return fn.String()
}
