// Package clustertest holds what the cluster module's tests share.
package clustertest

import (
	"bytes"
	"sync"
)

// SyncBuffer is a bytes.Buffer for concurrent writers (a script's output
// and its children's, arriving from several goroutines).
type SyncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *SyncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *SyncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}
