package remod

import "regexp/syntax"

// Python's sre and RE2 part on a repeat whose body can match the empty
// string, as in (a*)*, ((x|y)*)+ or (a|)*. sre tries an optional
// iteration only where the previous optional one was not empty: an empty
// one is kept (with the groups it set) and the repeat ends there, on to
// what follows. RE2 drops a thread that comes back to the loop where it
// began, so the empty iteration and its groups are lost (CPython's
// test_bug_2537: ^((x|y)*)* on "xyyzy" sets group 1 to "", RE2 to "xyy").
//
// loopMarks rewrites such a repeat before compiling: each optional
// iteration is a capture group of a number past the pattern's own (a
// "body" marker) and the repeat ends with an empty one (its "exit"
// marker). The VM records where an iteration began in the body marker's
// opening slot; at its closing one, an iteration that began here jumps to
// the exit instead of looping (machine.add). Counted repeats are unrolled
// here, as Simplify would, so that every copy has markers of its own.
type loopMarks struct {
	next  int         // the next free capture number
	exits map[int]int // body marker -> its repeat's exit marker
	depth int         // the deepest nesting of marked repeats
}

// nullable reports whether re can match the empty string (an assertion
// counts: it consumes nothing).
func nullable(re *syntax.Regexp) bool {
	switch re.Op {
	case syntax.OpNoMatch, syntax.OpAnyChar, syntax.OpAnyCharNotNL, syntax.OpCharClass:
		return false
	case syntax.OpLiteral:
		// dollarMark, Python's $, becomes an assertion in the VM.
		for _, r := range re.Rune {
			if r != dollarRune {
				return false
			}
		}
		return true
	case syntax.OpCapture, syntax.OpPlus:
		return nullable(re.Sub[0])
	case syntax.OpRepeat:
		return re.Min == 0 || nullable(re.Sub[0])
	case syntax.OpConcat:
		for _, sub := range re.Sub {
			if !nullable(sub) {
				return false
			}
		}
		return true
	case syntax.OpAlternate:
		for _, sub := range re.Sub {
			if nullable(sub) {
				return true
			}
		}
		return false
	}
	return true // empty match, assertions, star, quest
}

// marked reports whether rewriting re adds markers.
func marked(re *syntax.Regexp) bool {
	switch re.Op {
	case syntax.OpStar, syntax.OpPlus:
		if nullable(re.Sub[0]) {
			return true
		}
	case syntax.OpRepeat:
		if re.Max != re.Min && (re.Max != 1 || re.Min != 0) && nullable(re.Sub[0]) {
			return true
		}
	}
	for _, sub := range re.Sub {
		if marked(sub) {
			return true
		}
	}
	return false
}

// rewrite returns re with its repeats of nullable bodies marked (a new
// tree where anything changed; each call makes new markers). depth is the
// number of marked repeats around re.
func (l *loopMarks) rewrite(re *syntax.Regexp, depth int) *syntax.Regexp {
	if !marked(re) {
		return re
	}
	lo, hi := 0, 1
	switch re.Op {
	case syntax.OpStar:
		lo, hi = 0, -1
	case syntax.OpPlus:
		lo, hi = 1, -1
	case syntax.OpRepeat:
		lo, hi = re.Min, re.Max
	case syntax.OpQuest:
	default:
		c := *re
		c.Sub = make([]*syntax.Regexp, len(re.Sub))
		for i, sub := range re.Sub {
			c.Sub[i] = l.rewrite(sub, depth)
		}
		return &c
	}
	body := re.Sub[0]
	flags := re.Flags & syntax.NonGreedy
	if re.Op == syntax.OpQuest {
		// One optional iteration: nothing follows it to skip.
		return &syntax.Regexp{Op: syntax.OpQuest, Flags: flags, Sub: []*syntax.Regexp{l.rewrite(body, depth)}}
	}
	mark := nullable(body)
	var exit int
	if mark {
		exit = l.next
		l.next++
	}
	// iteration is one optional iteration, with fresh markers.
	iteration := func() *syntax.Regexp {
		if !mark {
			return l.rewrite(body, depth)
		}
		b := l.next
		l.next++
		l.exits[b] = exit
		l.depth = max(l.depth, depth+1)
		return &syntax.Regexp{Op: syntax.OpCapture, Cap: b, Sub: []*syntax.Regexp{l.rewrite(body, depth+1)}}
	}
	var seq []*syntax.Regexp
	for range lo {
		seq = append(seq, l.rewrite(body, depth)) // mandatory: sre does not check these
	}
	if hi < 0 {
		seq = append(seq, &syntax.Regexp{Op: syntax.OpStar, Flags: flags, Sub: []*syntax.Regexp{iteration()}})
	} else if hi > lo {
		// x{0,3} as (?:x(?:x(?:x)?)?)?, the copies made in order.
		its := make([]*syntax.Regexp, hi-lo)
		for i := range its {
			its[i] = iteration()
		}
		var opt *syntax.Regexp
		for i := len(its) - 1; i >= 0; i-- {
			sub := its[i]
			if opt != nil {
				sub = &syntax.Regexp{Op: syntax.OpConcat, Sub: []*syntax.Regexp{sub, opt}}
			}
			opt = &syntax.Regexp{Op: syntax.OpQuest, Flags: flags, Sub: []*syntax.Regexp{sub}}
		}
		seq = append(seq, opt)
	}
	if mark {
		seq = append(seq, &syntax.Regexp{Op: syntax.OpCapture, Cap: exit, Sub: []*syntax.Regexp{{Op: syntax.OpEmptyMatch}}})
	}
	switch len(seq) {
	case 0:
		return &syntax.Regexp{Op: syntax.OpEmptyMatch}
	case 1:
		return seq[0]
	}
	return &syntax.Regexp{Op: syntax.OpConcat, Sub: seq}
}
