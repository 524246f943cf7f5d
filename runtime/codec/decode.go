package codec

import (
	"encoding/binary"
	"fmt"
	"math"
	"math/big"

	"go.starlark.net/starlark"
)

// Decode decodes one value; data must contain exactly one value.
// Decoded containers are new and mutable; data is not retained.
func Decode(data []byte, r Resolver) (starlark.Value, error) {
	if max := MaxMessage(); len(data) > max {
		return nil, fmt.Errorf("codec: received a message of %d bytes, over the maximum message size of %d bytes", len(data), max)
	}
	d := decoder{data: data, r: r, need: 1}
	v, err := d.value()
	if err != nil {
		return nil, err
	}
	if d.pos != len(data) {
		return nil, fmt.Errorf("codec: %d trailing bytes after the value", len(data)-d.pos)
	}
	return v, nil
}

// DecodeLimit is Decode with a bound on total size (len(data) > max fails with a clear error)
func DecodeLimit(data []byte, r Resolver, max int) (starlark.Value, error) {
	if len(data) > max {
		return nil, fmt.Errorf("codec: encoded value is %d bytes, over the limit of %d bytes", len(data), max)
	}
	return Decode(data, r)
}

// decoder reads msgpack by hand: every length is checked against the bytes
// left before anything is allocated for it.
type decoder struct {
	data  []byte
	pos   int
	depth int
	r     Resolver
	// need counts values announced by the open containers but not yet
	// started. Each takes at least one byte, so a container header may
	// announce only as many elements as the bytes left minus need: this keeps
	// what nested headers preallocate O(len(data)) in total.
	need int
}

func (d *decoder) errorf(format string, args ...any) error {
	return fmt.Errorf("codec: "+format+" (at byte %d)", append(args, d.pos)...)
}

func (d *decoder) truncated() error {
	return fmt.Errorf("codec: truncated input (%d bytes)", len(d.data))
}

// take returns the next n bytes, n being a length read from the input.
func (d *decoder) take(n uint64) ([]byte, error) {
	if n > uint64(len(d.data)-d.pos) {
		return nil, d.truncated()
	}
	b := d.data[d.pos : d.pos+int(n)]
	d.pos += int(n)
	return b, nil
}

func (d *decoder) byte1() (byte, error) {
	if d.pos >= len(d.data) {
		return 0, d.truncated()
	}
	c := d.data[d.pos]
	d.pos++
	return c, nil
}

func (d *decoder) uint(size int) (uint64, error) {
	b, err := d.take(uint64(size))
	if err != nil {
		return 0, err
	}
	switch size {
	case 1:
		return uint64(b[0]), nil
	case 2:
		return uint64(binary.BigEndian.Uint16(b)), nil
	case 4:
		return uint64(binary.BigEndian.Uint32(b)), nil
	default:
		return binary.BigEndian.Uint64(b), nil
	}
}

// value decodes the next value, which fills one announced slot.
func (d *decoder) value() (starlark.Value, error) {
	d.need--
	c, err := d.byte1()
	if err != nil {
		return nil, err
	}
	switch {
	case c <= 0x7f:
		return starlark.MakeInt(int(c)), nil
	case c >= 0xe0:
		return starlark.MakeInt(int(int8(c))), nil
	case c >= 0xa0 && c <= 0xbf:
		return d.str(uint64(c & 0x1f))
	case c >= 0x90 && c <= 0x9f:
		return d.list(uint64(c & 0x0f))
	case c >= 0x80 && c <= 0x8f:
		return d.dict(uint64(c & 0x0f))
	}
	switch c {
	case 0xc0:
		return starlark.None, nil
	case 0xc2:
		return starlark.False, nil
	case 0xc3:
		return starlark.True, nil
	case 0xc4, 0xc5, 0xc6: // bin 8/16/32
		n, err := d.uint(1 << (c - 0xc4))
		if err != nil {
			return nil, err
		}
		b, err := d.take(n)
		if err != nil {
			return nil, err
		}
		return starlark.Bytes(b), nil
	case 0xc7, 0xc8, 0xc9: // ext 8/16/32
		n, err := d.uint(1 << (c - 0xc7))
		if err != nil {
			return nil, err
		}
		return d.ext(n)
	case 0xca:
		x, err := d.uint(4)
		if err != nil {
			return nil, err
		}
		return starlark.Float(math.Float32frombits(uint32(x))), nil
	case 0xcb:
		x, err := d.uint(8)
		if err != nil {
			return nil, err
		}
		return starlark.Float(math.Float64frombits(x)), nil
	case 0xcc, 0xcd, 0xce, 0xcf: // uint 8/16/32/64
		x, err := d.uint(1 << (c - 0xcc))
		if err != nil {
			return nil, err
		}
		return starlark.MakeUint64(x), nil
	case 0xd0, 0xd1, 0xd2, 0xd3: // int 8/16/32/64
		size := 1 << (c - 0xd0)
		x, err := d.uint(size)
		if err != nil {
			return nil, err
		}
		// Sign-extend from size bytes.
		shift := 64 - 8*size
		return starlark.MakeInt64(int64(x<<shift) >> shift), nil
	case 0xd4, 0xd5, 0xd6, 0xd7, 0xd8: // fixext 1/2/4/8/16
		return d.ext(1 << (c - 0xd4))
	case 0xd9, 0xda, 0xdb: // str 8/16/32
		n, err := d.uint(1 << (c - 0xd9))
		if err != nil {
			return nil, err
		}
		return d.str(n)
	case 0xdc, 0xdd: // array 16/32
		n, err := d.uint(2 << (c - 0xdc))
		if err != nil {
			return nil, err
		}
		return d.list(n)
	case 0xde, 0xdf: // map 16/32
		n, err := d.uint(2 << (c - 0xde))
		if err != nil {
			return nil, err
		}
		return d.dict(n)
	}
	d.pos--
	return nil, d.errorf("invalid msgpack code 0x%02x", c)
}

func (d *decoder) str(n uint64) (starlark.Value, error) {
	b, err := d.take(n)
	if err != nil {
		return nil, err
	}
	// No UTF-8 check: Starlark strings hold any bytes.
	return starlark.String(b), nil
}

// enter starts a container that announces n values, after checking that
// they can fit in the bytes left.
func (d *decoder) enter(n uint64) error {
	if d.depth >= MaxDepth {
		return d.errorf("containers nested more than %d levels deep", MaxDepth)
	}
	// avail goes negative when multi-byte headers have eaten the bytes of
	// announced values: the input is then too short in any case.
	if avail := len(d.data) - d.pos - d.need; avail < 0 || n > uint64(avail) {
		return d.errorf("container of %d values is longer than the input", n)
	}
	d.depth++
	d.need += int(n)
	return nil
}

func (d *decoder) list(n uint64) (starlark.Value, error) {
	if err := d.enter(n); err != nil {
		return nil, err
	}
	elems := make([]starlark.Value, n)
	if err := d.elems(elems); err != nil {
		return nil, err
	}
	d.depth--
	return starlark.NewList(elems), nil
}

func (d *decoder) elems(elems []starlark.Value) error {
	for i := range elems {
		v, err := d.value()
		if err != nil {
			return err
		}
		elems[i] = v
	}
	return nil
}

func (d *decoder) dict(n uint64) (starlark.Value, error) {
	if err := d.enter(2 * n); err != nil {
		return nil, err
	}
	dict := starlark.NewDict(int(n))
	for ; n > 0; n-- {
		at := d.pos
		k, err := d.value()
		if err != nil {
			return nil, err
		}
		v, err := d.value()
		if err != nil {
			return nil, err
		}
		if err := dict.SetKey(k, v); err != nil {
			return nil, fmt.Errorf("codec: bad dict key (at byte %d): %v", at, err)
		}
	}
	d.depth--
	return dict, nil
}

// ext decodes an ext with an n-byte payload, whose type byte is next.
func (d *decoder) ext(n uint64) (starlark.Value, error) {
	typ, err := d.byte1()
	if err != nil {
		return nil, err
	}
	if typ == extBigInt {
		return d.bigInt(n)
	}
	if n != 0 {
		if typ >= extTuple && typ <= extHandle || typ == extTyped {
			return nil, d.errorf("tag %d with a %d-byte payload", typ, n)
		}
		return nil, d.errorf("unknown ext type %d with %d bytes", int8(typ), n)
	}
	// A tag: the value it modifies follows.
	switch typ {
	case extTuple:
		n, err := d.arrayHeader()
		if err != nil {
			return nil, err
		}
		if err := d.enter(n); err != nil {
			return nil, err
		}
		elems := make(starlark.Tuple, n)
		if err := d.elems(elems); err != nil {
			return nil, err
		}
		d.depth--
		return elems, nil
	case extSet:
		n, err := d.arrayHeader()
		if err != nil {
			return nil, err
		}
		if err := d.enter(n); err != nil {
			return nil, err
		}
		set := starlark.NewSet(int(n))
		for ; n > 0; n-- {
			at := d.pos
			v, err := d.value()
			if err != nil {
				return nil, err
			}
			if err := set.Insert(v); err != nil {
				return nil, fmt.Errorf("codec: bad set element (at byte %d): %v", at, err)
			}
		}
		d.depth--
		return set, nil
	case extFunc:
		module, name, err := d.pair(false)
		if err != nil {
			return nil, err
		}
		if d.r == nil {
			return nil, fmt.Errorf("codec: cannot receive function %s.%s here", module, name)
		}
		fn, err := d.r.Func(module, name)
		if err != nil {
			return nil, fmt.Errorf("codec: function %s.%s: %w", module, name, err)
		}
		return fn, nil
	case extHandle:
		kind, data, err := d.pair(true)
		if err != nil {
			return nil, err
		}
		if d.r == nil {
			return nil, fmt.Errorf("codec: cannot receive a %s handle here", kind)
		}
		// The resolver may keep the handle data; data may be a reused buffer.
		v, err := d.r.Handle(kind, []byte(data))
		if err != nil {
			return nil, fmt.Errorf("codec: %s handle: %w", kind, err)
		}
		return v, nil
	case extTyped:
		n, err := d.arrayHeader()
		if err != nil {
			return nil, err
		}
		if n != 2 {
			return nil, d.errorf("typed value of %d parts", n)
		}
		// One announced value: the state (the name is read raw).
		if err := d.enter(1); err != nil {
			return nil, err
		}
		name, err := d.rawString(false)
		if err != nil {
			return nil, err
		}
		state, err := d.value()
		if err != nil {
			return nil, err
		}
		d.depth--
		dec := typeDecoder(name)
		if dec == nil {
			return nil, fmt.Errorf("codec: unknown type %q", name)
		}
		v, err := dec(state)
		if err != nil {
			return nil, fmt.Errorf("codec: %s: %w", name, err)
		}
		return v, nil
	}
	return nil, d.errorf("unknown tag %d", int8(typ))
}

// arrayHeader reads the array header that must follow a tag.
func (d *decoder) arrayHeader() (uint64, error) {
	c, err := d.byte1()
	if err != nil {
		return 0, err
	}
	switch {
	case c >= 0x90 && c <= 0x9f:
		return uint64(c & 0x0f), nil
	case c == 0xdc || c == 0xdd:
		return d.uint(2 << (c - 0xdc))
	}
	d.pos--
	return 0, d.errorf("tag followed by msgpack code 0x%02x, not an array", c)
}

// pair reads the [str, str] of a function tag or the [str, bin] of a handle
// tag. Their parts are not Starlark values and do not count towards depth.
func (d *decoder) pair(bin bool) (string, string, error) {
	n, err := d.arrayHeader()
	if err != nil {
		return "", "", err
	}
	if n != 2 {
		return "", "", d.errorf("tag followed by an array of %d values, not 2", n)
	}
	a, err := d.rawString(false)
	if err != nil {
		return "", "", err
	}
	b, err := d.rawString(bin)
	if err != nil {
		return "", "", err
	}
	return a, b, nil
}

func (d *decoder) rawString(bin bool) (string, error) {
	c, err := d.byte1()
	if err != nil {
		return "", err
	}
	var n uint64
	switch {
	case !bin && c >= 0xa0 && c <= 0xbf:
		n = uint64(c & 0x1f)
	case !bin && c >= 0xd9 && c <= 0xdb:
		n, err = d.uint(1 << (c - 0xd9))
	case bin && c >= 0xc4 && c <= 0xc6:
		n, err = d.uint(1 << (c - 0xc4))
	default:
		d.pos--
		want := "str"
		if bin {
			want = "bin"
		}
		return "", d.errorf("msgpack code 0x%02x where a %s was expected", c, want)
	}
	if err != nil {
		return "", err
	}
	b, err := d.take(n)
	return string(b), err
}

func (d *decoder) bigInt(n uint64) (starlark.Value, error) {
	b, err := d.take(n)
	if err != nil {
		return nil, err
	}
	if len(b) == 0 || b[0] > 1 {
		return nil, d.errorf("bad big int sign")
	}
	x := new(big.Int).SetBytes(b[1:])
	if b[0] == 1 {
		x.Neg(x)
	}
	return starlark.MakeBigInt(x), nil
}
