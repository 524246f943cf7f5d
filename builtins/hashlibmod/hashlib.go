// Package hashlibmod is procstar's "hashlib" module: md5, sha1, the sha2
// and sha3 families and new(name) hash objects with update, digest,
// hexdigest and copy, as Python's.
package hashlibmod

import (
	"crypto/md5"
	"crypto/sha1"
	"crypto/sha256"
	"crypto/sha3"
	"crypto/sha512"
	"encoding/hex"
	"fmt"
	"hash"
	"strings"

	"go.starlark.net/starlark"
	"go.starlark.net/starlarkstruct"

	"github.com/procstar/procstar/runtime/pyerr"
)

// algorithm is a hash's name and constructor.
type algorithm struct {
	name string
	new  func() hash.Hash
}

// algorithms are the hashes hashlib has a constructor for; new() also
// knows the names of extra. Tables, not maps: the package runs no code at
// init.
var algorithms = []algorithm{
	{"md5", md5.New}, {"sha1", sha1.New}, {"sha224", sha256.New224}, {"sha256", sha256.New},
	{"sha384", sha512.New384}, {"sha512", sha512.New},
	{"sha3_224", func() hash.Hash { return sha3.New224() }}, {"sha3_256", func() hash.Hash { return sha3.New256() }},
	{"sha3_384", func() hash.Hash { return sha3.New384() }}, {"sha3_512", func() hash.Hash { return sha3.New512() }},
}

// extra are the names OpenSSL gives hashlib.new but hashlib has no
// constructor for.
var extra = []algorithm{{"sha512_224", sha512.New512_224}, {"sha512_256", sha512.New512_256}}

func lookup(name string) func() hash.Hash {
	for _, table := range [][]algorithm{algorithms, extra} {
		for _, a := range table {
			if a.name == name {
				return a.new
			}
		}
	}
	return nil
}

// Module returns a new "hashlib" module.
func Module() *starlarkstruct.Module {
	m := starlark.StringDict{"new": starlark.NewBuiltin("new", newHash)}
	for _, a := range algorithms {
		name := a.name
		m[name] = starlark.NewBuiltin(name, func(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			// CPython 3.11 names the data "string" (later ones "data"),
			// and takes usedforsecurity.
			var data starlark.Value = starlark.Bytes("")
			var usedForSecurity bool
			for i, kv := range kwargs {
				if kv[0] == starlark.String("data") {
					kwargs = append(append([]starlark.Tuple{}, kwargs[:i]...), kwargs[i+1:]...)
					args = append(args[:len(args):len(args)], kv[1])
					break
				}
			}
			if err := starlark.UnpackArgs(b.Name(), args, kwargs, "string?", &data, "usedforsecurity?", &usedForSecurity); err != nil {
				return nil, pyerr.New(pyerr.TypeError, "%s", err.Error())
			}
			return start(name, data)
		})
	}
	return &starlarkstruct.Module{Name: "hashlib", Members: m}
}

func newHash(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var nv starlark.Value
	var data starlark.Value = starlark.Bytes("")
	var usedForSecurity bool
	if err := starlark.UnpackArgs(b.Name(), args, kwargs, "name", &nv, "data?", &data, "usedforsecurity?", &usedForSecurity); err != nil {
		return nil, pyerr.New(pyerr.TypeError, "%s", err.Error())
	}
	s, ok := nv.(starlark.String)
	if !ok {
		return nil, pyerr.New(pyerr.TypeError, "name must be a string") // CPython's text
	}
	name := string(s)
	if lookup(strings.ToLower(name)) == nil {
		return nil, pyerr.New(pyerr.ValueError, "unsupported hash type %s", name)
	}
	return start(strings.ToLower(name), data)
}

func start(name string, data starlark.Value) (starlark.Value, error) {
	h := &Hash{name: name, h: lookup(name)()}
	if err := h.write(data); err != nil {
		return nil, err
	}
	return h, nil
}

// Hash is a hashlib hash object.
type Hash struct {
	name string
	h    hash.Hash
}

func (h *Hash) write(data starlark.Value) error {
	switch d := data.(type) {
	case starlark.Bytes:
		h.h.Write([]byte(d))
		return nil
	case starlark.String:
		return pyerr.New(pyerr.TypeError, "Strings must be encoded before hashing")
	}
	return pyerr.New(pyerr.TypeError, "object supporting the buffer API required")
}

func (h *Hash) String() string       { return fmt.Sprintf("<%s _hashlib.HASH object @ %p>", h.name, h) }
func (h *Hash) Type() string         { return "_hashlib.HASH" }
func (h *Hash) Freeze()              {}
func (h *Hash) Truth() starlark.Bool { return starlark.True }
func (h *Hash) Hash() (uint32, error) {
	return 0, pyerr.New(pyerr.TypeError, "unhashable type: '_hashlib.HASH'")
}
func (h *Hash) AttrNames() []string {
	return []string{"block_size", "copy", "digest", "digest_size", "hexdigest", "name", "update"}
}

func (h *Hash) Attr(name string) (starlark.Value, error) {
	method := func(f func(args starlark.Tuple) (starlark.Value, error), nargs int) starlark.Value {
		return starlark.NewBuiltin(name, func(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			if len(kwargs) > 0 {
				return nil, pyerr.New(pyerr.TypeError, "HASH.%s() takes no keyword arguments", name)
			}
			if len(args) != nargs {
				// CPython's METH_O and METH_NOARGS texts.
				if nargs == 0 {
					return nil, pyerr.New(pyerr.TypeError, "HASH.%s() takes no arguments (%d given)", name, len(args))
				}
				return nil, pyerr.New(pyerr.TypeError, "HASH.%s() takes exactly one argument (%d given)", name, len(args))
			}
			return f(args)
		}).BindReceiver(h)
	}
	switch name {
	case "name":
		return starlark.String(h.name), nil
	case "digest_size":
		return starlark.MakeInt(h.h.Size()), nil
	case "block_size":
		return starlark.MakeInt(h.h.BlockSize()), nil
	case "update":
		return method(func(args starlark.Tuple) (starlark.Value, error) { return starlark.None, h.write(args[0]) }, 1), nil
	case "digest":
		return method(func(starlark.Tuple) (starlark.Value, error) { return starlark.Bytes(h.h.Sum(nil)), nil }, 0), nil
	case "hexdigest":
		return method(func(starlark.Tuple) (starlark.Value, error) {
			return starlark.String(hex.EncodeToString(h.h.Sum(nil))), nil
		}, 0), nil
	case "copy":
		return method(func(starlark.Tuple) (starlark.Value, error) {
			c := &Hash{name: h.name, h: lookup(h.name)()}
			state, err := h.h.(interface{ MarshalBinary() ([]byte, error) }).MarshalBinary()
			if err == nil {
				err = c.h.(interface{ UnmarshalBinary([]byte) error }).UnmarshalBinary(state)
			}
			if err != nil {
				return nil, pyerr.New(pyerr.ValueError, "copy: %v", err)
			}
			return c, nil
		}, 0), nil
	}
	return nil, nil
}
