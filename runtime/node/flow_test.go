package node

import (
	"bytes"
	"testing"
)

// TestUnstamp: a header comes off whole, with its putter and time; a
// message without one (or too short to hold one) is left as it is.
func TestUnstamp(t *testing.T) {
	hdr := []byte{flowMark, 0, 0, 0x30, 0x39, 0, 0, 0, 0, 0, 0, 0x01, 0x00}
	item, pid, ts, ok := unstamp(append(hdr, 0x2a))
	if !ok || pid != 12345 || ts != 256 || !bytes.Equal(item, []byte{0x2a}) {
		t.Errorf("unstamp = %v, %d, %d, %v", item, pid, ts, ok)
	}
	for _, msg := range [][]byte{nil, {0x2a}, hdr, {0x92, 0xc1, 1}} {
		if item, _, _, ok := unstamp(msg); ok || !bytes.Equal(item, msg) {
			t.Errorf("unstamp(%x) = %x, %v", msg, item, ok)
		}
	}
}
