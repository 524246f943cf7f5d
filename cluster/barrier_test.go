package cluster

import (
	"context"
	"testing"
	"time"
)

// TestBarrierPartyEndsAfterRelease: a party that the barrier released and
// that then ended (its lease gone: a child whose target returned) is not
// taken for a party that died waiting by a party that read the round just
// before its release. That party is released too, and the barrier stays
// unbroken (it was broken after every few rounds).
func TestBarrierPartyEndsAfterRelease(t *testing.T) {
	t.Parallel()
	k := newKey(t)
	s := startServer(t, k)
	root := quietLauncher(t, s, k)
	ctx := context.Background()
	for round := range 40 {
		b, err := root.NewBarrier(3)
		if err != nil {
			t.Fatal(err)
		}
		h := b.Handle()
		errs := make(chan error, 2)
		for range 2 {
			p := quietLauncher(t, s, k)
			p.root = root.rootID()
			pb, err := p.AttachBarrier(h)
			if err != nil {
				t.Fatal(err)
			}
			go func() {
				_, err := pb.Wait(ctx, 10*time.Second, nil)
				p.End(true) // as a child whose target returned
				errs <- err
			}()
		}
		for b.NWaiting() != 2 {
			time.Sleep(time.Millisecond)
		}
		if _, err := b.Wait(ctx, 10*time.Second, nil); err != nil {
			t.Fatalf("round %d: the last party's wait: %v", round, err)
		}
		for range 2 {
			if err := <-errs; err != nil {
				t.Fatalf("round %d: a released party's wait: %v", round, err)
			}
		}
		if b.Broken() {
			t.Fatalf("round %d: the barrier broke after its release", round)
		}
	}
}
