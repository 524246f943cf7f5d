// Package uuidmod is procstar's "uuid" module: UUID objects and uuid1,
// uuid3, uuid4, uuid5 as CPython's (uuid1's node is random, as CPython's
// when it finds no hardware address), crossing processes as Python
// pickles them.
package uuidmod

import (
	"crypto/md5"
	"crypto/rand"
	"crypto/sha1"
	"encoding/hex"
	"fmt"
	"math/big"
	"strings"
	"sync"
	"time"

	"go.starlark.net/starlark"
	"go.starlark.net/starlarkstruct"
	"go.starlark.net/syntax"

	"github.com/procstar/procstar/runtime/codec"
	"github.com/procstar/procstar/runtime/pyerr"
	"github.com/procstar/procstar/runtime/pyformat"
)

// UUID is uuid.UUID: 16 bytes.
type UUID [16]byte

var (
	_ starlark.HasAttrs   = UUID{}
	_ starlark.Comparable = UUID{}
)

func (u UUID) hex() string { return hex.EncodeToString(u[:]) }

// PyStr is str(u): 8-4-4-4-12 hex digits.
func (u UUID) PyStr() string {
	h := u.hex()
	return h[:8] + "-" + h[8:12] + "-" + h[12:16] + "-" + h[16:20] + "-" + h[20:]
}
func (u UUID) String() string        { return "UUID('" + u.PyStr() + "')" }
func (u UUID) Type() string          { return "uuid.UUID" }
func (u UUID) Freeze()               {}
func (u UUID) Truth() starlark.Bool  { return starlark.True }
func (u UUID) Hash() (uint32, error) { return starlark.String(u[:]).Hash() }
func (u UUID) int() *big.Int         { return new(big.Int).SetBytes(u[:]) }
func (u UUID) AttrNames() []string {
	return []string{"bytes", "bytes_le", "clock_seq", "clock_seq_hi_variant", "clock_seq_low", "fields", "hex", "int", "node",
		"time", "time_hi_version", "time_low", "time_mid", "urn", "variant", "version"}
}
func (u UUID) CodecState() (string, starlark.Value) {
	return codecType, starlark.Bytes(u[:])
}

func (u UUID) CompareSameType(op syntax.Token, y starlark.Value, depth int) (bool, error) {
	v := y.(UUID)
	return starlark.Compare(op, starlark.Bytes(u[:]), starlark.Bytes(v[:]))
}

func (u UUID) Attr(name string) (starlark.Value, error) {
	switch name {
	case "hex":
		return starlark.String(u.hex()), nil
	case "int":
		return starlark.MakeBigInt(u.int()), nil
	case "bytes":
		return starlark.Bytes(u[:]), nil
	case "bytes_le":
		le := u
		le[0], le[1], le[2], le[3] = u[3], u[2], u[1], u[0]
		le[4], le[5] = u[5], u[4]
		le[6], le[7] = u[7], u[6]
		return starlark.Bytes(le[:]), nil
	case "fields":
		return starlark.Tuple{u.field(0, 4), u.field(4, 6), u.field(6, 8), u.field(8, 9), u.field(9, 10), u.field(10, 16)}, nil
	case "time_low":
		return u.field(0, 4), nil
	case "time_mid":
		return u.field(4, 6), nil
	case "time_hi_version":
		return u.field(6, 8), nil
	case "clock_seq_hi_variant":
		return u.field(8, 9), nil
	case "clock_seq_low":
		return u.field(9, 10), nil
	case "node":
		return u.field(10, 16), nil
	case "time":
		// ((time_hi_version & 0x0fff) << 48) | (time_mid << 32) | time_low
		t := uint64(u[6]&0x0f)<<56 | uint64(u[7])<<48 | uint64(u[4])<<40 | uint64(u[5])<<32 |
			uint64(u[0])<<24 | uint64(u[1])<<16 | uint64(u[2])<<8 | uint64(u[3])
		return starlark.MakeUint64(t), nil
	case "clock_seq":
		return starlark.MakeInt(int(u[8]&0x3f)<<8 | int(u[9])), nil
	case "urn":
		return starlark.String("urn:uuid:" + u.PyStr()), nil
	case "variant":
		switch {
		case u[8]&0x80 == 0:
			return starlark.String("reserved for NCS compatibility"), nil
		case u[8]&0x40 == 0:
			return starlark.String("specified in RFC 4122"), nil
		case u[8]&0x20 == 0:
			return starlark.String("reserved for Microsoft compatibility"), nil
		}
		return starlark.String("reserved for future definition"), nil
	case "version":
		if u[8]&0xc0 != 0x80 {
			return starlark.None, nil
		}
		return starlark.MakeInt(int(u[6] >> 4)), nil
	}
	return nil, nil
}

// field is the int of bytes [i:j] (big-endian), one of Python's fields.
func (u UUID) field(i, j int) starlark.Value {
	var n uint64
	for _, c := range u[i:j] {
		n = n<<8 | uint64(c)
	}
	return starlark.MakeUint64(n)
}

const codecType = "uuid.UUID"

// CodecTypes are the package's values that cross processes as copies
// (registered by the runtime).
var CodecTypes = []codec.Type{{Name: codecType, Decode: decode}}

func decode(state starlark.Value) (starlark.Value, error) {
	b, ok := state.(starlark.Bytes)
	if !ok || len(b) != 16 {
		return nil, fmt.Errorf("bad uuid state")
	}
	var u UUID
	copy(u[:], b)
	return u, nil
}

// Namespaces of uuid3 and uuid5.
func namespace(s string) UUID {
	u, _ := parse(s)
	return u
}

// parse is UUID(hex): braces, "urn:uuid:" and hyphens dropped, then 32 hex
// digits.
func parse(s string) (UUID, error) {
	h := strings.ReplaceAll(strings.ReplaceAll(strings.ReplaceAll(s, "urn:", ""), "uuid:", ""), "-", "")
	h = strings.Trim(h, "{}")
	var u UUID
	if len(h) != 32 {
		return u, pyerr.New(pyerr.ValueError, "badly formed hexadecimal UUID string")
	}
	if _, err := hex.Decode(u[:], []byte(h)); err != nil {
		// Python's int(hex, 16) fails on it.
		return u, pyerr.New(pyerr.ValueError, "invalid literal for int() with base 16: %s", pyformat.QuoteStr(h))
	}
	return u, nil
}

// withVersion sets the RFC 4122 variant and version bits.
func withVersion(u UUID, v int) UUID {
	u[8] = u[8]&0x3f | 0x80
	u[6] = u[6]&0x0f | byte(v<<4)
	return u
}

// Module returns a new "uuid" module.
func Module() *starlarkstruct.Module {
	b := starlark.NewBuiltin
	return &starlarkstruct.Module{Name: "uuid", Members: starlark.StringDict{
		"UUID":               b("UUID", newUUID),
		"uuid1":              b("uuid1", uuid1),
		"uuid3":              b("uuid3", hashed),
		"uuid4":              b("uuid4", uuid4),
		"uuid5":              b("uuid5", hashed),
		"NAMESPACE_DNS":      namespace("6ba7b810-9dad-11d1-80b4-00c04fd430c8"),
		"NAMESPACE_URL":      namespace("6ba7b811-9dad-11d1-80b4-00c04fd430c8"),
		"NAMESPACE_OID":      namespace("6ba7b812-9dad-11d1-80b4-00c04fd430c8"),
		"NAMESPACE_X500":     namespace("6ba7b814-9dad-11d1-80b4-00c04fd430c8"),
		"RFC_4122":           starlark.String("specified in RFC 4122"),
		"RESERVED_NCS":       starlark.String("reserved for NCS compatibility"),
		"RESERVED_MICROSOFT": starlark.String("reserved for Microsoft compatibility"),
		"RESERVED_FUTURE":    starlark.String("reserved for future definition"),
	}}
}

// newUUID is UUID(hex=None, bytes=None, bytes_le=None, fields=None,
// int=None, version=None): exactly one of hex, bytes, int.
func newUUID(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var hx, bs, bsle, fields, in, version starlark.Value = starlark.None, starlark.None, starlark.None, starlark.None, starlark.None, starlark.None
	if err := starlark.UnpackArgs("UUID", args, kwargs, "hex?", &hx, "bytes?", &bs, "bytes_le?", &bsle, "fields?", &fields, "int?", &in, "version?", &version); err != nil {
		return nil, pyerr.New(pyerr.TypeError, "%s", err)
	}
	given := 0
	for _, v := range []starlark.Value{hx, bs, bsle, fields, in} {
		if v != starlark.None {
			given++
		}
	}
	if given != 1 {
		return nil, pyerr.New(pyerr.TypeError, "one of the hex, bytes, bytes_le, fields, or int arguments must be given")
	}
	var u UUID
	switch {
	case hx != starlark.None:
		s, ok := hx.(starlark.String)
		if !ok {
			return nil, pyerr.New("AttributeError", "'%s' object has no attribute 'replace'", pyformat.TypeName(hx))
		}
		var err error
		if u, err = parse(string(s)); err != nil {
			return nil, err
		}
	case bs != starlark.None || bsle != starlark.None:
		v, le := bs, false
		if v == starlark.None {
			v, le = bsle, true
		}
		raw, ok := v.(starlark.Bytes)
		if !ok || len(raw) != 16 {
			if le {
				return nil, pyerr.New(pyerr.ValueError, "bytes_le is not a 16-char string")
			}
			return nil, pyerr.New(pyerr.ValueError, "bytes is not a 16-char string")
		}
		copy(u[:], raw)
		if le {
			u[0], u[1], u[2], u[3] = u[3], u[2], u[1], u[0]
			u[4], u[5] = u[5], u[4]
			u[6], u[7] = u[7], u[6]
		}
	case in != starlark.None:
		i, ok := in.(starlark.Int)
		if !ok || i.Sign() < 0 || i.BigInt().BitLen() > 128 {
			return nil, pyerr.New(pyerr.ValueError, "int is out of range (need a 128-bit value)")
		}
		i.BigInt().FillBytes(u[:])
	default:
		var err error
		if u, err = fromFields(fields); err != nil {
			return nil, err
		}
	}
	if version != starlark.None {
		v, err := starlark.AsInt32(version)
		if err != nil || v < 1 || v > 5 {
			return nil, pyerr.New(pyerr.ValueError, "illegal version number")
		}
		u = withVersion(u, v)
	}
	return u, nil
}

// fromFields is UUID(fields=(time_low, time_mid, time_hi_version,
// clock_seq_hi_variant, clock_seq_low, node)), each field in its range.
func fromFields(v starlark.Value) (UUID, error) {
	var u UUID
	seq, ok := v.(starlark.Indexable)
	if !ok {
		return u, pyerr.New(pyerr.TypeError, "object of type '%s' has no len()", pyformat.TypeName(v))
	}
	if seq.Len() != 6 {
		return u, pyerr.New(pyerr.ValueError, "fields is not a 6-tuple")
	}
	off := 0
	for i, size := range []int{4, 2, 2, 1, 1, 6} {
		f, ok := seq.Index(i).(starlark.Int)
		if !ok || f.Sign() < 0 || f.BigInt().BitLen() > 8*size {
			article := "a"
			if size == 1 {
				article = "an"
			}
			return u, pyerr.New(pyerr.ValueError, "field %d out of range (need %s %d-bit value)", i+1, article, 8*size)
		}
		f.BigInt().FillBytes(u[off : off+size])
		off += size
	}
	return u, nil
}

func uuid4(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if err := starlark.UnpackPositionalArgs(b.Name(), args, kwargs, 0); err != nil {
		return nil, pyerr.New(pyerr.TypeError, "%s", err)
	}
	var u UUID
	rand.Read(u[:])
	return withVersion(u, 4), nil
}

// hashed is uuid3 (MD5) and uuid5 (SHA-1) of namespace and name.
func hashed(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var ns, name starlark.Value
	if err := starlark.UnpackArgs(b.Name(), args, kwargs, "namespace", &ns, "name", &name); err != nil {
		return nil, pyerr.New(pyerr.TypeError, "%s", err)
	}
	n, ok := ns.(UUID)
	if !ok {
		return nil, pyerr.New("AttributeError", "'%s' object has no attribute 'bytes'", pyformat.TypeName(ns))
	}
	var data []byte
	switch v := name.(type) {
	case starlark.String:
		data = []byte(v)
	case starlark.Bytes:
		data = []byte(v)
	default:
		return nil, pyerr.New(pyerr.TypeError, "a bytes-like object is required, not '%s'", pyformat.TypeName(name))
	}
	var u UUID
	if b.Name() == "uuid3" {
		sum := md5.Sum(append(n[:], data...))
		copy(u[:], sum[:])
		return withVersion(u, 3), nil
	}
	sum := sha1.Sum(append(n[:], data...))
	copy(u[:], sum[:16])
	return withVersion(u, 5), nil
}

// lastTime is uuid1's last timestamp: two calls never give the same one.
var lastTime struct {
	sync.Mutex
	t int64
}

// uuid1 is uuid1(node=None, clock_seq=None): 100 ns intervals since
// 1582-10-15, a random clock sequence and (without node=) a random node
// with the multicast bit set, as RFC 4122 asks of one.
func uuid1(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var node, seq starlark.Value = starlark.None, starlark.None
	if err := starlark.UnpackArgs(b.Name(), args, kwargs, "node?", &node, "clock_seq?", &seq); err != nil {
		return nil, pyerr.New(pyerr.TypeError, "%s", err)
	}
	lastTime.Lock()
	ts := time.Now().UnixNano()/100 + 0x01b21dd213814000
	if ts <= lastTime.t {
		ts = lastTime.t + 1
	}
	lastTime.t = ts
	lastTime.Unlock()
	var rnd [8]byte
	rand.Read(rnd[:])
	cs := int(rnd[0])<<8 | int(rnd[1])
	if seq != starlark.None {
		v, err := starlark.AsInt32(seq)
		if err != nil {
			return nil, pyerr.New(pyerr.TypeError, "%s", err)
		}
		cs = v
	}
	nd := rnd[2:8]
	nd[0] |= 0x01
	if node != starlark.None {
		i, ok := node.(starlark.Int)
		if !ok {
			return nil, pyerr.New(pyerr.TypeError, "node must be an int")
		}
		var full [8]byte
		i.BigInt().FillBytes(full[:])
		nd = full[2:]
	}
	var u UUID
	u[0], u[1], u[2], u[3] = byte(ts>>24), byte(ts>>16), byte(ts>>8), byte(ts)
	u[4], u[5] = byte(ts>>40), byte(ts>>32)
	u[6], u[7] = byte(ts>>56)&0x0f, byte(ts>>48)
	u[8], u[9] = byte(cs>>8)&0x3f, byte(cs)
	copy(u[10:], nd)
	return withVersion(u, 1), nil
}
