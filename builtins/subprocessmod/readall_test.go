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
	chunks := [][]byte{[]byte("abc"), nil, []byte("defgh"), []byte("i")}
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
