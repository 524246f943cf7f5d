package node

import (
	"strings"
	"testing"

	"go.starlark.net/starlark"
)

// TestRegister: handles decode by their kind (a tagged kind's untagged
// handle with tag "", its "TAG:kind" handle with TAG), child kinds are
// found by name, a later table's entry replaces an earlier one's, and an
// unknown kind is an error that names it.
func TestRegister(t *testing.T) {
	got := func(what string) HandleDecoder {
		return func(_ *Node, data []byte) (starlark.Value, error) {
			return starlark.String(what + ":" + string(data)), nil
		}
	}
	Register([]Registration{
		{Kind: "test.Plain", Handle: got("old")},
		{Kind: "test.Tagged", Tagged: func(_ *Node, tag string, data []byte) (starlark.Value, error) {
			return starlark.String("tag=" + tag + ":" + string(data)), nil
		}},
		{Kind: "test.child", Child: func(*starlark.Thread, *Node, *Bootstrap) error { return nil }},
	})
	Register([]Registration{{Kind: "test.Plain", Handle: got("new")}})

	n := New("MainProcess")
	for kind, want := range map[string]string{
		"test.Plain":          "new:d",
		"test.Tagged":         "tag=:d",
		"cluster:test.Tagged": "tag=cluster:d",
	} {
		v, err := n.DecodeHandle(kind, []byte("d"))
		if err != nil || v != starlark.String(want) {
			t.Errorf("DecodeHandle(%q) = %v, %v; want %q", kind, v, err, want)
		}
	}
	if _, err := n.DecodeHandle("cluster:test.Plain", nil); err == nil || !strings.Contains(err.Error(), `unknown shared object kind "cluster:test.Plain"`) {
		t.Errorf("a tagged handle of an untagged kind: %v", err)
	}
	if _, err := n.DecodeHandle("test.Nothing", nil); err == nil || !strings.Contains(err.Error(), `"test.Nothing"`) {
		t.Errorf("unknown kind: %v", err)
	}
	if _, ok := Kind("test.child"); !ok {
		t.Error("child kind not found")
	}
	if _, ok := Kind("test.Plain"); ok {
		t.Error("a handle kind found as a child kind")
	}
}
