package subprocessmod

import (
	"bytes"
	"errors"
	"io"
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
