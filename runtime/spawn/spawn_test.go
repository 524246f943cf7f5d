package spawn

import (
	"bytes"
	"encoding/binary"
	"io"
	"strings"
	"testing"
)

func TestFrameRoundTrip(t *testing.T) {
	var buf bytes.Buffer
	for _, msg := range [][]byte{nil, []byte("x"), bytes.Repeat([]byte("ab"), 70000)} {
		if err := WriteFrame(&buf, msg); err != nil {
			t.Fatal(err)
		}
	}
	for _, want := range []int{0, 1, 140000} {
		got, err := ReadFrame(&buf, MaxFrame)
		if err != nil || len(got) != want {
			t.Fatalf("ReadFrame = %d bytes, %v; want %d", len(got), err, want)
		}
	}
	if _, err := ReadFrame(&buf, MaxFrame); err != io.EOF {
		t.Fatalf("ReadFrame at end = %v, want EOF", err)
	}
}

// TestReadFrameBounds: a corrupt or hostile length prefix is refused before
// any allocation, and a truncated frame is an error, not a hang.
func TestReadFrameBounds(t *testing.T) {
	var hdr [4]byte
	binary.LittleEndian.PutUint32(hdr[:], 1<<31)
	if _, err := ReadFrame(bytes.NewReader(hdr[:]), 1<<20); err == nil || !strings.Contains(err.Error(), "exceeds the limit") {
		t.Fatalf("huge length prefix: err = %v", err)
	}
	binary.LittleEndian.PutUint32(hdr[:], 10)
	if _, err := ReadFrame(bytes.NewReader(append(hdr[:], "abc"...)), 1<<20); err != io.ErrUnexpectedEOF {
		t.Fatalf("truncated frame: err = %v, want ErrUnexpectedEOF", err)
	}
	if _, err := ReadFrame(bytes.NewReader(hdr[:2]), 1<<20); err == nil {
		t.Fatal("truncated header accepted")
	}
}

func FuzzReadFrame(f *testing.F) {
	f.Add([]byte{0, 0, 0, 0})
	f.Add([]byte{3, 0, 0, 0, 'a', 'b', 'c'})
	f.Add([]byte{255, 255, 255, 255})
	f.Fuzz(func(t *testing.T, data []byte) {
		r := bytes.NewReader(data)
		for {
			b, err := ReadFrame(r, 1<<16)
			if err != nil {
				return
			}
			if len(b) > 1<<16 {
				t.Fatalf("frame of %d bytes over the limit", len(b))
			}
		}
	})
}
