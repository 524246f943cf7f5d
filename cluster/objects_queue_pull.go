package cluster

import (
	"context"
	"encoding/json"
	"errors"
	"strings"
	"sync"
	"time"

	"github.com/nats-io/nats.go"

	"github.com/procstar/procstar/runtime/objects"
)

// A puller is the getting side of one queue in this process, shared by
// every handle of the queue here. It pulls items from the queue's consumer
// through one inbox of its own, rather than with a fetch per get (a
// subscription, a pull request and an unsubscription each time): a get
// costs two round trips, the pull and the confirmation, and nothing else.
//
// It never pulls ahead of a get: an item held for this process while
// another process's get takes the next one would break the queue's order
// for a program that signals the other process after its get. Only a
// request that outlives its get (the get timed out as an item came) can
// bring an item no get takes: it is given back at once (a negative
// acknowledgement: the server delivers it again before later items).
// If this process is killed meanwhile, the server delivers it again after
// redeliverAfter: nothing is lost.
type puller struct {
	l       *Launcher
	subject string     // the consumer's pull requests
	stored  func() int // the items the consumer has yet to deliver

	mu       sync.Mutex // held by a get, and by the giving back
	sub      *nats.Subscription
	inbox    string
	msgs     chan *nats.Msg
	out      int       // pull requests the server has not answered
	outUntil time.Time // when the last of them is surely answered or lost
	timer    *time.Timer
}

// giveBackAfter is how often an unanswered request is checked for an item
// that came too late for its get.
const giveBackAfter = 2 * time.Millisecond

// pullMax bounds one pull request's wait, so that a request lost in a
// server's failover costs at most that long.
const pullMax = time.Second

// pullerOf returns this process's puller of the queue stream, made on
// first use.
func (q *clQueue) pullerOf() (*puller, error) {
	o := q.o
	o.mu.Lock()
	defer o.mu.Unlock()
	if p := o.pullers[q.h.Stream]; p != nil {
		return p, nil
	}
	p, err := newPuller(q.l, q.h.Stream, getter, q.Len)
	if err != nil {
		return nil, err
	}
	if o.pullers == nil {
		o.pullers = map[string]*puller{}
	}
	o.pullers[q.h.Stream] = p
	return p, nil
}

// newPuller pulls from a consumer of a stream.
func newPuller(l *Launcher, stream, consumer string, stored func() int) (*puller, error) {
	p := &puller{l: l, subject: "$JS.API.CONSUMER.MSG.NEXT." + stream + "." + consumer,
		inbox: l.nc.NewRespInbox(), msgs: make(chan *nats.Msg, 16), stored: stored}
	sub, err := l.nc.ChanSubscribe(p.inbox, p.msgs)
	if err != nil {
		return nil, err
	}
	p.sub = sub
	p.timer = time.AfterFunc(time.Hour, p.giveBack)
	p.timer.Stop()
	return p, nil
}

// close ends the puller.
func (p *puller) close() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.timer.Stop()
	p.sub.Unsubscribe()
}

// dropPuller ends this process's puller of a destroyed queue.
func (q *clQueue) dropPuller() {
	q.o.mu.Lock()
	p := q.o.pullers[q.h.Stream]
	delete(q.o.pullers, q.h.Stream)
	q.o.mu.Unlock()
	if p != nil {
		p.close()
	}
}

// pull asks for one item, waiting up to wait for it to come (no wait: the
// server answers at once).
func (p *puller) pull(wait time.Duration) error {
	req := struct {
		Batch   int           `json:"batch"`
		Expires time.Duration `json:"expires,omitempty"`
		NoWait  bool          `json:"no_wait,omitempty"`
	}{Batch: 1, Expires: wait, NoWait: wait <= 0}
	b, _ := json.Marshal(req)
	if err := p.l.nc.PublishRequest(p.subject, p.inbox, b); err != nil {
		return err
	}
	p.out++
	// A request whose server died is never answered: past this, get
	// forgets it and asks again.
	if until := time.Now().Add(wait + pullLost); until.After(p.outUntil) {
		p.outUntil = until
	}
	return nil
}

// errConsumerGone is a pull from a consumer that was deleted (its queue
// destroyed).
var errConsumerGone = errors.New("the consumer was deleted")

// catchUp bounds how long the consumer of a queue may lag its stream.
const catchUp = 50 * time.Millisecond

// pullLost is how long past its expiry an unanswered request is taken for
// lost.
const pullLost = time.Second

// answered counts an answer to a request (an item or a status).
func (p *puller) answered() {
	if p.out > 0 {
		p.out--
	}
}

// get takes the next item: timeout 0 does not wait, below 0 waits for
// ever. It returns ErrEmpty when none came. A taken item is confirmed (a
// double acknowledgement) before it is returned, so no other getter ever
// receives it.
func (p *puller) get(ctx context.Context, timeout time.Duration) ([]byte, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.timer.Stop()
	defer func() {
		if p.out > 0 || len(p.msgs) > 0 {
			p.timer.Reset(giveBackAfter)
		}
	}()
	deadline, forever := deadlineOf(timeout)
	caughtUp := false
	if timeout == 0 && len(p.msgs) == 0 {
		// Whatever is outstanding, this request is answered at once.
		if err := p.pull(0); err != nil {
			return nil, err
		}
	}
	for {
		var m *nats.Msg
		select {
		case m = <-p.msgs: // answering an earlier request
		default:
		}
		if m == nil {
			if p.out == 0 || time.Now().After(p.outUntil) {
				// Nothing asked, or asked of a server that died.
				p.out = 0
				if timeout == 0 {
					return nil, objects.ErrEmpty
				}
				wait := pullMax
				if !forever {
					if wait = min(wait, time.Until(deadline)); wait <= 0 {
						return nil, objects.ErrEmpty
					}
				}
				if err := p.pull(wait); err != nil {
					return nil, err
				}
			}
			// Until an answer, the get's deadline or the requests' end
			// (with no wait, the requests are answered at once).
			wait := time.Until(p.outUntil)
			if !forever && timeout != 0 {
				wait = min(wait, time.Until(deadline))
			}
			t := time.NewTimer(max(wait, 0))
			select {
			case m = <-p.msgs:
			case <-t.C:
			case <-ctx.Done():
			}
			t.Stop()
			if err := ctx.Err(); err != nil {
				return nil, err
			}
			if m == nil {
				if !forever && timeout != 0 && !time.Now().Before(deadline) {
					return nil, objects.ErrEmpty
				}
				continue
			}
		}
		p.answered()
		if status := m.Header.Get("Status"); status != "" || m.Reply == "" {
			// The end of a request without an item (404 to a request
			// that does not wait, 408 at its expiry), or the consumer
			// moving (409, a server failing over): the loop asks again.
			if status == "409" && strings.Contains(m.Header.Get("Description"), "Deleted") {
				return nil, errConsumerGone
			}
			if status == "404" && timeout == 0 {
				// The consumer learns of new items a moment after the
				// stream stores them: if the stream has some, give it
				// that moment.
				if caughtUp || p.stored == nil || p.stored() == 0 {
					return nil, objects.ErrEmpty
				}
				caughtUp = true
				if err := p.pull(catchUp); err != nil {
					return nil, err
				}
			}
			if status != "404" && status != "408" {
				select {
				case <-time.After(50 * time.Millisecond):
				case <-ctx.Done():
					return nil, ctx.Err()
				}
			}
			continue
		}
		actx, cancel := context.WithTimeout(ctx, opTimeout)
		_, err := p.l.nc.RequestWithContext(actx, m.Reply, []byte("+ACK"))
		cancel()
		if err != nil {
			continue // not confirmed: the server delivers it again after AckWait
		}
		return p.l.payloadOf(ctx, m.Header, m.Data)
	}
}

// giveBack returns an item that came after its get gave up, and keeps
// watching while a request is unanswered.
func (p *puller) giveBack() {
	if !p.mu.TryLock() {
		return // a get is running: it re-arms the timer when it ends
	}
	defer p.mu.Unlock()
	for {
		select {
		case m := <-p.msgs:
			p.answered()
			if m.Reply != "" && m.Header.Get("Status") == "" {
				p.l.nc.Publish(m.Reply, []byte("-NAK"))
			}
			continue
		default:
		}
		break
	}
	if p.out > 0 {
		p.timer.Reset(giveBackAfter)
	}
}
