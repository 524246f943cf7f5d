package subprocessmod

import (
	"bytes"
	"errors"
	"io"
	"strings"
	"testing"
)

// TestReadAll: what readAll reads is what was written, at sizes around its
// chunks' (empty, under one, several, past the largest), and a read error
// other than EOF comes back with what came before it.
func TestReadAll(t *testing.T) {
	for _, n := range []int{0, 1, 64<<10 - 1, 64 << 10, 64<<10 + 1, 3 << 20, 40<<20 + 7} {
		want := make([]byte, n)
		for i := range want {
			want[i] = byte(i*7 + i>>16)
		}
		got, err := readAll(bytes.NewReader(want))
		if err != nil || !bytes.Equal(got, want) || got == nil {
			t.Errorf("%d bytes: got %d bytes, %v", n, len(got), err)
		}
	}
	boom := errors.New("boom")
	got, err := readAll(io.MultiReader(bytes.NewReader([]byte("abc")), iotestErr{boom}))
	if !errors.Is(err, boom) || string(got) != "abc" {
		t.Errorf("got %q, %v", got, err)
	}
}

type iotestErr struct{ err error }

func (e iotestErr) Read([]byte) (int, error) { return 0, e.err }

// TestCopyRange: any range of chunks laid end to end lands where it belongs
// (the join copies two halves at once).
func TestCopyRange(t *testing.T) {
	chunks := []chunk{{b: []byte("abc")}, {}, {b: []byte("defgh")}, {b: []byte("i")}}
	all := "abcdefghi"
	for from := 0; from <= len(all); from++ {
		for to := from; to <= len(all); to++ {
			out := bytes.Repeat([]byte("."), len(all))
			copyRange(out, chunks, from, to)
			want := strings.Repeat(".", from) + all[from:to] + strings.Repeat(".", len(all)-to)
			if string(out) != want {
				t.Errorf("[%d, %d): %q, want %q", from, to, out, want)
			}
		}
	}
}

// TestMove: the mapped chunks of a big output are moved into the joined
// bytes, not copied (all but the first chunks, which are in the Go heap),
// and the bytes are right around every chunk's edges.
func TestMove(t *testing.T) {
	const n = 40<<20 + 7
	want := make([]byte, n)
	for i := range want {
		want[i] = byte(i*7 + i>>16)
	}
	var a accum
	for r := bytes.NewReader(want); ; {
		k, err := io.ReadFull(r, a.space())
		a.add(k)
		if err != nil {
			break
		}
	}
	inHeap := 0
	for _, c := range a.chunks {
		if !c.mapped {
			inHeap += len(c.b)
		}
	}
	out := make([]byte, a.total)
	if moved := a.move(out); moved != n-inHeap || inHeap >= 1<<20 {
		t.Fatalf("moved %d of %d bytes (%d in the heap)", moved, n, inHeap)
	}
	copyRange(out, a.chunks, 0, a.total)
	if !bytes.Equal(out, want) {
		t.Error("joined bytes differ from what was read")
	}
}
