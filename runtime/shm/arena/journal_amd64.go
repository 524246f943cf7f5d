package arena

// publish and the stores below are ordered after the stores before them
// and before the stores after them, as seen by a process that inspects
// memory once this one is dead. x86-TSO keeps store order: plain stores.

func publish(p *uint32, v uint32) { *p = v }

func store32(p *uint32, v uint32) { *p = v }

func store64(p *uint64, v uint64) { *p = v }
