package remod

import (
	"regexp/syntax"
	"unicode"
	"unicode/utf8"
)

// pike runs a compiled RE2 program as Go's regexp does (a Pike VM: every
// thread advances in lockstep, so the time is linear in the input, with
// leftmost-first priorities, so the match and its groups are the ones
// Go's regexp and Python's re choose), except for \b and \B: there a word
// character is Python's for str patterns, a Unicode letter or number or
// '_' (the class \w stands for), where Go's regexp knows only ASCII ones.
// Patterns without \b or \B, and those compiled with re.ASCII, keep Go's
// faster regexp.
type pike struct {
	prog *syntax.Prog
	// ascii: \b and \B know only ASCII word characters (re.ASCII, bytes
	// patterns), as Go's regexp.
	ascii bool
	// first holds the rune instructions a match can begin with, and
	// empty whether one can be empty: where no thread runs and the rune
	// at hand begins none, a search moves on without starting one.
	first []*syntax.Inst
	empty bool
	// ncap is the number of capture slots of the pattern's groups; those
	// past it are the markers of loops.go. exits maps the closing slot of
	// a body marker to the instruction of its repeat's exit; depth is the
	// deepest nesting of marked repeats.
	ncap  int
	exits map[uint32]uint32
	depth int
}

// dollarRune, written twice (dollarMark), stands in the VM's source for
// Python's $ outside MULTILINE: the end of the text or the place just
// before a final newline, an assertion RE2 lacks. newPike makes these rune
// instructions empty-width ones of the op emptyPyDollar (a bit
// syntax.EmptyOp leaves free). Written twice, the mark is a literal string
// the parser never merges into a class (as it does with single runes
// of an alternation: `$|a`).
const (
	dollarRune                   = '\U0010FFFE'
	dollarMark                   = `\x{10FFFE}\x{10FFFE}`
	emptyPyDollar syntax.EmptyOp = 1 << 6
)

// newPike compiles the RE2 source src (ascii: ASCII word boundaries).
func newPike(src string, ascii bool) (*pike, error) {
	re, err := syntax.Parse(src, syntax.Perl)
	if err != nil {
		return nil, err
	}
	ncap := 2 * (re.MaxCap() + 1)
	loops := &loopMarks{next: re.MaxCap() + 1, exits: map[int]int{}}
	re = loops.rewrite(re, 0)
	prog, err := syntax.Compile(re.Simplify())
	if err != nil {
		return nil, err
	}
	m := &pike{prog: prog, ascii: ascii, ncap: ncap, exits: map[uint32]uint32{}, depth: loops.depth}
	exitAt := map[int]uint32{}
	for pc, inst := range prog.Inst {
		if inst.Op == syntax.InstCapture && inst.Arg%2 == 0 {
			exitAt[int(inst.Arg)/2] = uint32(pc)
		}
	}
	for b, e := range loops.exits {
		m.exits[uint32(2*b+1)] = exitAt[e]
	}
	for i := range prog.Inst {
		inst := &prog.Inst[i]
		if (inst.Op == syntax.InstRune1 || inst.Op == syntax.InstRune) && len(inst.Rune) > 0 && inst.Rune[0] == dollarRune && (len(inst.Rune) == 1 || len(inst.Rune) == 2 && inst.Rune[1] == dollarRune) {
			inst.Op, inst.Arg, inst.Rune = syntax.InstEmptyWidth, uint32(emptyPyDollar), nil
		}
	}
	seen := make([]bool, len(prog.Inst))
	stack := []uint32{uint32(prog.Start)}
	for len(stack) > 0 {
		pc := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if seen[pc] {
			continue
		}
		seen[pc] = true
		inst := &prog.Inst[pc]
		switch inst.Op {
		case syntax.InstAlt, syntax.InstAltMatch:
			stack = append(stack, inst.Out, inst.Arg)
		case syntax.InstEmptyWidth, syntax.InstNop, syntax.InstCapture:
			stack = append(stack, inst.Out)
		case syntax.InstMatch:
			m.empty = true
		case syntax.InstFail:
		default:
			m.first = append(m.first, inst)
		}
	}
	return m, nil
}

// mayBegin reports whether a match may begin with r (-1: the end).
func (m *pike) mayBegin(r rune) bool {
	if m.empty {
		return true
	}
	if r < 0 {
		return false
	}
	for _, inst := range m.first {
		if matches(inst, r) {
			return true
		}
	}
	return false
}

// isWord is Python's word character: in str patterns str.isalnum() or _,
// with re.ASCII (and in bytes patterns) [A-Za-z0-9_].
func (m *pike) isWord(r rune) bool {
	if m.ascii {
		return r == '_' || 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || '0' <= r && r <= '9'
	}
	return r == '_' || unicode.IsLetter(r) || unicode.IsNumber(r)
}

// context is the set of empty-width assertions true at i in s, between r1
// and r2 (-1 at either end of the text), with Python's word boundaries
// and Python's $.
func (m *pike) context(s string, i int, r1, r2 rune) syntax.EmptyOp {
	op := syntax.EmptyOpContext(r1, r2) &^ (syntax.EmptyWordBoundary | syntax.EmptyNoWordBoundary)
	switch {
	case s == "":
		// Python's sre: an empty text (up to endpos) has neither a
		// boundary nor a non-boundary (re.search(r"\B", "") is None).
	case m.isWord(r1) != m.isWord(r2):
		op |= syntax.EmptyWordBoundary
	default:
		op |= syntax.EmptyNoWordBoundary
	}
	if i == len(s) || i == len(s)-1 && s[i] == '\n' {
		op |= emptyPyDollar
	}
	return op
}

type pikeThread struct {
	pc  uint32
	cap []int // its own: from machine.alloc, back to machine.free
}

// pikeQueue is the threads at one position, in priority order, with the
// instructions already visited there (a sparse set).
type pikeQueue struct {
	sparse  []uint32
	dense   []uint32
	threads []pikeThread
}

// newPikeQueue makes a queue for n instructions, each visited at most
// depth+1 times (see machine.add).
func newPikeQueue(n, depth int) *pikeQueue {
	n *= depth + 1
	return &pikeQueue{sparse: make([]uint32, n), dense: make([]uint32, 0, n)}
}

func (q *pikeQueue) visit(pc uint32) bool {
	if i := q.sparse[pc]; int(i) < len(q.dense) && q.dense[i] == pc {
		return false
	}
	q.sparse[pc] = uint32(len(q.dense))
	q.dense = append(q.dense, pc)
	return true
}

// machine is the state of one search (a pike is shared by goroutines):
// its two queues and the capture arrays of dead threads, reused.
type machine struct {
	*pike
	clist, nlist *pikeQueue
	free         [][]int
	scratch      []int
}

func (m *pike) machine() *machine {
	n := len(m.prog.Inst)
	return &machine{pike: m, clist: newPikeQueue(n, m.depth), nlist: newPikeQueue(n, m.depth), scratch: make([]int, m.prog.NumCap)}
}

func (m *machine) alloc(cap []int) []int {
	var c []int
	if k := len(m.free); k > 0 {
		c = m.free[k-1]
		m.free = m.free[:k-1]
	} else {
		c = make([]int, len(cap))
	}
	copy(c, cap)
	return c
}

// clear empties q, keeping its threads' capture arrays for reuse.
func (m *machine) clear(q *pikeQueue) {
	for _, t := range q.threads {
		m.free = append(m.free, t.cap)
	}
	q.dense = q.dense[:0]
	q.threads = q.threads[:0]
}

// add follows pc's empty transitions at pos (whose context is ctx) and
// queues the threads that wait for a rune or match, each with a copy of
// cap (which add changes only for the length of a call, as Go's regexp).
// here is the number of marked repeats (loops.go) around pc whose
// iteration began at pos: what follows pc depends on it (an iteration
// that ends where it began leaves its repeat), so an instruction is
// visited once for each, where Go's regexp visits it once.
func (m *machine) add(q *pikeQueue, pc uint32, here int, pos int, cap []int, ctx syntax.EmptyOp) {
	inst := &m.prog.Inst[pc]
	key := pc * uint32(m.depth+1)
	switch inst.Op {
	case syntax.InstMatch, syntax.InstRune, syntax.InstRune1, syntax.InstRuneAny, syntax.InstRuneAnyNotNL:
		// What follows a rune does not depend on here.
	default:
		key += uint32(here)
	}
	if !q.visit(key) {
		return
	}
	switch inst.Op {
	case syntax.InstFail:
	case syntax.InstAlt, syntax.InstAltMatch:
		m.add(q, inst.Out, here, pos, cap, ctx)
		m.add(q, inst.Arg, here, pos, cap, ctx)
	case syntax.InstEmptyWidth:
		if syntax.EmptyOp(inst.Arg)&^ctx == 0 {
			m.add(q, inst.Out, here, pos, cap, ctx)
		}
	case syntax.InstNop:
		m.add(q, inst.Out, here, pos, cap, ctx)
	case syntax.InstCapture:
		if exit, ok := m.exits[inst.Arg]; ok {
			// The end of an optional iteration: one that began here
			// ends its repeat (sre), the others go on to the loop.
			if cap[inst.Arg-1] == pos {
				m.add(q, exit, here-1, pos, cap, ctx)
			} else {
				m.add(q, inst.Out, here, pos, cap, ctx)
			}
			return
		}
		if int(inst.Arg) >= len(cap) {
			m.add(q, inst.Out, here, pos, cap, ctx)
			return
		}
		if _, ok := m.exits[inst.Arg+1]; ok {
			here++ // an iteration begins
		}
		old := cap[inst.Arg]
		cap[inst.Arg] = pos
		m.add(q, inst.Out, here, pos, cap, ctx)
		cap[inst.Arg] = old
	default: // InstMatch and the rune instructions
		q.threads = append(q.threads, pikeThread{pc, m.alloc(cap)})
	}
}

// matches reports whether inst, a rune instruction, consumes r.
func matches(inst *syntax.Inst, r rune) bool {
	switch inst.Op {
	case syntax.InstRune1:
		return r == inst.Rune[0]
	case syntax.InstRuneAny:
		return true
	case syntax.InstRuneAnyNotNL:
		return r != '\n'
	case syntax.InstRune:
		return inst.MatchRune(r)
	}
	return false
}

// runeAt is the rune at i and its width (-1, 0 at the end).
func runeAt(s string, i int) (rune, int) {
	if i >= len(s) {
		return -1, 0
	}
	if c := s[i]; c < utf8.RuneSelf {
		return rune(c), 1
	}
	return utf8.DecodeRuneInString(s[i:])
}

// runeBefore is the rune that ends at i (-1 at the start).
func runeBefore(s string, i int) rune {
	if i <= 0 {
		return -1
	}
	r, _ := utf8.DecodeLastRuneInString(s[:i])
	return r
}

// find returns the leftmost-first match in s that starts at pos or later
// (anchored: at pos), as byte offsets of the whole match and of each group
// (-1 for a group that did not take part), or nil; what precedes pos is
// the context of assertions at pos, as in Python's search(s, pos).
// mustAdvance refuses an empty match at pos, and takes the alternative
// Python's backtracking would take next: after an empty match, Python
// (3.7+) searches again from the same place for one that is not empty.
func (m *pike) find(s string, pos int, anchored, mustAdvance bool) []int {
	return m.machine().find(s, pos, anchored, mustAdvance)
}

func (m *machine) find(s string, pos int, anchored, mustAdvance bool) []int {
	clist, nlist := m.clist, m.nlist
	m.clear(clist)
	m.clear(nlist)
	var matched []int
	atStart := m.prog.StartCond()&syntax.EmptyBeginText != 0 // \A
	r1 := runeBefore(s, pos)
	for i := pos; ; {
		r2, w := runeAt(s, i)
		starts := (!atStart || i == 0) && (!anchored || i == pos)
		if matched == nil && starts && (len(clist.threads) > 0 || m.mayBegin(r2)) {
			cap := m.scratch
			for j := range cap {
				cap[j] = -1
			}
			cap[0] = i
			m.add(clist, uint32(m.prog.Start), 0, i, cap, m.context(s, i, r1, r2))
		}
		if len(clist.threads) == 0 && (matched != nil || atStart && i > 0 || anchored && i > pos) {
			break
		}
		var next syntax.EmptyOp
		if w > 0 {
			r3, _ := runeAt(s, i+w)
			next = m.context(s, i+w, r2, r3)
		}
		for _, t := range clist.threads {
			inst := &m.prog.Inst[t.pc]
			if inst.Op == syntax.InstMatch {
				if mustAdvance && i == pos && t.cap[0] == pos {
					continue // an empty match where the last one ended
				}
				matched = append(matched[:0], t.cap[:m.ncap]...)
				matched[1] = i
				break // the threads after this one have lower priority
			}
			if w > 0 && matches(inst, r2) {
				m.add(nlist, inst.Out, 0, i+w, t.cap, next)
			}
		}
		m.clear(clist)
		if w == 0 {
			break
		}
		clist, nlist = nlist, clist
		r1 = r2
		i += w
	}
	m.clist, m.nlist = clist, nlist
	return matched
}
