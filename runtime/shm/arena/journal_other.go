//go:build !amd64

package arena

import "sync/atomic"

// Weakly ordered CPUs need atomic (sequentially consistent) stores to keep
// the journal's order. procstar targets amd64; this keeps others correct.

func publish(p *uint32, v uint32) { atomic.StoreUint32(p, v) }

func store32(p *uint32, v uint32) { atomic.StoreUint32(p, v) }

func store64(p *uint64, v uint64) { atomic.StoreUint64(p, v) }
