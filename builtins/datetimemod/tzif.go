package datetimemod

import "encoding/binary"

// tzif is what CPython's zoneinfo reads from a TZif file beyond what Go's
// time.Location exposes: the file's time types as indexed by its
// transitions, from which it infers dst() (the file says only whether a
// type is daylight time, not by how much).
type tzif struct {
	trans []int64 // transitions, UTC seconds
	idx   []int   // the type after each
	off   []int   // each type's UTC offset, seconds
	isDST []bool
	// rule is whether a TZ rule (the footer) takes over after the last
	// transition.
	rule bool
}

// parseTZif is _common.load_data's reading: version 1 data, or version
// 2+'s 64-bit data and footer. ok is false for data it cannot read.
func parseTZif(b []byte) (z tzif, ok bool) {
	type header struct{ isut, isstd, leap, time, typ, char int }
	readHeader := func() (h header, ok bool) {
		if len(b) < 44 || string(b[:4]) != "TZif" {
			return h, false
		}
		n := func(i int) int { return int(binary.BigEndian.Uint32(b[20+4*i:])) }
		h = header{n(0), n(1), n(2), n(3), n(4), n(5)}
		b = b[44:]
		return h, true
	}
	version := byte(0)
	if len(b) > 4 {
		version = b[4]
	}
	h, ok := readHeader()
	if !ok {
		return z, false
	}
	timeSize := 4
	if version >= '2' {
		v1 := h.time*5 + h.typ*6 + h.char + h.leap*8 + h.isstd + h.isut
		if len(b) < v1 {
			return z, false
		}
		b = b[v1:]
		if h, ok = readHeader(); !ok {
			return z, false
		}
		timeSize = 8
	}
	rest := h.isut + h.isstd + h.leap*(timeSize+4)
	if len(b) < h.time*(timeSize+1)+h.typ*6+h.char+rest {
		return z, false
	}
	for i := 0; i < h.time; i++ {
		if timeSize == 8 {
			z.trans = append(z.trans, int64(binary.BigEndian.Uint64(b[8*i:])))
		} else {
			z.trans = append(z.trans, int64(int32(binary.BigEndian.Uint32(b[4*i:]))))
		}
		idx := int(b[h.time*timeSize+i])
		if idx >= h.typ {
			return z, false
		}
		z.idx = append(z.idx, idx)
	}
	b = b[h.time*(timeSize+1):]
	for i := 0; i < h.typ; i++ {
		z.off = append(z.off, int(int32(binary.BigEndian.Uint32(b[6*i:]))))
		z.isDST = append(z.isDST, b[6*i+4] != 0)
	}
	b = b[h.typ*6+h.char+rest:]
	// The footer: "\n" TZ-string "\n"; an empty string is no rule.
	z.rule = version >= '2' && len(b) > 2 && b[0] == '\n' && b[1] != '\n'
	return z, h.typ > 0
}

// dstOffsets is _utcoff_to_dstoff: each type's dst() in seconds. A
// daylight type's is its offset less that of the standard type before it
// at its first transition, or else after it, and one hour if neither
// tells; CPython's quirks (the last type never looks ahead) kept.
func (z tzif) dstOffsets() []int {
	dst := make([]int, len(z.off))
	dstTypes, found := 0, 0
	for _, d := range z.isDST {
		if d {
			dstTypes++
		}
	}
	for i := 1; i < len(z.idx) && found < dstTypes; i++ {
		t := z.idx[i]
		if !z.isDST[t] || dst[t] != 0 {
			continue
		}
		off := 0
		if prev := z.idx[i-1]; !z.isDST[prev] {
			off = z.off[t] - z.off[prev]
		}
		if off == 0 && t < len(z.off)-1 && i+1 < len(z.idx) {
			next := z.idx[i+1]
			if z.isDST[next] {
				continue // perhaps found at a later transition
			}
			off = z.off[t] - z.off[next]
		}
		if off != 0 {
			found++
			dst[t] = off
		}
	}
	for t, d := range z.isDST {
		if d && dst[t] == 0 {
			dst[t] = 3600
		}
	}
	return dst
}
