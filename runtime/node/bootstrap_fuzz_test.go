package node

import (
	"bytes"
	"reflect"
	goruntime "runtime"
	"testing"
)

// validBootstraps are realistic frames a parent sends: a Process target, a
// Pool worker with a payload, and the empty bootstrap.
func validBootstraps() []*Bootstrap {
	return []*Bootstrap{
		{},
		{
			Argv: []string{"script.star", "a", "b"}, Dir: "/tmp", MainFile: "script.star",
			MainSrc: []byte("def f(x):\n    print(x)\n"), MainProg: []byte("sky\x00prog"), MainNames: 1<<63 + 5,
			Module: "", Func: "f",
			Args: []byte{0x91, 0x01}, Kwargs: []byte{0x80}, Name: "Process-1:2",
			Identity: []int{1, 2}, Daemon: true, ParentPid: 1234, ParentName: "Process-1",
			Slot: 7, LogOn: true, LogLevel: 20, Files: []string{"shm", "log"},
			Settings: &Settings{UseFS: true, Disabled: []string{"os", "open"}, MaxSteps: 1 << 40},
		},
		{Kind: "pool-worker", Payload: bytes.Repeat([]byte{0xc1, 0xff}, 64), Name: "SpawnPoolWorker-3"},
	}
}

// FuzzDecodeBootstrap: the control channel's first frame, whatever its
// bytes (garbage, truncations, huge msgpack length prefixes), decodes to a
// bootstrap or an error, never a panic; and a decoded bootstrap re-encodes.
func FuzzDecodeBootstrap(f *testing.F) {
	for _, b := range validBootstraps() {
		data, err := b.Encode()
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
		for _, n := range []int{1, len(data) / 3, len(data) / 2, len(data) - 1} {
			if n > 0 && n < len(data) {
				f.Add(data[:n])
			}
		}
	}
	f.Add([]byte{})
	f.Add([]byte{0xc0})                         // nil
	f.Add([]byte{0xdf, 0xff, 0xff, 0xff, 0xff}) // map32 with 4G entries, no body
	f.Add([]byte{0xdd, 0x7f, 0xff, 0xff, 0xff}) // array32 claiming 2G elements
	f.Add([]byte{0xc6, 0xff, 0xff, 0xff, 0xff}) // bin32 claiming 4 GiB
	f.Add([]byte{0xdb, 0xff, 0xff, 0xff, 0xff}) // str32 claiming 4 GiB
	f.Add([]byte{0x81, 0xa4, 'a', 'r', 'g', 'v', 0xdd, 0xff, 0xff, 0xff, 0xf0})
	f.Add([]byte{0x81, 0xa8, 's', 'e', 't', 't', 'i', 'n', 'g', 's', 0x81, 0xa8, 'd', 'i', 's', 'a', 'b', 'l', 'e', 'd', 0xdc, 0xff, 0xff})
	f.Fuzz(func(t *testing.T, data []byte) {
		b, err := DecodeBootstrap(data)
		if err != nil {
			if b != nil {
				t.Fatalf("error %v with a bootstrap", err)
			}
			return
		}
		if b == nil {
			t.Fatal("nil bootstrap without an error")
		}
		again, err := b.Encode()
		if err != nil {
			t.Fatalf("decoded bootstrap does not re-encode: %v", err)
		}
		if _, err := DecodeBootstrap(again); err != nil {
			t.Fatalf("re-encoded bootstrap does not decode: %v", err)
		}
	})
}

// TestDecodeBootstrapRoundTrip: what Encode writes, DecodeBootstrap reads back.
func TestDecodeBootstrapRoundTrip(t *testing.T) {
	defer func(r *Bootstrap) { received = r }(received)
	for _, b := range validBootstraps() {
		data, err := b.Encode()
		if err != nil {
			t.Fatal(err)
		}
		got, err := DecodeBootstrap(data)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got, b) {
			t.Errorf("round trip: got %+v, want %+v", got, b)
		}
	}
}

// TestDecodeBootstrapHugeLength: a msgpack length prefix inside a small
// frame must not make the decoder allocate for it. Found by
// FuzzDecodeBootstrap: 16 bytes naming a 4 GiB bin (MainSrc) allocate
// 3.8 GB, and 15 bytes naming an array of 268 million ints (Identity)
// allocate 4 GB and take seconds. Spawn's MaxFrame (1 GiB) bounds the
// frame, not what its contents claim, so DecodeBootstrap pre-scans it.
func TestDecodeBootstrapHugeLength(t *testing.T) {
	defer func(r *Bootstrap) { received = r }(received)
	for _, in := range [][]byte{
		// argv, dir, main_file, then main_src: a bin32 of 4 GiB
		{0xdc, 0, bootstrapFields, 0x90, 0xa0, 0xa0, 0xc6, 0xf0, 0, 0, 0, 'x'},
		// ... module, func, args, kwargs, name, then identity: 268M ints
		{0xdc, 0, bootstrapFields, 0x90, 0xa0, 0xa0, 0xc0, 0xa0, 0xa0, 0xc0, 0xc0, 0xa0, 0xdd, 0x0f, 0xff, 0xff, 0xff, 1},
	} {
		var m0, m1 goruntime.MemStats
		goruntime.ReadMemStats(&m0)
		if _, err := DecodeBootstrap(in); err == nil {
			t.Errorf("%x: decoded", in)
		}
		goruntime.ReadMemStats(&m1)
		if d := m1.TotalAlloc - m0.TotalAlloc; d > 1<<20 {
			t.Errorf("%d-byte frame made the decoder allocate %d MB", len(in), d>>20)
		}
	}
}

// BenchmarkDecodeBootstrap decodes what a child reads first: a warm
// spare's bootstrap, with the environment and a 2 KB main module. Every
// child decodes one (a spare two), before it runs anything.
func BenchmarkDecodeBootstrap(b *testing.B) {
	defer func(r *Bootstrap) { received = r }(received)
	bs := validBootstraps()[1]
	bs.MainSrc = bytes.Repeat([]byte("def f(x):\n    print(x)\n"), 90)
	for i := range 30 {
		bs.Env = append(bs.Env, "VARIABLE_"+string(rune('A'+i))+"=/usr/local/share/some/value")
	}
	bs.Cwd = "/home/user/project"
	data, err := bs.Encode()
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := DecodeBootstrap(data); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkEncodeBootstrap encodes that bootstrap, as a parent does at
// every start.
func BenchmarkEncodeBootstrap(b *testing.B) {
	bs := validBootstraps()[1]
	bs.MainSrc = bytes.Repeat([]byte("def f(x):\n    print(x)\n"), 90)
	for i := range 30 {
		bs.Env = append(bs.Env, "VARIABLE_"+string(rune('A'+i))+"=/usr/local/share/some/value")
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := bs.Encode(); err != nil {
			b.Fatal(err)
		}
	}
}
