package timemod

import (
	"testing"
	"time"

	"go.starlark.net/starlark"

	"github.com/procstar/procstar/runtime/codec"
)

func TestStructTimeCodec(t *testing.T) {
	codec.RegisterTypes(CodecTypes) // the runtime registers them in a procstar process
	parsed, err := strptimeTm("2024 +0100", "%Y %z")
	if err != nil {
		t.Fatal(err)
	}
	for _, st := range []*StructTime{newStructTime(time.Unix(1700000000, 0).UTC(), true), parsed} {
		data, err := codec.Encode(starlark.Tuple{st}, "args", nil)
		if err != nil {
			t.Fatal(err)
		}
		v, err := codec.Decode(data, nil)
		if err != nil {
			t.Fatal(err)
		}
		got, ok := v.(starlark.Tuple)[0].(*StructTime)
		if !ok || *got != *st {
			t.Errorf("got %#v, want %#v", v.(starlark.Tuple)[0], st)
		}
	}
}
