package pool

import (
	"errors"
	"testing"

	"go.starlark.net/starlark"

	"github.com/procstar/procstar/runtime/pyerr"
)

// TestErrorAttrsCross: an error's own attributes (an OSError's errno,
// strerror, filename) survive the worker-to-owner encoding; one that
// cannot be sent (a function) is left out, and the rest still crosses.
func TestErrorAttrsCross(t *testing.T) {
	e := pyerr.New("FileNotFoundError", "[Errno 2] No such file or directory: 'x'")
	e.Attrs = starlark.StringDict{
		"errno": starlark.MakeInt(2), "strerror": starlark.String("No such file or directory"),
		"filename": starlark.String("x"), "filename2": starlark.None,
		"fn": starlark.NewBuiltin("f", nil),
	}
	got := decodeError(encodeError(nil, e, "worker")).asRemote()
	var pe *pyerr.Error
	if !errors.As(error(got), &pe) || pe.Type != e.Type || pe.Message != e.Message {
		t.Fatalf("got %#v", got)
	}
	want := map[string]string{"errno": "2", "strerror": `"No such file or directory"`, "filename": `"x"`, "filename2": "None"}
	if len(pe.Attrs) != len(want) {
		t.Errorf("attrs %v, want %v", pe.Attrs, want)
	}
	for k, v := range want {
		if a, ok := pe.Attrs[k]; !ok || a.String() != v {
			t.Errorf("attr %s = %v, want %s", k, a, v)
		}
	}
	// An error without attributes stays without.
	if got := decodeError(encodeError(nil, pyerr.New("ValueError", "v"), "w")); got.attrs != nil || got.typ != "ValueError" {
		t.Errorf("plain error: %#v", got)
	}
}

// TestTaskQueueRemove: a task withdrawn from the queue (a cancelled
// future) leaves the others in order.
func TestTaskQueueRemove(t *testing.T) {
	var q taskQueue
	ts := make([]*task, 5)
	for i := range ts {
		ts[i] = &task{id: uint64(i)}
		q.push(ts[i])
	}
	q.pop() // head moves past ts[0]
	if q.has(ts[0]) || !q.has(ts[3]) {
		t.Fatal("has")
	}
	if !q.remove(ts[3]) || q.remove(ts[3]) || q.remove(ts[0]) || q.has(ts[3]) {
		t.Fatal("remove")
	}
	var ids []uint64
	for q.len() > 0 {
		ids = append(ids, q.pop().id)
	}
	if len(ids) != 3 || ids[0] != 1 || ids[1] != 2 || ids[2] != 4 {
		t.Fatalf("left %v", ids)
	}
	q.push(ts[1])
	if !q.remove(ts[1]) || q.len() != 0 {
		t.Fatal("remove the last")
	}
}
