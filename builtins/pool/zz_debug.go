package pool

import (
	"os"
	"os/signal"
	"runtime/pprof"
	"syscall"
)

func init() {
	if os.Getenv("POOL_DEBUG") == "" {
		return
	}
	c := make(chan os.Signal, 1)
	signal.Notify(c, syscall.SIGWINCH)
	go func() {
		for range c {
			pprof.Lookup("goroutine").WriteTo(os.Stderr, 2)
		}
	}()
}
