package randommod

import (
	"crypto/sha512"
	"math"
	"math/big"
	"math/bits"
	"math/rand/v2"
)

// mt is CPython's generator, MT19937 as _randommodule.c has it, with its
// seeding, so that a seeded script draws the numbers CPython's would.
type mt struct {
	state [624]uint32
	index int
	// gaussNext is the second value of gauss's last pair (Python's
	// gauss_next), valid when hasGauss.
	gaussNext float64
	hasGauss  bool
}

func (m *mt) initGenrand(s uint32) {
	m.state[0] = s
	for i := 1; i < 624; i++ {
		m.state[i] = 1812433253*(m.state[i-1]^(m.state[i-1]>>30)) + uint32(i)
	}
	m.index = 624
}

func (m *mt) initByArray(key []uint32) {
	m.initGenrand(19650218)
	i, j := 1, 0
	k := max(624, len(key))
	for ; k > 0; k-- {
		m.state[i] = (m.state[i] ^ ((m.state[i-1] ^ (m.state[i-1] >> 30)) * 1664525)) + key[j] + uint32(j)
		i++
		j++
		if i >= 624 {
			m.state[0] = m.state[623]
			i = 1
		}
		if j >= len(key) {
			j = 0
		}
	}
	for k = 623; k > 0; k-- {
		m.state[i] = (m.state[i] ^ ((m.state[i-1] ^ (m.state[i-1] >> 30)) * 1566083941)) - uint32(i)
		i++
		if i >= 624 {
			m.state[0] = m.state[623]
			i = 1
		}
	}
	m.state[0] = 0x80000000 // MSB is 1, assuring a non-zero initial array
	m.hasGauss = false
}

func (m *mt) uint32() uint32 {
	const upper, lower = 0x80000000, 0x7fffffff
	mag01 := [2]uint32{0, 0x9908b0df}
	if m.index >= 624 {
		var kk int
		for ; kk < 624-397; kk++ {
			y := (m.state[kk] & upper) | (m.state[kk+1] & lower)
			m.state[kk] = m.state[kk+397] ^ (y >> 1) ^ mag01[y&1]
		}
		for ; kk < 623; kk++ {
			y := (m.state[kk] & upper) | (m.state[kk+1] & lower)
			m.state[kk] = m.state[kk+(397-624)] ^ (y >> 1) ^ mag01[y&1]
		}
		y := (m.state[623] & upper) | (m.state[0] & lower)
		m.state[623] = m.state[396] ^ (y >> 1) ^ mag01[y&1]
		m.index = 0
	}
	y := m.state[m.index]
	m.index++
	y ^= y >> 11
	y ^= (y << 7) & 0x9d2c5680
	y ^= (y << 15) & 0xefc60000
	y ^= y >> 18
	return y
}

// random is random.random(): 53 random bits in [0, 1).
func (m *mt) random() float64 {
	a, b := m.uint32()>>5, m.uint32()>>6
	return (float64(a)*67108864.0 + float64(b)) * (1.0 / 9007199254740992.0)
}

// getrandbits is random.getrandbits(k), k >= 0: 32-bit words from the
// least significant up, the last one cut to what is left of k.
func (m *mt) getrandbits(k int) *big.Int {
	if k <= 32 {
		if k == 0 {
			return new(big.Int)
		}
		return big.NewInt(int64(m.uint32() >> (32 - k)))
	}
	words := make([]big.Word, (k+bits.UintSize-1)/bits.UintSize)
	for i := 0; k > 0; i++ {
		r := m.uint32()
		if k < 32 {
			r >>= 32 - k
		}
		w := i * 32 / bits.UintSize
		words[w] |= big.Word(r) << (i * 32 % bits.UintSize)
		k -= 32
	}
	return new(big.Int).SetBits(words)
}

// below is Python's _randbelow(n), n > 0: getrandbits(n.bit_length())
// until it is below n.
func (m *mt) below(n *big.Int) *big.Int {
	k := n.BitLen()
	for {
		if r := m.getrandbits(k); r.Cmp(n) < 0 {
			return r
		}
	}
}

// belowInt is below for an int n > 0, without big.Int.
func (m *mt) belowInt(n int) int {
	if n > math.MaxUint32 {
		return int(m.below(big.NewInt(int64(n))).Int64())
	}
	k := bits.Len(uint(n))
	for {
		if r := int(m.uint32() >> (32 - k)); r < n {
			return r
		}
	}
}

// seedInt seeds from a non-negative integer as CPython's random_seed
// does: its 32-bit words, least significant first (at least one).
func (m *mt) seedInt(n *big.Int) {
	be := n.Bytes()
	key := make([]uint32, max(1, (len(be)+3)/4))
	for i, b := range be {
		at := len(be) - 1 - i // the byte's place, least significant first
		key[at/4] |= uint32(b) << (8 * (at % 4))
	}
	m.initByArray(key)
}

// seedBytes is seed(a) for str and bytes, version 2: the int of a and its
// SHA-512 digest, big-endian.
func (m *mt) seedBytes(a []byte) {
	sum := sha512.Sum512(a)
	m.seedInt(new(big.Int).SetBytes(append(append([]byte(nil), a...), sum[:]...)))
}

// seedRandom is seed(None): 624 words from the Go runtime's generator
// (which the kernel's entropy seeds at every process start) where CPython
// reads as many from urandom.
func (m *mt) seedRandom() {
	key := make([]uint32, 624)
	for i := range key {
		key[i] = rand.Uint32()
	}
	m.initByArray(key)
}

// hashFloat is CPython's hash of a finite float (_Py_HashDouble): its
// value modulo the Mersenne prime 2**61-1, with its sign. seed(x) for a
// float seeds from that hash taken as unsigned.
func hashFloat(v float64) uint64 {
	const hashBits = 61
	const modulus = (uint64(1) << hashBits) - 1
	if math.IsInf(v, 0) {
		if v > 0 {
			return 314159
		}
		neg := int64(-314159)
		return uint64(neg)
	}
	m, e := math.Frexp(v)
	sign := int64(1)
	if m < 0 {
		sign, m = -1, -m
	}
	var x uint64
	for m != 0 {
		x = ((x << 28) & modulus) | x>>(hashBits-28)
		m *= 268435456.0
		e -= 28
		y := uint64(m)
		m -= float64(y)
		x += y
		if x >= modulus {
			x -= modulus
		}
	}
	if e >= 0 {
		e %= hashBits
	} else {
		e = hashBits - 1 - ((-1 - e) % hashBits)
	}
	x = ((x << e) & modulus) | x>>(hashBits-e)
	h := int64(x) * sign
	if h == -1 {
		h = -2
	}
	return uint64(h)
}
